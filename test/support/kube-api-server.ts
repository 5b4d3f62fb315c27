/**
 * An in-process Kubernetes API server for tests: plain HTTP on 127.0.0.1, speaking the REST
 * and watch protocol for the resources in kube-api-resources.ts, so that the real
 * @kubernetes/client-node and the real kubectl can talk to it. State is in memory only.
 */
import { writeFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { apiGroupList, apiResourceList, coreApiVersions, findResource, KUBE_RESOURCES, VERSION_INFO } from './kube-api-resources.js';
import { createKubeletProxy } from './kube-api-proxy.js';
import { KubeStatusError } from './kube-api-status.js';
import { KubeObjectStore, type KubeObject } from './kube-api-store.js';
import { create, get, list, patch, remove, replace, type ResourceRequest, type VerbResult } from './kube-api-verbs.js';
import { startWatch } from './kube-api-watch.js';

export type { KubeObject } from './kube-api-store.js';

export interface KubeApiServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Requests served so far, watches included. */
  readonly requests: number;
  /** The global resourceVersion: bumped by every write. */
  readonly resourceVersion: number;
  /** A client-node KubeConfig whose current context points at this server. */
  kubeConfig(): KubeConfig;
  /** Writes `<dir>/kubeconfig` for kubectl's --kubeconfig and returns its path. */
  writeKubeconfig(dir: string): Promise<string>;
  /** Copies of the stored objects of a resource, by plural name ('pods', 'leases', ...), optionally of one namespace. */
  objects(plural: string, namespace?: string): KubeObject[];
  /** Ends every watch stream and stops listening. */
  close(): Promise<void>;
}

export interface KubeApiServerOptions {
  /** Watch events kept for replay; a watch from an older resourceVersion gets 410 Gone. Default 1000. */
  readonly watchHistoryLimit?: number;
}

const CONTEXT_NAME = 'farside-test';
/** Namespaces a fresh cluster has. */
const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const store = new KubeObjectStore(options.watchHistoryLimit);
  const namespaces = KUBE_RESOURCES.find((r) => r.plural === 'namespaces');
  for (const name of INITIAL_NAMESPACES) if (namespaces) store.create(namespaces, undefined, { metadata: { name }, status: { phase: 'Active' } });
  const watches = new Set<() => void>();
  let requests = 0;
  let address = '';
  const kubeletProxy = createKubeletProxy(store);
  const server = http.createServer((request, response) => {
    requests += 1;
    if (kubeletProxy.serve(request, response)) return;
    void serve(request, response).catch((err: unknown) => {
      const status = err instanceof KubeStatusError ? err : new KubeStatusError('BadRequest', err instanceof Error ? err.message : String(err));
      if (!response.headersSent) respond(response, { code: status.code, body: status.toStatus() });
      else response.end();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://kube.invalid');
    const discovery = discoveryDocument(url.pathname, address);
    if (discovery !== undefined) return respond(response, { code: 200, body: discovery });
    const target = resourceRequest(url);
    const method = request.method ?? 'GET';
    const body = await readJson(request);
    const { name } = target;
    if (method === 'GET' && name === undefined && /^(1|true)$/.test(url.searchParams.get('watch') ?? '')) {
      let end = (): void => undefined;
      end = startWatch(store, target, response, () => watches.delete(end));
      if (!response.writableEnded) watches.add(end);
      return;
    }
    if (name === undefined) {
      if (method === 'GET') return respond(response, list(store, target));
      if (method === 'POST' && (target.namespace !== undefined || !target.resource.namespaced)) return respond(response, create(store, target, body));
    } else {
      if (method === 'GET') return respond(response, get(store, target, name));
      if (method === 'PUT') return respond(response, replace(store, target, name, body));
      if (method === 'PATCH') return respond(response, patch(store, target, name, mediaType(request), body));
      if (method === 'DELETE') return respond(response, remove(store, target, name, body));
    }
    throw new KubeStatusError('MethodNotAllowed', `method ${method} not allowed on ${url.pathname}`);
  }

  server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
    requests += 1;
    kubeletProxy.upgrade(request, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  address = `127.0.0.1:${port}`;
  const serverUrl = `http://${address}`;
  return {
    url: serverUrl,
    get requests() {
      return requests;
    },
    get resourceVersion() {
      return store.currentVersion;
    },
    kubeConfig: () => kubeConfigFor(serverUrl),
    writeKubeconfig: async (dir) => {
      const path = join(dir, 'kubeconfig');
      await writeFile(path, JSON.stringify(kubeconfigFile(serverUrl), null, 2));
      return path;
    },
    objects: (plural, namespace) => {
      const resource = KUBE_RESOURCES.find((r) => r.plural === plural);
      if (resource === undefined) throw new Error(`kube-api-server serves no resource named ${plural}`);
      return store.list(resource, namespace);
    },
    close: async () => {
      for (const end of [...watches]) end();
      kubeletProxy.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function discoveryDocument(pathname: string, address: string): object | undefined {
  const path = pathname.replace(/\/$/, '');
  if (path === '/version') return VERSION_INFO;
  if (path === '/api') return coreApiVersions(address);
  if (path === '/apis') return apiGroupList();
  if (path === '/api/v1') return apiResourceList('v1');
  const group = /^\/apis\/([^/]+\/[^/]+)$/.exec(path);
  return group?.[1] === undefined ? undefined : apiResourceList(group[1]);
}

/** Parses /api/v1/... and /apis/<group>/<version>/... into the resource, namespace, name and subresource. */
function resourceRequest(url: URL): ResourceRequest {
  const notFound = new KubeStatusError('NotFound', `the server could not find the requested resource (${url.pathname})`);
  const match = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/(.+)$/.exec(url.pathname);
  if (match === null) throw notFound;
  const groupVersion = match[1] ?? match[2] ?? '';
  const segments = (match[3] ?? '').split('/').filter((s) => s !== '').map(decodeURIComponent);
  const namespaced = segments[0] === 'namespaces' && segments.length >= 3 && findResource(groupVersion, segments[2] ?? '')?.namespaced === true;
  const [plural = '', name, subresource, ...rest] = namespaced ? segments.slice(2) : segments;
  const resource = findResource(groupVersion, plural);
  if (resource === undefined || rest.length > 0) throw notFound;
  if (resource.namespaced && !namespaced && name !== undefined) throw notFound;
  if (subresource !== undefined && !(subresource === 'status' && resource.hasStatus)) throw notFound;
  return { resource, namespace: namespaced ? segments[1] : undefined, name, subresource, query: url.searchParams };
}

function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new KubeStatusError('BadRequest', 'the request body is not valid JSON');
  }
}

function respond(response: ServerResponse, result: VerbResult): void {
  response.writeHead(result.code, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
}

function kubeConfigFor(server: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    // client-node refuses plain http:// unless TLS verification is (vacuously) skipped.
    clusters: [{ name: CONTEXT_NAME, server, skipTLSVerify: true }],
    users: [{ name: CONTEXT_NAME }],
    contexts: [{ name: CONTEXT_NAME, cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace: 'default' }],
    currentContext: CONTEXT_NAME,
  });
  return config;
}

/** A kubeconfig in JSON, which kubectl reads as YAML. */
function kubeconfigFile(server: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: CONTEXT_NAME, user: {} }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
  };
}
