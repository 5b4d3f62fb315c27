import { EventEmitter } from 'node:events';
import type { SerialPort, SlipEncoder } from 'serialport';
import { SLIP_END, SlipFrameDecoder, type SlipFrameDropReason } from './slip-frame-decoder.js';

export interface SerialLineOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly maxFrameBytes: number;
  readonly maxQueuedBytes: number;
  readonly lineProbeMs: number;
  readonly reopenDelayMs: number;
  readonly maxReopenDelayMs: number;
  readonly maxReopenAttempts?: number;
}

export interface SerialLineEvents {
  /** The serial port is open: at start (attempt 0) and after an outage (the reopen attempt that worked). */
  lineUp: [event: { path: string; attempt: number }];
  /** The serial port closed or failed (unplugged, pty gone); reopening starts. */
  lineDown: [event: { path: string; error: Error }];
  /** A reopen attempt failed; the next one follows after `delayMs`. */
  reopenFailed: [event: { path: string; error: Error; attempt: number; delayMs: number }];
  /** `maxReopenAttempts` ran out; the line stays down until closed. */
  gaveUp: [event: { path: string; error: Error; attempts: number }];
  frame: [frame: Buffer];
  frameDropped: [reason: SlipFrameDropReason, bytes: number];
}

/** What became of a frame handed to `send`. */
export type SerialSendOutcome = 'queued' | 'lineDown' | 'queueFull';

type SerialportModule = typeof import('serialport');
let serialportModule: Promise<SerialportModule> | undefined;
/** Loaded on first use: its native binding costs ~60 ms, and only serial lines need it. */
const loadSerialport = (): Promise<SerialportModule> => (serialportModule ??= import('serialport'));

interface OpenedPort {
  readonly port: SerialPort;
  readonly encoder: SlipEncoder;
}

type State =
  | { readonly kind: 'idle' | 'reopening' | 'gaveUp' | 'closed' }
  | { readonly kind: 'open'; readonly port: SerialPort; readonly encoder: SlipEncoder; readonly decoder: SlipFrameDecoder; readonly probe: NodeJS.Timeout };

/**
 * One serial port carrying RFC 1055 SLIP frames: framing out with serialport's
 * SlipEncoder, bounded deframing in, and reopening with capped exponential backoff
 * after the port is lost. Nothing that happens on the line throws.
 */
export class SerialLine extends EventEmitter<SerialLineEvents> {
  readonly #options: SerialLineOptions;
  #state: State = { kind: 'idle' };
  #reopenTimer: NodeJS.Timeout | undefined;
  #wroteSinceProbe = false;

  constructor(options: SerialLineOptions) {
    super();
    this.#options = options;
  }

  get isUp(): boolean {
    return this.#state.kind === 'open';
  }

  /** Opens the port the first time; rejects (holding nothing) if it cannot, or if closed meanwhile. */
  async open(): Promise<void> {
    const opened = await this.#openPort();
    if (this.#state.kind !== 'idle') {
      await closePort(opened.port);
      throw new Error('closed while opening');
    }
    this.#attach(opened, 0);
  }

  send(frame: Buffer): SerialSendOutcome {
    const state = this.#state;
    if (state.kind !== 'open') return 'lineDown';
    // A slow UART must not queue without bound: CoAP retransmits what we drop here.
    if (state.port.writableLength + state.encoder.writableLength > this.#options.maxQueuedBytes) return 'queueFull';
    this.#wroteSinceProbe = true;
    state.encoder.write(frame);
    return 'queued';
  }

  /** Releases the port and any reopen timer; idempotent. */
  async close(): Promise<void> {
    const state = this.#state;
    this.#state = { kind: 'closed' };
    clearTimeout(this.#reopenTimer);
    if (state.kind !== 'open') return;
    clearInterval(state.probe);
    await closePort(state.port);
  }

  async #openPort(): Promise<OpenedPort> {
    const { SerialPort, SlipEncoder } = await loadSerialport();
    const port = new SerialPort({ path: this.#options.path, baudRate: this.#options.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return { port, encoder: new SlipEncoder() };
  }

  #attach({ port, encoder }: OpenedPort, attempt: number): void {
    const decoder = new SlipFrameDecoder(this.#options.maxFrameBytes, {
      frame: (frame) => this.emit('frame', frame),
      dropped: (reason, bytes) => this.emit('frameDropped', reason, bytes),
    });
    encoder.pipe(port);
    const lost = (error?: Error | null): void => this.#lost(port, error ?? new Error(`serial port ${this.#options.path} closed`));
    port.on('data', (chunk: Buffer) => decoder.push(chunk));
    port.on('error', lost);
    port.on('close', lost);
    // serialport ends the stream on a zero-byte read, which is how some drivers report a vanished device.
    port.on('end', () => lost(new Error(`serial port ${this.#options.path} reached end of file`)));
    this.#state = { kind: 'open', port, encoder, decoder, probe: this.#probe(port) };
    // RFC 1055: a leading END flushes whatever noise the other end has buffered.
    port.write(Buffer.of(SLIP_END));
    this.emit('lineUp', { path: this.#options.path, attempt });
  }

  /**
   * A hung-up tty reads as an endless end of file, which serialport retries without
   * telling us; only a write fails (EIO). So an idle line gets one END byte per
   * `lineProbeMs`, which RFC 1055 receivers ignore as an empty frame.
   */
  #probe(port: SerialPort): NodeJS.Timeout {
    const probe = setInterval(() => {
      if (!this.#wroteSinceProbe) port.write(Buffer.of(SLIP_END));
      this.#wroteSinceProbe = false;
    }, this.#options.lineProbeMs);
    probe.unref();
    return probe;
  }

  #lost(port: SerialPort, error: Error): void {
    const state = this.#state;
    // Late events of a port already given up on, or of our own close.
    if (state.kind !== 'open' || state.port !== port) return;
    this.#state = { kind: 'reopening' };
    clearInterval(state.probe);
    state.encoder.unpipe(port);
    void closePort(port);
    this.emit('lineDown', { path: this.#options.path, error });
    this.#scheduleReopen(1);
  }

  /** Schedules reopen attempt number `attempt` (from 1) and returns how long it waits, ms. */
  #scheduleReopen(attempt: number): number {
    const { reopenDelayMs, maxReopenDelayMs } = this.#options;
    const delayMs = Math.min(maxReopenDelayMs, reopenDelayMs * 2 ** Math.min(attempt - 1, 30));
    this.#reopenTimer = setTimeout(() => void this.#reopen(attempt), delayMs);
    return delayMs;
  }

  async #reopen(attempt: number): Promise<void> {
    const { path, maxReopenAttempts } = this.#options;
    try {
      const opened = await this.#openPort();
      if (this.#isClosed()) await closePort(opened.port);
      else this.#attach(opened, attempt);
    } catch (err) {
      if (this.#isClosed()) return;
      const error = err as Error;
      if (maxReopenAttempts !== undefined && attempt >= maxReopenAttempts) {
        this.#state = { kind: 'gaveUp' };
        this.emit('gaveUp', { path, error, attempts: attempt });
        return;
      }
      const delayMs = this.#scheduleReopen(attempt + 1);
      this.emit('reopenFailed', { path, error, attempt, delayMs });
    }
  }

  /** Read through a method: the state changes across awaits, which narrowing can't see. */
  #isClosed(): boolean {
    return this.#state.kind === 'closed';
  }
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!port.isOpen) return resolve();
    // An error here means the port is gone already, which is what we wanted.
    port.close(() => resolve());
  });
}
