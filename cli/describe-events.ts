import type { Logger } from 'pino';
import { coapExchangeChannel, formatPath, type CoapExchangeTrace } from '../lwm2m/index.js';
import type { LwM2mServer } from '../gateway/index.js';

/** Logs the gateway's events as readable lines: what an operator watches scroll by. */
export function logGatewayEvents(server: LwM2mServer, log: Logger): void {
  server.on('registered', ({ registration: r, replaced }) => {
    const objects = [...r.objects.keys()].join(',');
    log.info(
      { endpoint: r.endpoint, id: r.id, lifetimeS: r.lifetimeS, lwm2m: r.lwm2mVersion, queueMode: r.queueMode, peer: `${r.peer.address}:${r.peer.port}`, objects },
      `${r.endpoint} registered${replaced ? ' again (replaced its old registration)' : ''}`,
    );
  });
  server.on('updated', ({ registration: r, objectsChanged }) => {
    log.info({ endpoint: r.endpoint, id: r.id, lifetimeS: r.lifetimeS, objectsChanged }, `${r.endpoint} updated its registration${objectsChanged ? ' (object list changed)' : ''}`);
  });
  server.on('deregistered', ({ registration: r }) => log.info({ endpoint: r.endpoint, id: r.id }, `${r.endpoint} deregistered`));
  server.on('expired', ({ registration: r }) => log.warn({ endpoint: r.endpoint, id: r.id }, `${r.endpoint} expired: no update within ${r.lifetimeS} s`));
  server.on('notification', (n) => log.debug({ endpoint: n.registration.endpoint, path: formatPath(n.observation.path), code: n.code }, 'notification'));
  server.on('send', ({ registration: r, nodes }) => log.info({ endpoint: r.endpoint, paths: nodes.map((n) => formatPath(n.path)) }, `${r.endpoint} sent data`));
  server.on('warning', ({ message, endpoint, error }) => log.warn({ endpoint, err: error }, message));
}

/** At trace level, every CoAP exchange becomes a log line (from the transport's diagnostics channel). */
export function logCoapExchanges(log: Logger): void {
  if (!log.isLevelEnabled('trace')) return;
  coapExchangeChannel.subscribe((message) => {
    const t = message as CoapExchangeTrace;
    log.trace({ peer: `${t.peer.address}:${t.peer.port}`, code: t.code, ms: Number(t.durationMs.toFixed(2)) }, `${t.direction === 'inbound' ? '<-' : '->'} ${t.method} ${t.path} ${t.code}`);
  });
}
