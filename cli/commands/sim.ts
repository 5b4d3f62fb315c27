import { InvalidArgumentError, type Command } from 'commander';
import type { Logger } from 'pino';
import { DEVICE_PROFILES, Fleet } from '../../firmware-sim/index.js';
import { DEFAULT_SERIAL_BAUD_RATE, invalidInput, type CoapPeer } from '../../lwm2m/index.js';
import { peerFromCoapUrl } from '../coap-url.js';
import { intOption, positiveIntOption } from '../options.js';
import { progressLine } from '../progress.js';
import { openSerialLine, type SerialLine } from '../serial-lines.js';
import { serveUntilSignal } from '../serve.js';

export interface SimCommandOptions {
  readonly gateway: string;
  readonly count: number;
  readonly namePrefix: string;
  readonly lifetime: number;
  readonly queue?: boolean;
  readonly awake?: number;
  readonly profile?: string;
  readonly seed?: number;
  readonly tick?: number;
  readonly workloadPeriod?: number;
  readonly loss?: number;
  readonly latency?: number;
  readonly serial?: string;
  readonly baud?: number;
}

export interface RunningFleet {
  readonly fleet: Fleet;
  stop(): Promise<void>;
}

function percentOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError(`"${value}" is not a percentage from 0 to 100`);
  return n;
}

function profileOption(value: string): string {
  if (!DEVICE_PROFILES.has(value)) throw new InvalidArgumentError(`unknown profile "${value}"; known: ${[...DEVICE_PROFILES.keys()].join(', ')}`);
  return value;
}

export async function startFleet(server: CoapPeer, options: Omit<SimCommandOptions, 'gateway'>, log: Logger): Promise<RunningFleet> {
  let line: SerialLine | undefined;
  if (options.serial !== undefined) {
    if (options.count !== 1) throw invalidInput('one device per serial line: --serial needs --count 1');
    // The device side has no fixed peer: frames from the line go to the device that spoke last.
    line = await openSerialLine(options.serial, options.baud ?? DEFAULT_SERIAL_BAUD_RATE, undefined, log);
  }
  const progress = progressLine(`starting ${options.count} simulated device(s)`);
  const link = options.loss !== undefined || options.latency !== undefined ? { lossPercent: options.loss, latencyMs: options.latency, seed: options.seed } : undefined;
  const fleet = new Fleet({
    server: line?.address ?? server,
    count: options.count,
    namePrefix: options.namePrefix,
    lifetimeS: options.lifetime,
    queueMode: options.queue ?? false,
    ...(options.awake !== undefined ? { awakeMs: options.awake } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.tick !== undefined ? { tickIntervalMs: options.tick } : {}),
    ...(options.workloadPeriod !== undefined ? { workloadPeriodMs: options.workloadPeriod } : {}),
    ...(link ? { link } : {}),
    onProgress: (done, total) => progress.update(done, total),
  });
  for (const device of fleet.devices) {
    device.on('failed', (err) => log.warn({ endpoint: device.endpoint, err }, `${device.endpoint}: ${err.message}`));
    device.on('rebooting', () => log.info({ endpoint: device.endpoint }, `${device.endpoint} is rebooting`));
  }
  try {
    await fleet.start();
  } catch (err) {
    await fleet.stop();
    await line?.bridge.close();
    throw err;
  }
  progress.done();
  const via = line ? `serial line ${line.path}` : `coap://${server.address}:${server.port}`;
  log.info({ count: options.count, profile: fleet.devices[0]?.profile.name }, `${options.count} simulated ${fleet.devices[0]?.profile.name ?? ''} device(s) registered through ${via}`);
  return {
    fleet,
    async stop() {
      await fleet.stop();
      await line?.bridge.close();
    },
  };
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('run simulated embServe devices (LwM2M clients) that register with a gateway')
    .option('-g, --gateway <url>', 'LwM2M server to register with', 'coap://127.0.0.1:5683')
    .option('-n, --count <n>', 'number of devices', positiveIntOption, 1)
    .option('--name-prefix <prefix>', 'endpoint names are <prefix><n>', 'sim-')
    .option('--lifetime <seconds>', 'registration lifetime', positiveIntOption, 300)
    .option('--profile <name>', `board: ${[...DEVICE_PROFILES.keys()].join(', ')}`, profileOption, 'nrf52840')
    .option('--seed <n>', 'seed of the simulated signals; device n gets seed+n, so runs replay (default: from each name)', intOption)
    .option('--tick <ms>', 'how often sensors, radio and monitoring move', positiveIntOption, 5000)
    .option('--workload-period <ms>', 'how often a native workload produces outputs', positiveIntOption, 2000)
    .option('--queue', 'queue mode: the device sleeps between updates and only listens just after each')
    .option('--awake <ms>', 'in queue mode, how long a device listens after each uplink', positiveIntOption, 10_000)
    .option('--loss <percent>', 'drop this share of datagrams each way (fault injection)', percentOption)
    .option('--latency <ms>', 'add this one-way delay to every datagram (fault injection)', intOption)
    .option('--serial <path>', 'reach the gateway over this serial line (CoAP over SLIP) instead of UDP; one device')
    .option('--baud <rate>', 'baud rate of the serial line', positiveIntOption, DEFAULT_SERIAL_BAUD_RATE)
    .action((options: SimCommandOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const running = await startFleet(peerFromCoapUrl(options.gateway), options, log);
        return () => running.stop();
      }),
    );
}
