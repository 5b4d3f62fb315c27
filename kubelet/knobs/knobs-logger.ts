/** Structured logging for the knobs API and event listener; pino fits. */
export interface KnobsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
