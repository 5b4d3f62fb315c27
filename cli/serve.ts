import type { Command } from 'commander';
import type { Logger } from 'pino';
import { logCoapExchanges } from './describe-events.js';
import { createLogger } from './logger.js';
import { untilSignal, type GlobalOptions } from './options.js';

/**
 * The life of a long-running command: logger from the global options, start,
 * run until SIGINT/SIGTERM, then the stop that `start` returned.
 */
export async function serveUntilSignal(command: Command, start: (log: Logger) => Promise<() => Promise<void>>): Promise<void> {
  const global = command.optsWithGlobals<GlobalOptions>();
  const log = createLogger(global.logLevel, global.logFormat);
  // Listen for Ctrl-C before starting, so a signal during start-up still shuts down cleanly.
  const stopped = untilSignal();
  logCoapExchanges(log);
  const stop = await start(log);
  await stopped;
  log.info('stopping');
  await stop();
}
