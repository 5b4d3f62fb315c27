import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import type { SdfClient, SdfObjects } from '../../sdf-models/index.js';
import { ThingWatcher, type ThingSink } from '../../watcher/index.js';
import { nodeNameFromThing } from '../node-name.js';
import { startOtlpExport, type OtlpSettings } from './otlp-metrics.js';
import { prometheusRegistryFor } from './prometheus-metrics.js';
import { RateLimitedWarnings, type TelemetryLogger } from './rate-limited-warnings.js';
import { TelemetryStore } from './telemetry-store.js';
import { ThingTelemetry } from './thing-telemetry.js';

/** What the bridge needs of an SdfClient (started by the caller). */
export type TelemetrySource = Pick<SdfClient, 'onAnnounce' | 'onUnregister' | 'things' | 'request' | 'observe' | 'on' | 'off'>;

export interface TelemetryBridgeOptions {
  readonly sdf: TelemetrySource;
  /** How often monitoring is read (and what cannot be observed), ms; also the OTLP export interval unless `otlp` says otherwise. Default 15 000. */
  readonly intervalMs?: number;
  /** Push the metrics to an OpenTelemetry collector too. Default: Prometheus only. */
  readonly otlp?: OtlpSettings;
  /** The `node` label is `<nodePrefix>-<thing>` made DNS-1123 safe, as the kubelet names nodes. Default `farside`. */
  readonly nodePrefix?: string;
  /** Per device request, ms. Default: the client's. */
  readonly requestTimeoutMs?: number;
  readonly logger?: TelemetryLogger;
}

export const DEFAULT_TELEMETRY_INTERVAL_MS = 15_000;

const millis = z.number().int().min(10).max(2 ** 31 - 1);
const optionsSchema = z.object({
  intervalMs: millis.default(DEFAULT_TELEMETRY_INTERVAL_MS),
  otlp: z.object({ url: z.url({ protocol: /^https?$/ }), intervalMs: millis.optional(), headers: z.record(z.string(), z.string()).optional() }).optional(),
  nodePrefix: z.string().default('farside'),
  requestTimeoutMs: z.number().int().min(1).max(2 ** 31 - 1).optional(),
});

/**
 * The MLSysOps proxy agent: follows the gateway's things and exports their radio,
 * monitoring and sensor values as Prometheus metrics (`registry`, `metricsText()`) and,
 * when configured, as OTLP metrics pushed to a collector. Device failures are counted in
 * `farside_telemetry_errors_total` and logged at most once a minute per thing and reason.
 * After an MQTT reconnection every thing's observations are set up again; the watcher
 * reconciles the list of things.
 */
export class TelemetryBridge {
  readonly registry: Registry;
  readonly #options: TelemetryBridgeOptions & z.output<typeof optionsSchema>;
  readonly #store = new TelemetryStore();
  readonly #things = new Map<string, ThingTelemetry>();
  readonly #closing = new Set<Promise<void>>();
  readonly #warnings: RateLimitedWarnings;
  readonly #watcher: ThingWatcher;
  #timer: NodeJS.Timeout | undefined;
  #otlp: MeterProvider | undefined;
  #onReady: ((info: { readonly reconnect: boolean }) => void) | undefined;
  #state: 'new' | 'running' | 'stopped' = 'new';

  /** Throws FarsideError INVALID_INPUT for a bad option. */
  constructor(options: TelemetryBridgeOptions) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidInput(`invalid telemetry option ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'unknown problem'}`, parsed.error);
    }
    this.#options = { ...options, ...parsed.data };
    this.#warnings = new RateLimitedWarnings(options.logger);
    this.registry = prometheusRegistryFor(this.#store);
    this.#watcher = new ThingWatcher({ source: options.sdf, sink: this.#sink(), ...(options.logger ? { logger: options.logger } : {}), ...(parsed.data.requestTimeoutMs ? { requestTimeoutMs: parsed.data.requestTimeoutMs } : {}) });
  }

  /** Follows the things, starts the interval and the OTLP export; resolves once the gateway's things are known. */
  async start(): Promise<void> {
    if (this.#state !== 'new') return;
    this.#state = 'running';
    const { sdf, intervalMs, otlp } = this.#options;
    this.#onReady = ({ reconnect }) => {
      if (reconnect) for (const thing of this.#things.values()) thing.reobserve();
    };
    sdf.on('ready', this.#onReady);
    if (otlp !== undefined) this.#otlp = startOtlpExport(this.#store, otlp, intervalMs, this.#warnings);
    await this.#watcher.start();
    if (this.#state !== 'running') return;
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    this.#tick();
  }

  /** Stops following, observing and exporting (a last OTLP export is attempted); idempotent. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    clearInterval(this.#timer);
    if (this.#onReady) this.#options.sdf.off('ready', this.#onReady);
    await this.#watcher.stop();
    for (const thing of [...this.#things.keys()]) this.#forget(thing);
    await Promise.all(this.#closing);
    await this.#otlp?.shutdown().catch((error: unknown) => this.#warnings.warn('otlp-shutdown', { error }, 'the last OTLP export failed'));
  }

  /** The Prometheus text exposition of every metric; the content type is `registry.contentType`. */
  metricsText(): Promise<string> {
    return this.registry.metrics();
  }

  /** The things whose telemetry is followed. */
  things(): string[] {
    return [...this.#things.keys()];
  }

  #tick(): void {
    for (const thing of this.#things.values()) thing.tick();
  }

  #sink(): ThingSink {
    return {
      upsert: (thing: string, description: SdfObjects) => {
        if (this.#state === 'stopped') return;
        let telemetry = this.#things.get(thing);
        if (telemetry === undefined) {
          this.#store.ensure(thing, nodeNameFromThing(this.#options.nodePrefix, thing));
          telemetry = new ThingTelemetry({
            thing,
            source: this.#options.sdf,
            store: this.#store,
            ...(this.#options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: this.#options.requestTimeoutMs }),
            onFailure: (name, reason, detail, message) => this.#warnings.warn(`${name}\u0000${reason}`, { thing: name, reason, ...detail }, message),
          });
          this.#things.set(thing, telemetry);
          telemetry.describe(description);
          telemetry.tick();
        } else {
          telemetry.describe(description);
        }
      },
      remove: (thing: string) => this.#forget(thing),
      known: () => [...this.#things.keys()],
    };
  }

  /** Removes the thing's series at once; its observations stop in the background (stop waits for them). */
  #forget(thing: string): void {
    const telemetry = this.#things.get(thing);
    this.#things.delete(thing);
    this.#store.remove(thing);
    this.#warnings.forget(`${thing}\u0000`);
    if (telemetry === undefined) return;
    const closing = telemetry.close().finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }
}
