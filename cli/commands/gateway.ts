import type { Command } from 'commander';
import { FileRegistrationStore, LwM2mServer } from '../../gateway/index.js';
import { logCoapExchanges, logGatewayEvents } from '../describe-events.js';
import { createLogger } from '../logger.js';
import { intOption, untilSignal, type GlobalOptions } from '../options.js';

export interface GatewayCommandOptions {
  readonly port: number;
  readonly address: string;
  readonly requestTimeout: number;
  readonly stateFile?: string;
}

export async function startGateway(options: GatewayCommandOptions, log: ReturnType<typeof createLogger>): Promise<LwM2mServer> {
  const store = options.stateFile
    ? await FileRegistrationStore.open(options.stateFile, { onWriteError: (err) => log.error({ err }, `cannot write ${options.stateFile}`) })
    : undefined;
  if (store) log.info({ stateFile: options.stateFile, registrations: store.size }, `registrations are kept in ${options.stateFile}`);
  const server = new LwM2mServer({ port: options.port, address: options.address, requestTimeoutMs: options.requestTimeout * 1000, store });
  logGatewayEvents(server, log);
  const address = await server.start();
  log.info({ port: address.port, address: address.address }, `LwM2M server listening on coap://${address.address}:${address.port}`);
  return server;
}

export function registerGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description('run the LwM2M 1.1 server (CoAP/UDP) that devices register with')
    .option('-p, --port <port>', 'UDP port to listen on', intOption, 5683)
    .option('-a, --address <address>', 'address to bind', '0.0.0.0')
    .option('--request-timeout <seconds>', 'give up on a device request after this long', intOption, 93)
    .option('--state-file <path>', 'keep registrations in this JSON file, so a restart loses none (default: memory only)')
    .action(async (options: GatewayCommandOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const log = createLogger(global.logLevel, global.logFormat);
      // Listen for Ctrl-C before starting, so a signal during start-up still shuts down cleanly.
      const stopped = untilSignal();
      logCoapExchanges(log);
      const server = await startGateway(options, log);
      await stopped;
      log.info('stopping');
      await server.close();
    });
}
