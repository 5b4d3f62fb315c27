import type { Command } from 'commander';
import { AdapterServer, adapterConfigFromEnv, DEFAULT_ADAPTER_PORT, DEFAULT_MQTT_URL } from '../../adapters/index.js';
import { SdfClient } from '../../sdf-models/index.js';
import { serveUntilSignal } from '../serve.js';

export interface AdapterCommandOptions {
  readonly thing?: string;
  readonly mqttUrl?: string;
  readonly mqttPrefix?: string;
  readonly protocol?: string;
  readonly port?: string;
  readonly objects?: string;
}

/** The environment with the flags given on the command line laid over it: one validation for both. */
export function adapterEnvWithFlags(env: Readonly<Record<string, string | undefined>>, options: AdapterCommandOptions): Record<string, string | undefined> {
  const flags: [string, string | undefined][] = [
    ['FARSIDE_THING', options.thing],
    ['FARSIDE_MQTT_URL', options.mqttUrl],
    ['FARSIDE_SDF_PREFIX', options.mqttPrefix],
    ['FARSIDE_MQTT_PROTOCOL', options.protocol],
    ['FARSIDE_ADAPTER_PORT', options.port],
    ['FARSIDE_ADAPTER_OBJECTS', options.objects],
  ];
  return { ...env, ...Object.fromEntries(flags.filter(([, value]) => value !== undefined)) };
}

export function registerAdapterCommand(program: Command): void {
  program
    .command('adapter')
    .description('the communication adapter of one device workload: an HTTP JSON API (GET/PUT properties, POST actions, SSE streams, /healthz, /readyz) over SDF over MQTT; configured by the FARSIDE_* variables the kubelet sets, flags override them')
    .option('--thing <name>', 'the SDF thing to serve ($FARSIDE_THING, required)')
    .option('--mqtt-url <url>', `the gateway's MQTT broker ($FARSIDE_MQTT_URL, default ${DEFAULT_MQTT_URL})`)
    .option('--mqtt-prefix <prefix>', 'the gateway\'s topic prefix ($FARSIDE_SDF_PREFIX, default none)')
    .option('--protocol <version>', 'MQTT protocol: 4 (3.1.1, as the embedded broker speaks) or 5 ($FARSIDE_MQTT_PROTOCOL, default 4)')
    .option('--port <port>', `HTTP port ($FARSIDE_ADAPTER_PORT, default ${DEFAULT_ADAPTER_PORT})`)
    .option('--objects <names>', 'serve only these SDF objects, comma-separated ($FARSIDE_ADAPTER_OBJECTS, default all)')
    .action((options: AdapterCommandOptions, command: Command) => {
      // Checked before anything starts, so that a bad variable is the one message printed.
      const config = adapterConfigFromEnv(adapterEnvWithFlags(process.env, options));
      return serveUntilSignal(command, async (log) => {
        const sdf = new SdfClient({ url: config.mqttUrl, protocolVersion: config.protocolVersion, ...(config.sdfPrefix === undefined ? {} : { prefix: config.sdfPrefix }) });
        sdf.on('warning', (warning) => log.warn({ topic: warning.topic, err: warning.error }, warning.message));
        sdf.on('offline', () => log.warn({ mqttUrl: config.mqttUrl }, 'lost the MQTT connection; reconnecting'));
        const server = new AdapterServer({ sdf, thing: config.thing, port: config.port, ...(config.objects === undefined ? {} : { objects: config.objects }), logger: log });
        // Listen first: /healthz answers and /readyz says why it is not ready while the broker is still out of reach.
        await server.start();
        void sdf.start().then(
          () => log.info({ mqttUrl: config.mqttUrl }, 'connected to the MQTT broker'),
          (error: unknown) => log.error({ err: error }, 'the MQTT connection failed for good'),
        );
        return async () => {
          await server.close();
          await sdf.close();
        };
      });
    });
}
