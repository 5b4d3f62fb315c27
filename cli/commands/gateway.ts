import type { Command } from 'commander';
import type { Logger } from 'pino';
import { FileRegistrationStore, LwM2mServer, SdfMqttBinding, startEmbeddedBroker, type EmbeddedBroker } from '../../gateway/index.js';
import { logGatewayEvents } from '../describe-events.js';
import { intOption } from '../options.js';
import { serveUntilSignal } from '../serve.js';

export interface GatewayCommandOptions {
  readonly port: number;
  readonly address: string;
  readonly requestTimeout: number;
  readonly stateFile?: string;
  /** false with --no-mqtt. */
  readonly mqtt: boolean;
  readonly mqttUrl?: string;
  readonly mqttPort: number;
  readonly mqttPrefix?: string;
}

export interface RunningGateway {
  readonly server: LwM2mServer;
  readonly binding?: SdfMqttBinding;
  readonly broker?: EmbeddedBroker;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayCommandOptions, log: Logger): Promise<RunningGateway> {
  const store = options.stateFile
    ? await FileRegistrationStore.open(options.stateFile, { onWriteError: (err) => log.error({ err }, `cannot write ${options.stateFile}`) })
    : undefined;
  if (store) log.info({ stateFile: options.stateFile, registrations: store.size }, `registrations are kept in ${options.stateFile}`);
  const server = new LwM2mServer({ port: options.port, address: options.address, requestTimeoutMs: options.requestTimeout * 1000, store });
  logGatewayEvents(server, log);

  let broker: EmbeddedBroker | undefined;
  let binding: SdfMqttBinding | undefined;
  if (options.mqtt) {
    if (!options.mqttUrl) {
      broker = await startEmbeddedBroker({ port: options.mqttPort });
      log.info({ url: broker.url }, `embedded MQTT broker (3.1.1) listening on ${broker.url}`);
    }
    const url = options.mqttUrl ?? broker!.url;
    binding = new SdfMqttBinding(server, { url, prefix: options.mqttPrefix });
    binding.on('warning', ({ message, error }) => log.warn({ err: error }, message));
    binding.on('disconnected', () => log.warn({ url }, 'MQTT broker connection lost; reconnecting'));
    binding.on('connected', ({ reconnect, protocolVersion }) => reconnect && log.info({ url, protocolVersion }, 'MQTT broker reconnected; things announced again'));
    await binding.start();
    log.info({ url, protocolVersion: binding.protocolVersion }, `SDF over MQTT on ${url} (MQTT ${binding.protocolVersion === 5 ? '5' : '3.1.1'})`);
  }

  const address = await server.start();
  log.info({ port: address.port, address: address.address }, `LwM2M server listening on coap://${address.address}:${address.port}`);
  return {
    server,
    binding,
    broker,
    async close() {
      await server.close();
      await binding?.close();
      await broker?.close();
    },
  };
}

export function registerGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description('run the LwM2M 1.1 server (CoAP/UDP) and its SDF-over-MQTT binding')
    .option('-p, --port <port>', 'UDP port to listen on', intOption, 5683)
    .option('-a, --address <address>', 'address to bind', '0.0.0.0')
    .option('--request-timeout <seconds>', 'give up on a device request after this long', intOption, 93)
    .option('--state-file <path>', 'keep registrations in this JSON file, so a restart loses none (default: memory only)')
    .option('--mqtt-url <url>', 'external MQTT broker (MQTT 5 preferred); default: start an embedded one')
    .option('--mqtt-port <port>', 'port of the embedded MQTT broker', intOption, 1883)
    .option('--mqtt-prefix <prefix>', 'prefix for every SDF topic (default: none, as NextGenGW)')
    .option('--no-mqtt', 'LwM2M only: no broker, no SDF binding')
    .action((options: GatewayCommandOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const gateway = await startGateway(options, log);
        return () => gateway.close();
      }),
    );
}
