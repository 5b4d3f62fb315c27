import { InvalidArgumentError } from 'commander';
import type { LogFormat } from './logger.js';

export interface GlobalOptions {
  readonly logLevel: string;
  readonly logFormat?: LogFormat;
}

export function intOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a non-negative integer`);
  return n;
}

export function positiveIntOption(value: string): number {
  const n = intOption(value);
  if (n === 0) throw new InvalidArgumentError('must be at least 1');
  return n;
}

/** Resolves on SIGINT or SIGTERM, so commands can shut down cleanly. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
