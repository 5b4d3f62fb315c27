import type { Command } from 'commander';
import type { Logger } from 'pino';
import { FileRegistrationStore, LwM2mServer, SdfMqttBinding, startEmbeddedBroker, type EmbeddedBroker } from '../../gateway/index.js';
import { logGatewayEvents } from '../describe-events.js';
import { DEFAULT_SERIAL_BAUD_RATE } from '../../lwm2m/index.js';
import { intOption, positiveIntOption } from '../options.js';
import { openSerialLine, type SerialLine } from '../serial-lines.js';
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
  /** Serial lines (CoAP over SLIP) devices without IP register through. */
  readonly serial?: readonly string[];
  readonly baud?: number;
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
  const lines: SerialLine[] = [];
  try {
    // The bridges talk to the server over loopback, whatever address it is bound to.
    const local = { address: address.address === '0.0.0.0' ? '127.0.0.1' : address.address, port: address.port };
    for (const path of options.serial ?? []) lines.push(await openSerialLine(path, options.baud ?? DEFAULT_SERIAL_BAUD_RATE, local, log));
  } catch (err) {
    await Promise.all(lines.map((line) => line.bridge.close()));
    await server.close();
    await binding?.close();
    await broker?.close();
    throw err;
  }
  return {
    server,
    binding,
    broker,
    async close() {
      await Promise.all(lines.map((line) => line.bridge.close()));
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
    .option('--serial <path...>', 'also serve devices on these serial lines (CoAP over SLIP), e.g. /dev/ttyUSB0')
    .option('--baud <rate>', 'baud rate of the serial lines', positiveIntOption, DEFAULT_SERIAL_BAUD_RATE)
    .action((options: GatewayCommandOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const gateway = await startGateway(options, log);
        return () => gateway.close();
      }),
    );
}
