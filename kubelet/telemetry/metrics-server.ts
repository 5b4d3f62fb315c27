import { createServer, type Server } from 'node:http';
import type { TelemetryBridge } from './telemetry-bridge.js';

export interface MetricsServerOptions {
  /** TCP port; 0 picks a free one. Default 9464 (OpenTelemetry's Prometheus exporter port). */
  readonly port?: number;
  /** Default all interfaces. */
  readonly host?: string;
}

export const DEFAULT_METRICS_PORT = 9464;

/** An HTTP server with GET /metrics (Prometheus text format) and GET /healthz; resolves once it listens. */
export async function serveMetrics(bridge: Pick<TelemetryBridge, 'registry' | 'metricsText'>, options: MetricsServerOptions = {}): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' && path !== '/healthz') return void res.writeHead(404, { 'content-type': 'text/plain' }).end(`${path} not found: try /metrics or /healthz\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end(`${req.method} is not allowed on ${path}\n`);
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    bridge.metricsText().then(
      (text) => res.writeHead(200, { 'content-type': bridge.registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`collecting metrics failed: ${(error as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_METRICS_PORT, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
