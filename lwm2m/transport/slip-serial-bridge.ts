import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { EventEmitter, once } from 'node:events';
import { isIPv6 } from 'node:net';
import { ERROR_CODES, FarsideError } from '../errors.js';
import type { CoapPeer } from './coap-message.js';
import { SerialLine, type SerialLineEvents } from './serial-line.js';
import type { SlipFrameDropReason } from './slip-frame-decoder.js';
import { resolveSlipSerialBridgeOptions, type ResolvedSlipSerialBridgeOptions, type SlipSerialBridgeOptions } from './slip-serial-options.js';

/** Why a frame or datagram was not relayed. */
export type SlipBridgeDropReason = SlipFrameDropReason | 'noPeer' | 'foreignSender' | 'lineDown' | 'queueFull';

export type SlipBridgeDirection = 'fromSerial' | 'toSerial';

export interface SlipSerialBridgeEvents extends Pick<SerialLineEvents, 'lineUp' | 'lineDown' | 'reopenFailed' | 'gaveUp'> {
  /**
   * A frame or datagram was not relayed. Empty frames from the line are only counted:
   * RFC 1055 senders put them before every frame, and line probes are made of them.
   */
  dropped: [event: { reason: SlipBridgeDropReason; direction: SlipBridgeDirection; bytes: number }];
}

export interface SlipSerialBridgeCounters {
  readonly framesFromSerial: number;
  readonly framesToSerial: number;
  readonly dropped: Readonly<Record<SlipBridgeDropReason, number>>;
}

/**
 * CoAP over a serial line (DESIGN.md: devices without IP): relays each RFC 1055 SLIP
 * frame from the line as one UDP datagram and each datagram to the bridge's socket
 * as one frame, so the gateway and the simulator keep speaking UDP. A lost line is
 * reopened with capped exponential backoff; nothing on it crashes the process.
 */
export class SlipSerialBridge extends EventEmitter<SlipSerialBridgeEvents> {
  readonly #options: ResolvedSlipSerialBridgeOptions;
  #line: SerialLine | undefined;
  #socket: Socket | undefined;
  #closed = false;
  #lastSender: CoapPeer | undefined;
  #framesFromSerial = 0;
  #framesToSerial = 0;
  readonly #dropped: Record<SlipBridgeDropReason, number> = { oversize: 0, empty: 0, noPeer: 0, foreignSender: 0, lineDown: 0, queueFull: 0 };

  /** Throws FarsideError INVALID_INPUT on bad options; opens nothing. */
  constructor(options: SlipSerialBridgeOptions) {
    super();
    this.#options = resolveSlipSerialBridgeOptions(options);
  }

  /**
   * Binds the UDP socket and opens the serial port; resolves with the bridge's UDP
   * address (device side: the server address the device registers to). Rejects with
   * DEVICE_UNAVAILABLE, holding nothing, when either fails: a wrong path is a setup
   * error; with CANCELLED when closed meanwhile.
   */
  async start(): Promise<CoapPeer> {
    if (this.#line || this.#closed) throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `bridge for ${this.#options.path} was already started`);
    const line = new SerialLine(this.#options);
    this.#line = line;
    line.on('lineUp', (e) => this.emit('lineUp', e));
    line.on('lineDown', (e) => this.emit('lineDown', e));
    line.on('reopenFailed', (e) => this.emit('reopenFailed', e));
    line.on('gaveUp', (e) => this.emit('gaveUp', e));
    line.on('frame', (frame) => this.#frameFromSerial(frame));
    line.on('frameDropped', (reason, bytes) => this.#drop(reason, 'fromSerial', bytes));
    const { address, port, path } = this.#options;
    const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
    socket.on('message', (datagram, sender) => this.#datagramFromUdp(datagram, sender));
    try {
      socket.bind(port, address);
      await once(socket, 'listening');
      // A send failure toward one peer (ICMP unreachable) must not take the bridge down.
      socket.on('error', () => {});
      this.#socket = socket;
      await line.open();
      return this.address();
    } catch (err) {
      this.#line = undefined;
      this.#socket = undefined;
      await line.close();
      closeQuietly(socket);
      if (this.#closed) throw new FarsideError(ERROR_CODES.CANCELLED, `bridge for ${path} closed while starting`, { cause: err });
      throw new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `cannot bridge serial line ${path}: ${(err as Error).message}`, { cause: err });
    }
  }

  address(): CoapPeer {
    if (!this.#socket) throw new FarsideError(ERROR_CODES.NOT_ALLOWED, 'bridge not started');
    const a = this.#socket.address();
    return { address: a.address, port: a.port };
  }

  get lineIsUp(): boolean {
    return this.#line?.isUp ?? false;
  }

  get counters(): SlipSerialBridgeCounters {
    return { framesFromSerial: this.#framesFromSerial, framesToSerial: this.#framesToSerial, dropped: { ...this.#dropped } };
  }

  /** Releases the serial port, the socket and any reopen timer; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#line?.close();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => closeQuietly(socket, resolve));
  }

  #frameFromSerial(frame: Buffer): void {
    const target = this.#options.peer ?? this.#lastSender;
    if (!target || !this.#socket) return this.#drop('noPeer', 'fromSerial', frame.length);
    this.#framesFromSerial++;
    this.#socket.send(frame, target.port, target.address, () => {});
  }

  #datagramFromUdp(datagram: Buffer, sender: RemoteInfo): void {
    const { peer, maxFrameBytes } = this.#options;
    if (peer && (sender.port !== peer.port || sender.address !== peer.address)) return this.#drop('foreignSender', 'toSerial', datagram.length);
    if (datagram.length === 0) return this.#drop('empty', 'toSerial', 0);
    if (datagram.length > maxFrameBytes) return this.#drop('oversize', 'toSerial', datagram.length);
    if (!peer) this.#lastSender = { address: sender.address, port: sender.port };
    const outcome = this.#line?.send(datagram) ?? 'lineDown';
    if (outcome !== 'queued') return this.#drop(outcome, 'toSerial', datagram.length);
    this.#framesToSerial++;
  }

  #drop(reason: SlipBridgeDropReason, direction: SlipBridgeDirection, bytes: number): void {
    this.#dropped[reason]++;
    if (reason !== 'empty' || direction !== 'fromSerial') this.emit('dropped', { reason, direction, bytes });
  }
}

function closeQuietly(socket: Socket, closed: () => void = () => {}): void {
  try {
    socket.close(closed);
  } catch {
    closed(); // never bound, or closed already
  }
}
