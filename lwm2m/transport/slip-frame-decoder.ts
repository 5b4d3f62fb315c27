/** RFC 1055 framing bytes. */
export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

/** Why a frame read from a serial line was not passed on. */
export type SlipFrameDropReason = 'oversize' | 'empty';

export interface SlipFrameHandlers {
  /** A whole frame; the buffer is the caller's to keep. */
  frame(frame: Buffer): void;
  /** A frame that was discarded; `bytes` is its decoded length (what arrived of it). */
  dropped(reason: SlipFrameDropReason, bytes: number): void;
}

/**
 * Splits a serial byte stream into RFC 1055 SLIP frames, holding at most
 * `maxFrameBytes` of any frame: a line that never sends END (noise, a wrong baud
 * rate, a hostile peer) costs a fixed buffer, not memory. serialport's SlipDecoder
 * grows without bound (and copies the frame per byte), so it is not used here; its
 * SlipEncoder is, on the way out.
 */
export class SlipFrameDecoder {
  readonly #buffer: Buffer;
  readonly #handlers: SlipFrameHandlers;
  #length = 0;
  #overflow = 0;
  #escaped = false;

  constructor(maxFrameBytes: number, handlers: SlipFrameHandlers) {
    this.#buffer = Buffer.alloc(maxFrameBytes);
    this.#handlers = handlers;
  }

  /** Feeds bytes as they came off the line; calls the handlers for each frame they complete. */
  push(chunk: Uint8Array): void {
    for (const byte of chunk) {
      if (byte === SLIP_END) {
        this.#endFrame();
        continue;
      }
      if (this.#escaped) {
        this.#escaped = false;
        // RFC 1055: after ESC only ESC_END and ESC_ESC are defined; any other byte is kept as is.
        this.#append(byte === SLIP_ESC_END ? SLIP_END : byte === SLIP_ESC_ESC ? SLIP_ESC : byte);
      } else if (byte === SLIP_ESC) {
        this.#escaped = true;
      } else {
        this.#append(byte);
      }
    }
  }

  /** Forgets a partly received frame (the line went down mid-frame). */
  reset(): void {
    this.#length = 0;
    this.#overflow = 0;
    this.#escaped = false;
  }

  #append(byte: number): void {
    if (this.#length < this.#buffer.length) this.#buffer[this.#length++] = byte;
    else this.#overflow++;
  }

  #endFrame(): void {
    const length = this.#length;
    const overflow = this.#overflow;
    this.reset();
    if (overflow > 0) this.#handlers.dropped('oversize', length + overflow);
    else if (length === 0) this.#handlers.dropped('empty', 0);
    else this.#handlers.frame(Buffer.from(this.#buffer.subarray(0, length)));
  }
}
