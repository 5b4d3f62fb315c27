import type { Command } from 'commander';
import type { Logger } from 'pino';
import { Fleet } from '../../firmware-sim/index.js';
import type { CoapPeer } from '../../lwm2m/index.js';
import { peerFromCoapUrl } from '../coap-url.js';
import { positiveIntOption } from '../options.js';
import { progressLine } from '../progress.js';
import { serveUntilSignal } from '../serve.js';

export interface SimCommandOptions {
  readonly gateway: string;
  readonly count: number;
  readonly namePrefix: string;
  readonly lifetime: number;
  readonly queue?: boolean;
}

export async function startFleet(server: CoapPeer, options: Omit<SimCommandOptions, 'gateway'>, log: Logger): Promise<Fleet> {
  const progress = progressLine(`starting ${options.count} simulated device(s)`);
  const fleet = new Fleet({
    server,
    count: options.count,
    namePrefix: options.namePrefix,
    lifetimeS: options.lifetime,
    queueMode: options.queue ?? false,
    onProgress: (done, total) => progress.update(done, total),
  });
  for (const device of fleet.devices) {
    device.on('failed', (err) => log.warn({ endpoint: device.endpoint, err }, `${device.endpoint}: ${err.message}`));
  }
  await fleet.start();
  progress.done();
  log.info({ count: options.count }, `${options.count} simulated device(s) registered with coap://${server.address}:${server.port}`);
  return fleet;
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('run simulated LwM2M devices that register with a gateway')
    .option('-g, --gateway <url>', 'LwM2M server to register with', 'coap://127.0.0.1:5683')
    .option('-n, --count <n>', 'number of devices', positiveIntOption, 1)
    .option('--name-prefix <prefix>', 'endpoint names are <prefix><n>', 'sim-')
    .option('--lifetime <seconds>', 'registration lifetime', positiveIntOption, 300)
    .option('--queue', 'register in queue mode (device sleeps between updates)')
    .action((options: SimCommandOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const fleet = await startFleet(peerFromCoapUrl(options.gateway), options, log);
        return () => fleet.stop();
      }),
    );
}


