import { SlipEncoder } from 'serialport';
import { describe, expect, it } from 'vitest';
import { fuzzDecoder } from '../../test/support/fuzz.js';
import { randomBytes, seededRng, type Rng } from '../../test/support/prng.js';
import { SLIP_END, SLIP_ESC, SLIP_ESC_END, SLIP_ESC_ESC, SlipFrameDecoder, type SlipFrameDropReason } from './slip-frame-decoder.js';

/** serialport's encoder, the one the bridge writes with; it emits synchronously once read from. */
const encoder = new SlipEncoder();
const encoded: Buffer[] = [];
encoder.on('data', (chunk: Buffer) => encoded.push(chunk));
function encode(frame: Uint8Array): Buffer {
  encoder.write(Buffer.from(frame));
  return Buffer.concat(encoded.splice(0));
}

interface Decoded {
  readonly frames: Buffer[];
  readonly dropped: [SlipFrameDropReason, number][];
}

/** Feeds `bytes` in chunks of random sizes, as a serial line delivers them. */
function decode(bytes: Uint8Array, maxFrameBytes: number, rng: Rng = seededRng(1)): Decoded {
  const out: Decoded = { frames: [], dropped: [] };
  const decoder = new SlipFrameDecoder(maxFrameBytes, { frame: (f) => out.frames.push(f), dropped: (reason, n) => out.dropped.push([reason, n]) });
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + rng.int(64);
    decoder.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

const special = [SLIP_END, SLIP_ESC, SLIP_ESC_END, SLIP_ESC_ESC];

describe('SLIP frames read from a serial line', () => {
  it('gives back every frame serialport\'s encoder framed, however the bytes were split', () => {
    const rng = seededRng(0x511b);
    const frames = Array.from({ length: 50 }, () => Buffer.from(randomBytes(rng, 1 + rng.int(300), Uint8Array.from(special))));
    const line = Buffer.concat(frames.map(encode));
    expect(decode(line, 2048, rng).frames).toEqual(frames);
  });

  it('drops a frame longer than the limit, counts it, and reads the next one intact', () => {
    const line = Buffer.concat([encode(Buffer.alloc(3000, 7)), encode(Buffer.from('next'))]);
    const { frames, dropped } = decode(line, 2048);
    expect(dropped).toEqual([['oversize', 3000]]);
    expect(frames).toEqual([Buffer.from('next')]);
  });

  it('keeps at most the limit of a line that never ends a frame', () => {
    const decoder = new SlipFrameDecoder(16, { frame: () => expect.fail('no frame ended'), dropped: () => {} });
    for (let i = 0; i < 1000; i++) decoder.push(Buffer.alloc(1024, 0x41));
    const dropped: number[] = [];
    const after = new SlipFrameDecoder(16, { frame: () => {}, dropped: (_r, n) => dropped.push(n) });
    after.push(Buffer.concat([Buffer.alloc(100_000, 0x41), Buffer.of(SLIP_END)]));
    expect(dropped).toEqual([100_000]);
  });

  it('drops and counts empty frames, such as a leading END that flushes line noise', () => {
    const { frames, dropped } = decode(Buffer.concat([Buffer.of(SLIP_END), encode(Buffer.from('a')), Buffer.of(SLIP_END)]), 64);
    expect(frames).toEqual([Buffer.from('a')]);
    expect(dropped).toEqual([['empty', 0], ['empty', 0]]);
  });

  it('keeps a byte after ESC that RFC 1055 does not define, as the RFC says', () => {
    expect(decode(Buffer.of(0x01, SLIP_ESC, 0x41, SLIP_END), 64).frames).toEqual([Buffer.of(0x01, 0x41)]);
  });

  it('delivers nothing of an unfinished frame and forgets it on reset', () => {
    const frames: Buffer[] = [];
    const decoder = new SlipFrameDecoder(64, { frame: (f) => frames.push(f), dropped: () => {} });
    decoder.push(Buffer.of(1, 2, SLIP_ESC));
    expect(frames).toEqual([]);
    decoder.reset();
    decoder.push(Buffer.of(SLIP_ESC_END, 3, SLIP_END));
    expect(frames).toEqual([Buffer.of(SLIP_ESC_END, 3)]);
  });

  it('never throws and never delivers an empty or oversize frame, on 10,000 seeded line captures', () => {
    const maxFrameBytes = 48;
    fuzzDecoder({
      seed: 0x5117,
      runs: 10_000,
      input: (rng) => randomBytes(rng, rng.int(200), Uint8Array.from(special)),
      decoders: { decode: (bytes: Uint8Array, rng: Rng) => decode(bytes, maxFrameBytes, rng) },
      check: ({ frames }) => {
        const lengths = frames.map((frame) => frame.length);
        expect(lengths.every((n) => n > 0 && n <= maxFrameBytes), `frame lengths ${lengths.join()}`).toBe(true);
        // Re-framing what came out gives the same frames back.
        const again = decode(Buffer.concat(frames.map(encode)), maxFrameBytes).frames;
        expect(again.length === frames.length && again.every((frame, i) => frame.equals(frames[i]!)), 're-framed frames differ').toBe(true);
      },
      decodesMoreThan: 9_999,
    });
  });
});
