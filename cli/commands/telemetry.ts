import { InvalidArgumentError, type Command } from 'commander';
import { invalidInput } from '../../errors/index.js';
import { DEFAULT_METRICS_PORT, DEFAULT_TELEMETRY_INTERVAL_MS, TelemetryBridge, serveMetrics } from '../../kubelet/index.js';
import { SdfClient } from '../../sdf-models/index.js';
import { intOption } from '../options.js';
import { serveUntilSignal } from '../serve.js';

export interface TelemetryCommandOptions {
  readonly mqttUrl: string;
  readonly mqttPrefix?: string;
  readonly protocol: 4 | 5;
  readonly metricsPort: number;
  readonly metricsHost?: string;
  readonly otlpEndpoint?: string;
  readonly interval: number;
  readonly nodePrefix: string;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

/** `15s`, `500ms`, `1m` or plain milliseconds, as an integer number of ms. */
export function durationMsOption(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`"${text}" is not a duration like 15s, 500ms or 1m`);
  const ms = Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS]);
  if (ms < 10) throw new InvalidArgumentError('must be at least 10ms');
  return ms;
}

function protocolOption(text: string): 4 | 5 {
  if (text === '4' || text === '5') return Number(text) as 4 | 5;
  throw new InvalidArgumentError('must be 4 (MQTT 3.1.1, as the embedded broker speaks) or 5');
}

export function registerTelemetryCommand(program: Command): void {
  program
    .command('telemetry')
    .description('the proxy agent: every device\'s RSSI, CPU, memory, uptime, workload and sensor values as Prometheus metrics on /metrics, and pushed to an OpenTelemetry collector over OTLP/HTTP')
    .option('--mqtt-url <url>', 'the gateway\'s MQTT broker', 'mqtt://127.0.0.1:1883')
    .option('--mqtt-prefix <prefix>', 'the gateway\'s topic prefix, if it has one')
    .option('--protocol <version>', 'MQTT protocol: 5, or 4 (3.1.1, as the embedded broker speaks)', protocolOption, 4)
    .option('--metrics-port <port>', 'port of the Prometheus endpoint (/metrics, /healthz)', intOption, DEFAULT_METRICS_PORT)
    .option('--metrics-host <address>', 'address the Prometheus endpoint listens on (default: all)')
    .option('--otlp-endpoint <url>', 'also push OTLP/HTTP metrics here, e.g. http://collector:4318/v1/metrics')
    .option('--interval <duration>', 'how often monitoring is read and OTLP exported: 15s, 500ms, 1m or milliseconds', durationMsOption, DEFAULT_TELEMETRY_INTERVAL_MS)
    .option('--node-prefix <prefix>', 'the node label is <prefix>-<thing>, as the kubelet names nodes', 'farside')
    .action((options: TelemetryCommandOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        if (!(options.metricsPort >= 0 && options.metricsPort <= 65535)) throw invalidInput('--metrics-port must be a port number');
        const sdf = new SdfClient({ url: options.mqttUrl, protocolVersion: options.protocol, ...(options.mqttPrefix ? { prefix: options.mqttPrefix } : {}) });
        const bridge = new TelemetryBridge({
          sdf,
          intervalMs: options.interval,
          nodePrefix: options.nodePrefix,
          ...(options.otlpEndpoint === undefined ? {} : { otlp: { url: options.otlpEndpoint } }),
          logger: log,
        });
        sdf.on('warning', ({ message, error }) => log.warn({ error }, message));
        await sdf.start();
        try {
          await bridge.start();
          const server = await serveMetrics(bridge, { port: options.metricsPort, ...(options.metricsHost ? { host: options.metricsHost } : {}) });
          const address = server.address();
          log.info({ mqtt: options.mqttUrl, otlp: options.otlpEndpoint, address }, `metrics of the devices on ${options.mqttUrl} at /metrics${options.otlpEndpoint ? `, pushed to ${options.otlpEndpoint}` : ''}`);
          return async () => {
            await new Promise<void>((resolve) => server.close(() => resolve()));
            await bridge.stop();
            await sdf.close();
          };
        } catch (error) {
          await bridge.stop();
          await sdf.close();
          throw error;
        }
      }),
    );
}
