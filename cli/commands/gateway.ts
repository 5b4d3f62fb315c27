import type { Command } from 'commander';
import { FileRegistrationStore, LwM2mServer } from '../../gateway/index.js';
import { logGatewayEvents } from '../describe-events.js';
import type { Logger } from 'pino';
import { intOption } from '../options.js';
import { serveUntilSignal } from '../serve.js';

export interface GatewayCommandOptions {
  readonly port: number;
  readonly address: string;
  readonly requestTimeout: number;
  readonly stateFile?: string;
}

export async function startGateway(options: GatewayCommandOptions, log: Logger): Promise<LwM2mServer> {
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
    .action((options: GatewayCommandOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const server = await startGateway(options, log);
        return () => server.close();
      }),
    );
}
