/**
 * Device log lines as `kubectl logs` shows them. embServe writes `[hh:mm:ss.mmm] text`
 * (its uptime), and a workload's lines carry `/9/<instance> <name>: ` before the text.
 */

/** One device log line, split. */
export interface DeviceLogLine {
  /** Device uptime when it was written, ms; undefined when the line has no stamp. */
  readonly uptimeMs: number | undefined;
  /** The Software Management instance whose workload wrote it (`/9/<instance>[ name]: `), if any. */
  readonly instance: number | undefined;
  /** What the workload said, without stamp and workload prefix. */
  readonly text: string;
}

const STAMP = /^\[(\d+):(\d{2}):(\d{2})\.(\d{3})\] ?/;
// `/9/3 temperature: ` for a workload; `/9/3: ` for an instance with no package yet.
const WORKLOAD_PREFIX = /^\/9\/(\d+)(?: [^:]*?)?: /;

export function parseDeviceLogLine(line: string): DeviceLogLine {
  const stamp = STAMP.exec(line);
  const rest = stamp === null ? line : line.slice(stamp[0].length);
  const uptimeMs = stamp === null ? undefined : ((Number(stamp[1]) * 60 + Number(stamp[2])) * 60 + Number(stamp[3])) * 1000 + Number(stamp[4]);
  const workload = WORKLOAD_PREFIX.exec(rest);
  return { uptimeMs, instance: workload === null ? undefined : Number(workload[1]), text: workload === null ? rest : rest.slice(workload[0].length) };
}

/**
 * The lines of `current` that come after everything in `previous`. The device log is a
 * ring, so a count says nothing once it is full: the newest line already sent is looked up
 * in `current`, where the lines before it must match what was sent before it. When it is
 * gone (overwritten, or the device rebooted) every line is new.
 */
export function linesAfter(previous: readonly string[], current: readonly string[]): readonly string[] {
  if (previous.length === 0) return current;
  const last = previous[previous.length - 1];
  for (let at = current.length - 1; at >= 0; at--) {
    if (current[at] !== last) continue;
    const overlap = Math.min(at + 1, previous.length);
    let matches = true;
    for (let back = 1; back < overlap && matches; back++) matches = current[at - back] === previous[previous.length - 1 - back];
    if (matches) return current.slice(at + 1);
  }
  return current;
}

/** Go's time.RFC3339Nano, as the kubelet stamps log lines: UTC, fraction without trailing zeros. */
export function rfc3339Nano(epochMs: number): string {
  const iso = new Date(Math.floor(epochMs)).toISOString();
  const [seconds, fraction = '000Z'] = iso.split('.');
  const digits = fraction.slice(0, 3).replace(/0+$/, '');
  return digits === '' ? `${seconds}Z` : `${seconds}.${digits}Z`;
}
