import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecStreamOptions } from './exec-options.js';
import { execRequestFromQuery } from './exec-request.js';
import { HttpProblem, httpMessageOfError, httpStatusOfError, refuseUpgrade, type KubeletApiLogger } from './http-replies.js';
import { routeOf } from './kubelet-routes.js';
import { findContainer } from './pod-lookup.js';
import type { KubeletApiProvider } from './provider.js';

/** What completes an exec upgrade: serveExecStream, or a stand-in in tests. It owns `socket` from then on. */
export type ExecStreamHandler = (request: IncomingMessage, socket: Duplex, head: Buffer, options: ExecStreamOptions) => void | Promise<void>;

export interface UpgradeContext {
  readonly provider: KubeletApiProvider;
  readonly nodeName: string;
  readonly execStream: ExecStreamHandler;
  readonly logger: KubeletApiLogger | undefined;
}

/**
 * An HTTP Upgrade to the kubelet API: /exec/{namespace}/{pod}[/{uid}]/{container} of a pod
 * on this node goes to the exec stream; anything else is answered on the raw socket.
 */
export function routeUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, context: UpgradeContext): void {
  const { provider, nodeName, logger } = context;
  try {
    const url = new URL(request.url ?? '/', 'https://kubelet.invalid');
    const route = routeOf(url.pathname);
    if (route.kind !== 'exec') throw new HttpProblem(404, `${url.pathname} cannot be upgraded; only /exec can`);
    const exec = execRequestFromQuery(url.searchParams);
    if (exec.command.length === 0 || exec.command.every((word) => word.trim() === '')) throw new HttpProblem(400, 'you must specify at least one command for the container');
    const pod = findContainer(provider, nodeName, route.namespace, route.pod, route.container);
    if (route.uid !== undefined && pod.metadata?.uid !== route.uid) throw new HttpProblem(404, `pods "${route.pod}" with UID ${route.uid} not found`);
    logger?.debug({ node: nodeName, namespace: route.namespace, pod: route.pod, container: route.container, command: exec.command }, 'exec');
    const commandLine = exec.command.join(' ');
    const served = context.execStream(request, socket, head, {
      ...exec,
      run: (signal) => provider.shell(nodeName, commandLine, { signal }),
      ...(logger === undefined ? {} : { logger }),
    });
    if (served instanceof Promise) {
      served.catch((err: unknown) => {
        logger?.warn({ err, node: nodeName, path: url.pathname }, 'exec stream failed');
        socket.destroy();
      });
    }
  } catch (err) {
    const status = httpStatusOfError(err);
    if (status >= 500) logger?.warn({ err, node: nodeName, url: request.url }, 'exec upgrade failed');
    else logger?.debug({ node: nodeName, url: request.url, status }, 'exec upgrade refused');
    refuseUpgrade(socket, status, httpMessageOfError(err));
  }
}
