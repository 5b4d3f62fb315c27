import pino, { type Logger } from 'pino';

export type LogFormat = 'pretty' | 'json';

/** Pretty lines on a terminal, JSON lines otherwise (for log shippers), unless told. */
export function createLogger(level: string, format?: LogFormat): Logger {
  const pretty = format ? format === 'pretty' : process.stdout.isTTY === true;
  if (!pretty) return pino({ level, base: { app: 'farside' } });
  return pino({
    level,
    base: undefined,
    transport: { target: 'pino-pretty', options: { colorize: process.stdout.isTTY === true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } },
  });
}
