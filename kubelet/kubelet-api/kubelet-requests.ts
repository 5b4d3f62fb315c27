import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveContainerLogs } from './container-logs.js';
import { HttpProblem, httpMessageOfError, httpStatusOfError, sendJson, sendText, type KubeletApiLogger } from './http-replies.js';
import { routeOf } from './kubelet-routes.js';
import { sampleNode } from './node-sample.js';
import type { KubeletApiProvider } from './provider.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE, resourceMetricsFromSample } from './resource-metrics.js';
import { statsSummaryFromSample } from './stats-summary.js';
import type { UsageHistory } from './usage-history.js';

export interface RequestContext {
  readonly provider: KubeletApiProvider;
  readonly nodeName: string;
  readonly history: UsageHistory;
  /** Aborted when the server closes. */
  readonly closing: AbortSignal;
  readonly logPollMs: number;
  readonly logger: KubeletApiLogger | undefined;
  readonly now: () => number;
}

/** One plain (not upgraded) request to the kubelet API of one node. Never rejects. */
export async function handleKubeletRequest(request: IncomingMessage, response: ServerResponse, context: RequestContext): Promise<void> {
  const { nodeName, logger } = context;
  const url = new URL(request.url ?? '/', 'https://kubelet.invalid');
  const route = routeOf(url.pathname);
  logger?.debug({ node: nodeName, method: request.method, path: url.pathname, route: route.kind }, 'kubelet API request');
  // Provider calls stop when the caller goes away.
  const gone = new AbortController();
  response.once('close', () => gone.abort());
  try {
    if (route.kind === 'exec') throw new HttpProblem(400, 'exec needs a streaming upgrade (SPDY or WebSocket)');
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpProblem(405, `${request.method ?? ''} is not allowed on ${url.pathname}`);
    switch (route.kind) {
      case 'healthz':
        return sendText(response, 200, 'ok');
      case 'pods':
        return sendJson(response, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: context.provider.podsOf(nodeName) });
      case 'container-logs':
        return await serveContainerLogs({ ...context, ...route, query: url.searchParams, response, pollMs: context.logPollMs });
      case 'stats-summary':
        return sendJson(response, statsSummaryFromSample(await sampleNode(context.provider, context.history, nodeName, context.now(), gone.signal)));
      case 'resource-metrics': {
        const body = resourceMetricsFromSample(await sampleNode(context.provider, context.history, nodeName, context.now(), gone.signal));
        response.writeHead(200, { 'content-type': PROMETHEUS_TEXT_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
        return void response.end(body);
      }
      case 'unknown':
        throw new HttpProblem(404, `404 page not found: ${url.pathname}`);
      default: {
        const unreachable: never = route;
        throw new Error(`unhandled route ${JSON.stringify(unreachable)}`);
      }
    }
  } catch (err) {
    const status = httpStatusOfError(err);
    if (status >= 500) logger?.warn({ err, node: nodeName, path: url.pathname, status }, 'kubelet API request failed');
    else logger?.debug({ node: nodeName, path: url.pathname, status, reason: httpMessageOfError(err) }, 'kubelet API request refused');
    if (!response.writableEnded && !response.destroyed) sendText(response, status, httpMessageOfError(err));
  }
}
