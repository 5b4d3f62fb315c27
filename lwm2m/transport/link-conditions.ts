import { z } from 'zod';
import { invalidInput } from '../errors.js';
import { seededRandom } from '../seeded-random.js';

/** How a simulated radio link treats datagrams; every field may change at run time. */
export interface LinkConditionsOptions {
  /** Chance, in percent (0-100), that one datagram is lost, drawn per datagram and per direction. Default 0. */
  readonly lossPercent?: number;
  /** Extra one-way delay of every delivered datagram, ms. Default 0. */
  readonly latencyMs?: number;
  /** A further delay drawn uniformly from [0, jitterMs) per datagram, ms; datagrams may overtake each other. Default 0. */
  readonly jitterMs?: number;
  /** The device stops answering: every datagram in either direction is lost. Default false. */
  readonly down?: boolean;
  /**
   * The endpoint's receiver is off, as a queue-mode device's between uplinks (LwM2M
   * Core §6.5): datagrams to it are lost, its own still go out. Default false.
   */
  readonly asleep?: boolean;
  /** Seed of the random source behind loss and jitter, so a run replays (uint32). Default 1. */
  readonly seed?: number;
}

/** What happens to one datagram. */
export type LinkVerdict = { readonly kind: 'lose' } | { readonly kind: 'deliver'; readonly delayMs: number };

export type LinkDirection = 'inbound' | 'outbound';

const DELAY_MAX_MS = 60_000;

const settingsSchema = z.strictObject({
  lossPercent: z.number().min(0).max(100),
  latencyMs: z.number().int().min(0).max(DELAY_MAX_MS),
  jitterMs: z.number().int().min(0).max(DELAY_MAX_MS),
  down: z.boolean(),
  asleep: z.boolean(),
});

type LinkSettings = z.output<typeof settingsSchema>;

const seedSchema = z.number().int().min(0).max(2 ** 32 - 1);

const DEFAULTS: LinkSettings = { lossPercent: 0, latencyMs: 0, jitterMs: 0, down: false, asleep: false };

/**
 * Fault injection for a CoAP endpoint's socket (see link-socket.ts): loss, delay and
 * outages, so tests and benchmarks see how retransmission, timeouts and sleeping
 * devices behave over a bad radio without a real one.
 */
export class LinkConditions {
  #settings: LinkSettings;
  #random: () => number;
  readonly #lost: Record<LinkDirection, number> = { inbound: 0, outbound: 0 };

  constructor(options: LinkConditionsOptions = {}) {
    const { seed, ...settings } = options;
    this.#settings = validated({ ...DEFAULTS, ...defined(settings) });
    this.#random = seededRandom(validatedSeed(seed ?? 1));
  }

  get lossPercent(): number {
    return this.#settings.lossPercent;
  }

  get latencyMs(): number {
    return this.#settings.latencyMs;
  }

  get jitterMs(): number {
    return this.#settings.jitterMs;
  }

  get down(): boolean {
    return this.#settings.down;
  }

  get asleep(): boolean {
    return this.#settings.asleep;
  }

  /** Datagrams lost so far, per direction as seen from the endpoint. */
  get lost(): Readonly<Record<LinkDirection, number>> {
    return { ...this.#lost };
  }

  /**
   * Changes some conditions at once; datagrams already in flight keep their delay.
   * Throws FarsideError INVALID_INPUT and changes nothing when any value is bad.
   */
  update(changes: LinkConditionsOptions): void {
    const { seed, ...settings } = changes;
    const next = validated({ ...this.#settings, ...defined(settings) });
    const random = seed === undefined ? this.#random : seededRandom(validatedSeed(seed));
    this.#settings = next;
    this.#random = random;
  }

  /** Decides the fate of one datagram going `direction`. */
  verdict(direction: LinkDirection): LinkVerdict {
    const { lossPercent, latencyMs, jitterMs } = this.#settings;
    if (this.#deaf(direction) || (lossPercent > 0 && this.#random() * 100 < lossPercent)) {
      this.#lost[direction]++;
      return { kind: 'lose' };
    }
    const jitter = jitterMs > 0 ? Math.floor(this.#random() * jitterMs) : 0;
    return { kind: 'deliver', delayMs: latencyMs + jitter };
  }

  /** A datagram held back by a delay is lost after all if the link went down (or the receiver to sleep) meanwhile. */
  lostOnArrival(direction: LinkDirection): boolean {
    if (!this.#deaf(direction)) return false;
    this.#lost[direction]++;
    return true;
  }

  #deaf(direction: LinkDirection): boolean {
    return this.#settings.down || (this.#settings.asleep && direction === 'inbound');
  }
}

/** An option given as `undefined` means "unchanged", as if it were left out. */
function defined(settings: object): object {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

function validated(settings: unknown): LinkSettings {
  const parsed = settingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalidInput(`invalid link condition ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, parsed.error);
}

function validatedSeed(seed: unknown): number {
  const parsed = seedSchema.safeParse(seed);
  if (parsed.success) return parsed.data;
  throw invalidInput(`invalid link condition seed: ${parsed.error.issues[0]?.message ?? 'invalid'}`, parsed.error);
}
