/**
 * Watch streams: newline-delimited JSON watch events over one chunked HTTP response,
 * replayed from the store's history after the requested resourceVersion, then live.
 */
import type { ServerResponse } from 'node:http';
import { groupVersionOf } from './kube-api-resources.js';
import { KubeStatusError } from './kube-api-status.js';
import type { KubeObject, KubeObjectStore, StoredEvent } from './kube-api-store.js';
import { selectorOf, type ResourceRequest } from './kube-api-verbs.js';

type SentEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** Starts a watch on `response`; returns a function that ends it. Selector errors throw before anything is sent. */
export function startWatch(store: KubeObjectStore, request: ResourceRequest, response: ServerResponse, onEnd: () => void): () => void {
  const matches = selectorOf(request);
  const inScope = (object: KubeObject | undefined): boolean =>
    object !== undefined && (request.namespace === undefined || object.metadata.namespace === request.namespace) && (request.name === undefined || object.metadata.name === request.name) && matches(object);
  const send = (type: SentEventType, object: object): void => {
    response.write(`${JSON.stringify({ type, object })}\n`);
  };
  // A selection watch sees an object leave it as DELETED and enter it as ADDED, like the real server.
  const forward = (event: StoredEvent): void => {
    if (event.resource !== request.resource) return;
    const now = event.type !== 'DELETED' && inScope(event.object);
    const before = inScope(event.previous);
    if (now && before) send('MODIFIED', event.object);
    else if (now) send('ADDED', event.object);
    else if (before) send('DELETED', event.object);
  };

  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
  // Clients wait for the headers before they start writing; a quiet watch must not hold them back.
  response.flushHeaders();
  const requested = request.query.get('resourceVersion') ?? '';
  if (requested === '' || requested === '0') {
    for (const object of store.list(request.resource, request.namespace)) if (inScope(object)) send('ADDED', object);
  } else {
    const replay = /^\d+$/.test(requested) ? store.eventsSince(Number(requested)) : undefined;
    if (replay === undefined) {
      send('ERROR', new KubeStatusError('Expired', `too old resource version: ${requested} (${store.currentVersion})`).toStatus());
      response.end();
      onEnd();
      return () => undefined;
    }
    for (const event of replay) forward(event);
  }
  if (request.query.get('allowWatchBookmarks') === 'true') {
    send('BOOKMARK', { kind: request.resource.kind, apiVersion: groupVersionOf(request.resource), metadata: { resourceVersion: String(store.currentVersion) } });
  }

  const unsubscribe = store.subscribe(forward);
  const timeoutSeconds = Number(request.query.get('timeoutSeconds') ?? '0');
  const timer = timeoutSeconds > 0 ? setTimeout(() => end(), timeoutSeconds * 1000).unref() : undefined;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    unsubscribe();
    response.end();
    onEnd();
  };
  response.on('close', end);
  return end;
}
