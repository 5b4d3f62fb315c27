/** A provider and HTTPS helpers for the kubelet API tests; not part of the module's API. */
import { EventEmitter } from 'node:events';
import https from 'node:https';
import net from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { V1Pod } from '@kubernetes/client-node';
import type { ContainerWorkload, KubeletApiProvider, ShellResult, WorkloadUsage } from './provider.js';

export function pod(name: string, nodeName: string, containers: readonly string[] = ['main'], namespace = 'default'): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}` },
    spec: { nodeName, containers: containers.map((c) => ({ name: c, image: `registry.local/${c}:1` })) },
    status: { phase: 'Running', startTime: new Date('2025-01-01T00:00:00Z') },
  };
}

type Usage = Awaited<ReturnType<KubeletApiProvider['usage']>>;

/** Pods, workloads, logs and usage set by the test; emits 'logRead' on every read of a log. */
export class FakeProvider extends EventEmitter implements KubeletApiProvider {
  readonly pods = new Map<string, V1Pod[]>();
  readonly workloads = new Map<string, ContainerWorkload>();
  readonly logs = new Map<number, string[]>();
  readonly usages = new Map<string, Usage>();
  readonly shellCalls: { nodeName: string; commandLine: string }[] = [];
  failure: Error | undefined;

  addPod(nodeName: string, p: V1Pod, instance?: number): void {
    this.pods.set(nodeName, [...(this.pods.get(nodeName) ?? []), p]);
    if (instance === undefined) return;
    for (const container of p.spec?.containers ?? []) {
      this.workloads.set(`${nodeName}/${p.metadata!.namespace}/${p.metadata!.name}/${container.name}`, { pod: p, container: container.name, thing: nodeName, instance });
    }
  }

  podsOf(nodeName: string): readonly V1Pod[] {
    return this.pods.get(nodeName) ?? [];
  }

  workloadOf(nodeName: string, namespace: string, podName: string, container?: string): ContainerWorkload | undefined {
    return this.workloads.get(`${nodeName}/${namespace}/${podName}/${container ?? 'main'}`);
  }

  async logLines(workload: ContainerWorkload, options: { readonly signal?: AbortSignal }): Promise<readonly string[]> {
    if (this.failure) throw this.failure;
    const lines = [...(this.logs.get(workload.instance) ?? [])];
    this.emit('logRead', lines, options.signal);
    return lines;
  }

  async shell(nodeName: string, commandLine: string): Promise<ShellResult> {
    if (this.failure) throw this.failure;
    this.shellCalls.push({ nodeName, commandLine });
    return { output: `ran ${commandLine}`, exitCode: 0 };
  }

  async usage(nodeName: string): Promise<Usage> {
    if (this.failure) throw this.failure;
    const usage = this.usages.get(nodeName);
    if (usage === undefined) throw new Error(`no usage for ${nodeName}`);
    return usage;
  }

  setUsage(nodeName: string, device: WorkloadUsage & { memoryAvailableBytes: number }, workloads: Record<number, WorkloadUsage>): void {
    this.usages.set(nodeName, { device, workloads: new Map(Object.entries(workloads).map(([k, v]) => [Number(k), v])) });
  }
}

/** A port range nobody else in this process is likely to use: a free port and the 40 above it. */
export async function freePortRange(): Promise<{ firstPort: number; lastPort: number }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const firstPort = Math.min(port, 65_535 - 40);
  return { firstPort, lastPort: firstPort + 40 };
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Starts a GET over TLS to 127.0.0.1:`port`, trusting `ca`; resolves with the response as it begins. */
export function open(port: number, path: string, ca: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = https.request({ host: '127.0.0.1', servername: 'localhost', port, path, ca, method: options.method ?? 'GET', headers: options.headers, agent: false }, resolve);
    request.on('error', reject);
    request.end();
  });
}

export async function get(port: number, path: string, ca: string, options: { method?: string } = {}): Promise<Reply> {
  const response = await open(port, path, ca, options);
  let body = '';
  response.setEncoding('utf8');
  for await (const chunk of response) body += chunk as string;
  return { status: response.statusCode ?? 0, headers: response.headers, body };
}
