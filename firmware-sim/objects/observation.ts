/**
 * One Observe relationship (Core §6.4.1) and its notification timing under the effective
 * attributes: pmin defers (never drops) a notification, pmax forces one, gt/lt/st filter
 * changes of numeric values.
 */
import type { LwM2mNode } from '../../lwm2m/node.js';
import type { LwM2mPath } from '../../lwm2m/path.js';
import type { ResponseCode } from '../../lwm2m/response-code.js';
import type { NotificationAttributes } from './attributes.js';
import { changeValueConditionsMet } from './change-conditions.js';
import type { Clock, TimerHandle } from './clock.js';
import { isNumericType } from './value-check.js';

export type ObserveListener = (node: LwM2mNode) => void;

/** Told why an observation ended on the device's side, e.g. 4.04 when its target was deleted. */
export type ObservationEndListener = (code: ResponseCode) => void;

export interface ObservationSource {
  read(): { readonly code: ResponseCode; readonly node?: LwM2mNode };
  /** Effective attributes at the observed path, defaults included. */
  attributes(): NotificationAttributes;
}

const MS_PER_S = 1000;

function numericValue(node: LwM2mNode): number | undefined {
  if (node.kind !== 'single' && node.kind !== 'resourceInstance') return undefined;
  if (!isNumericType(node.type)) return undefined;
  return typeof node.value === 'number' || typeof node.value === 'bigint' ? Number(node.value) : undefined;
}

/** pmax only counts when positive and not below pmin (Core §5.1.2). */
function maxPeriodS(attrs: NotificationAttributes): number | undefined {
  const { pmin, pmax } = attrs;
  if (pmax === undefined || pmax <= 0) return undefined;
  if (pmin !== undefined && pmax < pmin) return undefined;
  return pmax;
}

export class Observation {
  readonly path: LwM2mPath;
  readonly #source: ObservationSource;
  readonly #clock: Clock;
  readonly #listener: ObserveListener;
  readonly #onEnd: ObservationEndListener | undefined;
  #lastNotifiedAt = 0;
  #lastValue: number | undefined;
  #pminTimer: TimerHandle | undefined;
  #pmaxTimer: TimerHandle | undefined;
  #closed = false;

  constructor(path: LwM2mPath, source: ObservationSource, clock: Clock, listener: ObserveListener, onEnd?: ObservationEndListener) {
    this.path = path;
    this.#source = source;
    this.#clock = clock;
    this.#listener = listener;
    this.#onEnd = onEnd;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The Observe response itself counts as the first notification for pmin/pmax. */
  begin(initial: LwM2mNode): void {
    this.#record(initial);
    this.#armPmax();
  }

  /** Something at or around the observed path changed value. */
  changed(): void {
    if (this.#closed || this.#pminTimer !== undefined) return;
    const result = this.#source.read();
    if (result.node === undefined) return this.end(result.code);
    const attrs = this.#source.attributes();
    const current = numericValue(result.node);
    if (current !== undefined && this.#lastValue !== undefined && !changeValueConditionsMet(attrs, this.#lastValue, current)) return;
    const waitMs = this.#lastNotifiedAt + (attrs.pmin ?? 0) * MS_PER_S - this.#clock.now();
    if (waitMs <= 0) return this.#notify(result.node);
    this.#pminTimer = this.#clock.setTimeout(() => {
      this.#pminTimer = undefined;
      this.#notifyCurrent();
    }, waitMs);
  }

  /** Write-Attributes touched the observed path or a level above it. */
  attributesChanged(): void {
    if (!this.#closed) this.#armPmax();
  }

  end(code: ResponseCode): void {
    if (this.#closed) return;
    this.close();
    this.#onEnd?.(code);
  }

  close(): void {
    this.#closed = true;
    this.#clearTimers();
  }

  #notifyCurrent(): void {
    if (this.#closed) return;
    const result = this.#source.read();
    if (result.node === undefined) return this.end(result.code);
    this.#notify(result.node);
  }

  #notify(node: LwM2mNode): void {
    this.#clearTimers();
    this.#record(node);
    this.#listener(node);
    // The listener may have cancelled us.
    if (!this.#closed) this.#armPmax();
  }

  #record(node: LwM2mNode): void {
    this.#lastNotifiedAt = this.#clock.now();
    this.#lastValue = numericValue(node);
  }

  #armPmax(): void {
    if (this.#pmaxTimer !== undefined) this.#clock.clearTimeout(this.#pmaxTimer);
    this.#pmaxTimer = undefined;
    const pmax = maxPeriodS(this.#source.attributes());
    if (pmax === undefined) return;
    const waitMs = Math.max(0, this.#lastNotifiedAt + pmax * MS_PER_S - this.#clock.now());
    this.#pmaxTimer = this.#clock.setTimeout(() => {
      this.#pmaxTimer = undefined;
      this.#notifyCurrent();
    }, waitMs);
  }

  #clearTimers(): void {
    if (this.#pminTimer !== undefined) this.#clock.clearTimeout(this.#pminTimer);
    if (this.#pmaxTimer !== undefined) this.#clock.clearTimeout(this.#pmaxTimer);
    this.#pminTimer = undefined;
    this.#pmaxTimer = undefined;
  }
}
