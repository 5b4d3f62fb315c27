/**
 * What a real kube-apiserver forwards to the kubelet of a pod's node, for the test API
 * server: pods/log (streamed, so `kubectl logs -f` works), pods/exec (a transparent
 * upgrade proxy for WebSocket and SPDY: the kubelet speaks both), and nodes/proxy. The
 * kubelet is found from the node object (InternalIP, else Hostname, and
 * status.daemonEndpoints.kubeletEndpoint.Port) and its self-signed certificate is not checked.
 */
import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { findResource } from './kube-api-resources.js';
import { KubeStatusError } from './kube-api-status.js';
import type { KubeObject, KubeObjectStore } from './kube-api-store.js';

export interface KubeletProxy {
  /** Forwards pods/log and nodes/proxy requests; false when `request` is for neither. */
  serve(request: IncomingMessage, response: ServerResponse): boolean;
  /** Forwards a pods/exec upgrade; answers any other upgrade with 404. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every forwarded request and upgraded connection. */
  close(): void;
}

interface Kubelet {
  readonly host: string;
  readonly port: number;
}

/** An error shaped as the apiserver's: a metav1.Status with an HTTP code. */
interface ProxyFailure {
  readonly code: number;
  readonly body: object;
}

const LOG_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/;
const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/;
const NODE_PROXY_PATH = /^\/api\/v1\/nodes\/([^/]+)\/proxy(\/.*)?$/;
/** The exec flags kubectl sends as `true` and the kubelet reads as `1`. */
const EXEC_FLAGS = ['stdin', 'stdout', 'stderr', 'tty'];

export function createKubeletProxy(store: KubeObjectStore): KubeletProxy {
  const open = new Set<{ destroy(): void }>();
  const track = <T extends { destroy(): void; once(event: 'close', listener: () => void): unknown }>(item: T): T => {
    open.add(item);
    item.once('close', () => open.delete(item));
    return item;
  };

  function serve(request: IncomingMessage, response: ServerResponse): boolean {
    const url = new URL(request.url ?? '/', 'http://kube.invalid');
    const log = LOG_PATH.exec(url.pathname);
    const node = NODE_PROXY_PATH.exec(url.pathname);
    if (log === null && node === null) return false;
    try {
      const target = log !== null ? logTarget(store, decode(log[1]), decode(log[2]), url.searchParams) : nodeProxyTarget(store, decode(node?.[1]), node?.[2] ?? '/', url.search);
      forward(request, response, target);
    } catch (err) {
      const failure = failureOf(err);
      response.writeHead(failure.code, { 'content-type': 'application/json' }).end(JSON.stringify(failure.body));
    }
    return true;
  }

  function forward(request: IncomingMessage, response: ServerResponse, target: { kubelet: Kubelet; path: string }): void {
    const upstream = track(https.request({ ...target.kubelet, method: request.method, path: target.path, headers: forwardedHeaders(request), rejectUnauthorized: false, agent: false }));
    upstream.on('response', (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (err) => {
      if (!response.headersSent) {
        const failure = dialFailure(err);
        response.writeHead(failure.code, { 'content-type': 'application/json' }).end(JSON.stringify(failure.body));
      } else response.destroy();
    });
    // A follow stream ends only when the client goes away.
    response.once('close', () => upstream.destroy());
    request.pipe(upstream);
  }

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    track(socket as Duplex & { once(event: 'close', listener: () => void): unknown });
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://kube.invalid');
    const exec = EXEC_PATH.exec(url.pathname);
    let target: { kubelet: Kubelet; path: string };
    try {
      if (exec === null) throw new KubeStatusError('NotFound', `the server could not find the requested resource (${url.pathname})`);
      target = execTarget(store, decode(exec[1]), decode(exec[2]), url.searchParams);
    } catch (err) {
      return writeRaw(socket, failureOf(err));
    }
    const upstream = https.request({ ...target.kubelet, method: request.method, path: target.path, headers: forwardedHeaders(request), rejectUnauthorized: false, agent: false });
    track(upstream);
    upstream.on('upgrade', (answer, kubeletSocket, kubeletHead) => {
      track(kubeletSocket);
      socket.write(`HTTP/1.1 ${answer.statusCode ?? 101} ${answer.statusMessage ?? ''}\r\n${rawHeaderLines(answer.rawHeaders)}\r\n`);
      if (kubeletHead.length > 0) socket.write(kubeletHead);
      if (head.length > 0) kubeletSocket.write(head);
      kubeletSocket.on('error', () => socket.destroy());
      kubeletSocket.once('close', () => socket.destroy());
      socket.once('close', () => kubeletSocket.destroy());
      socket.pipe(kubeletSocket).pipe(socket);
    });
    upstream.on('response', (answer) => {
      // The kubelet refused the upgrade: pass its answer on as it is.
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers = rawHeaderLines(answer.rawHeaders, ['content-type']);
        socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${answer.statusCode ?? 502} ${answer.statusMessage ?? ''}\r\n${headers}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]));
      });
    });
    upstream.on('error', (err) => writeRaw(socket, dialFailure(err)));
    upstream.end();
  }

  return {
    serve,
    upgrade,
    close: () => {
      for (const item of [...open]) item.destroy();
      open.clear();
    },
  };
}

function logTarget(store: KubeObjectStore, namespace: string, name: string, query: URLSearchParams): { kubelet: Kubelet; path: string } {
  const pod = getObject(store, 'pods', namespace, name);
  const container = containerOf(pod, query.get('container'));
  const forwarded = new URLSearchParams(query);
  forwarded.delete('container');
  return { kubelet: kubeletOf(store, pod), path: `/containerLogs/${enc(namespace)}/${enc(name)}/${enc(container)}${queryString(forwarded)}` };
}

function execTarget(store: KubeObjectStore, namespace: string, name: string, query: URLSearchParams): { kubelet: Kubelet; path: string } {
  const pod = getObject(store, 'pods', namespace, name);
  const container = containerOf(pod, query.get('container'));
  const forwarded = new URLSearchParams();
  for (const command of query.getAll('command')) forwarded.append('command', command);
  for (const flag of EXEC_FLAGS) if (/^(1|true)$/i.test(query.get(flag) ?? '')) forwarded.set(flag, '1');
  return { kubelet: kubeletOf(store, pod), path: `/exec/${enc(namespace)}/${enc(name)}/${enc(container)}${queryString(forwarded)}` };
}

function nodeProxyTarget(store: KubeObjectStore, name: string, path: string, search: string): { kubelet: Kubelet; path: string } {
  return { kubelet: kubeletAt(getObject(store, 'nodes', undefined, name)), path: `${path}${search}` };
}

function getObject(store: KubeObjectStore, plural: string, namespace: string | undefined, name: string): KubeObject {
  const resource = findResource('v1', plural);
  if (resource === undefined) throw new Error(`kube-api-proxy: no resource ${plural}`);
  return store.get(resource, namespace, name);
}

/** The named container, or the pod's only one; as the apiserver, asks for a name when there are several. */
function containerOf(pod: KubeObject, requested: string | null): string {
  const names = ((pod.spec as { containers?: { name?: string }[] } | undefined)?.containers ?? []).map((c) => c.name ?? '');
  const podName = pod.metadata.name ?? '';
  if (requested !== null && requested !== '') {
    if (!names.includes(requested)) throw new KubeStatusError('BadRequest', `container ${requested} is not valid for pod ${podName}`);
    return requested;
  }
  if (names.length === 1 && names[0] !== undefined) return names[0];
  throw new KubeStatusError('BadRequest', `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`);
}

function kubeletOf(store: KubeObjectStore, pod: KubeObject): Kubelet {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (nodeName === undefined || nodeName === '') throw new KubeStatusError('BadRequest', `pod ${pod.metadata.name ?? ''} does not have a host assigned`);
  return kubeletAt(getObject(store, 'nodes', undefined, nodeName));
}

function kubeletAt(node: KubeObject): Kubelet {
  const status = node.status as { addresses?: { type?: string; address?: string }[]; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } } | undefined;
  const addresses = status?.addresses ?? [];
  const host = (addresses.find((a) => a.type === 'InternalIP') ?? addresses.find((a) => a.type === 'Hostname'))?.address;
  const port = status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (host === undefined || port === undefined) throw new ProxyError(dialFailure(new Error(`node ${node.metadata.name ?? ''} has no kubelet address and port in its status`)));
  return { host, port };
}

class ProxyError extends Error {
  constructor(readonly failure: ProxyFailure) {
    super('kubelet proxy failure');
  }
}

function failureOf(err: unknown): ProxyFailure {
  if (err instanceof ProxyError) return err.failure;
  if (err instanceof KubeStatusError) return { code: err.code, body: err.toStatus() };
  return { code: 500, body: statusBody(500, err instanceof Error ? err.message : String(err)) };
}

/** As the apiserver words it when the kubelet cannot be reached. */
function dialFailure(err: Error): ProxyFailure {
  return { code: 502, body: statusBody(502, `error dialing backend: ${err.message}`) };
}

function statusBody(code: number, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
}

function writeRaw(socket: Duplex, failure: ProxyFailure): void {
  const body = JSON.stringify(failure.body);
  socket.end(`HTTP/1.1 ${failure.code} ${STATUS_CODES[failure.code] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The client's headers for the kubelet, less the ones naming this hop. */
function forwardedHeaders(request: IncomingMessage): http.OutgoingHttpHeaders {
  const { host: _host, authorization: _authorization, ...headers } = request.headers;
  return headers;
}

function rawHeaderLines(raw: readonly string[], only?: readonly string[]): string {
  let lines = '';
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (only === undefined || only.includes(name.toLowerCase())) lines += `${name}: ${raw[i + 1] ?? ''}\r\n`;
  }
  return lines;
}

function queryString(query: URLSearchParams): string {
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

function decode(segment: string | undefined): string {
  return decodeURIComponent(segment ?? '');
}

const enc = encodeURIComponent;
