/**
 * FITA's native modules (`service`, base64 machine code for the board) cannot execute in
 * a simulator, so this engine plays them from their manifest. Every period each output
 * produces, in order of preference: the value of a board sensor of its own (one its
 * mapping names and no input of the workload already reads); else the running mean of
 * every input value received since start (FITA's temperature-average service: input
 * /3303/0/5700, output /3303/1/5700); else a plausible seeded signal. Costs follow the
 * manifest: a small stack and heap per declared value plus the model's tensor arena, the
 * module's bytes in flash.
 */
import { z } from 'zod';
import type { ServiceJson } from '../../oci/index.js';
import type { ServiceValue } from './contracts.js';
import { parseDataModelMapping, type DataModelMapping } from './data-model-mapping.js';
import { signalShape } from './plausible-values.js';
import type { RunningWorkload, WorkloadContext, WorkloadEngine, WorkloadRequirements } from './workload-engine.js';

export const NATIVE_ENGINE_KIND = 'native';

/** Stack and heap of an embServe service task with no inputs or outputs, bytes. */
const BASE_RAM_BYTES = 4096;
/** Buffers per declared input or output, bytes. */
const RAM_PER_VALUE_BYTES = 64;
/** Name, version and value table stored next to the module, bytes. */
const METADATA_FLASH_BYTES = 512;
/** What the simulated service loop costs the CPU, % (before jitter). */
const CPU_BASE_PERCENT = { min: 1, max: 4 } as const;
/** How far one reading of the CPU share wanders from its base, %. */
const CPU_JITTER_PERCENT = 2;
/** The sine every synthetic signal follows, ms per cycle. */
const SIGNAL_CYCLE_MS = 60_000;

/** farside's optional `period_ms` (FITA ignores it): how often outputs are produced, ms. */
const periodSchema = z.number().int().min(10).max(86_400_000);

/** Bytes a padded base64 text decodes to, without decoding it. */
export function base64DecodedLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.max(0, (text.length / 4) * 3 - padding);
}

/** The package's `period_ms` when present and valid, else `fallbackMs`. */
export function servicePeriodMs(service: ServiceJson, fallbackMs: number): number {
  const parsed = periodSchema.safeParse((service as Record<string, unknown>).period_ms);
  return parsed.success ? parsed.data : fallbackMs;
}

export class NativeEngine implements WorkloadEngine {
  readonly kind = NATIVE_ENGINE_KIND;

  accepts(service: ServiceJson): boolean {
    return service.service !== undefined;
  }

  requirements(service: ServiceJson): WorkloadRequirements {
    const values = (service.inputs?.length ?? 0) + (service.outputs?.length ?? 0);
    return {
      ramBytes: BASE_RAM_BYTES + RAM_PER_VALUE_BYTES * values + (service.model?.tensor_arena_size ?? 0),
      flashBytes: base64DecodedLength(service.service ?? '') + METADATA_FLASH_BYTES,
    };
  }

  start(context: WorkloadContext): RunningWorkload {
    return new SimulatedNativeWorkload(context, this.requirements(context.service));
  }
}

class SimulatedNativeWorkload implements RunningWorkload {
  readonly #context: WorkloadContext;
  readonly #requirements: WorkloadRequirements;
  readonly #periodMs: number;
  readonly #cpuBase: number;
  /** Each output's phase on the signal cycle, so two outputs do not move in step. */
  readonly #phases: number[];
  /** `object/resource` of the sensors the inputs read: an output mapped to one derives from the inputs instead. */
  readonly #readByInputs: ReadonlySet<string>;
  /** The running mean of every input value received, and how many went into it. */
  #inputMean = 0;
  #inputCount = 0;
  /** When each input key was last printed: inputs fed on every sensor change must not flood the log. */
  readonly #inputLoggedAt = new Map<string, number>();
  #timer: unknown;
  #stopped = false;

  constructor(context: WorkloadContext, requirements: WorkloadRequirements) {
    this.#context = context;
    this.#requirements = requirements;
    this.#periodMs = servicePeriodMs(context.service, context.periodMs);
    this.#cpuBase = CPU_BASE_PERCENT.min + context.random() * (CPU_BASE_PERCENT.max - CPU_BASE_PERCENT.min);
    this.#phases = (context.service.outputs ?? []).map(() => context.random() * 2 * Math.PI);
    this.#readByInputs = new Set(
      (context.service.inputs ?? []).flatMap((input) => (input.data_model_mapping ?? []).map(parseDataModelMapping).flatMap((m) => (m === undefined ? [] : [sensorKey(m)]))),
    );
    const moduleBytes = base64DecodedLength(context.service.service ?? '');
    context.log(`native module of ${moduleBytes} B simulated from its manifest, every ${this.#periodMs} ms`);
    this.#schedule();
  }

  input(value: ServiceValue): boolean {
    const declared = this.#context.service.inputs?.find((input) => input.key === value.key);
    if (declared === undefined || declared.type !== value.type || !Number.isFinite(value.value)) return false;
    if (declared.type === 0 && !Number.isInteger(value.value)) return false;
    this.#inputCount += 1;
    this.#inputMean += (value.value - this.#inputMean) / this.#inputCount;
    const now = this.#context.clock.now();
    const loggedAt = this.#inputLoggedAt.get(value.key);
    if (loggedAt === undefined || now - loggedAt >= this.#periodMs) {
      this.#inputLoggedAt.set(value.key, now);
      this.#context.log(`input ${value.key}=${value.value}`);
    }
    return true;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#context.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  cpuPercent(): number {
    if (this.#stopped) return 0;
    const jittered = this.#cpuBase + (this.#context.random() - 0.5) * CPU_JITTER_PERCENT;
    return Math.round(Math.max(0.5, jittered) * 10) / 10;
  }

  memoryBytes(): number {
    if (this.#stopped) return 0;
    const arena = this.#context.service.model?.tensor_arena_size ?? 0;
    const stackAndHeap = this.#requirements.ramBytes - arena;
    // The heap breathes; the tensor arena is allocated whole.
    return arena + Math.round(stackAndHeap * (0.8 + 0.15 * this.#context.random()));
  }

  #schedule(): void {
    this.#timer = this.#context.clock.setTimeout(() => {
      if (this.#stopped) return;
      this.#produce();
      if (!this.#stopped) this.#schedule();
    }, this.#periodMs);
  }

  #produce(): void {
    const outputs = this.#context.service.outputs ?? [];
    outputs.forEach((output, i) => {
      if (this.#stopped) return;
      const derived = this.#inputCount > 0 ? this.#inputMean : undefined;
      const value = this.#sensed(output.data_model_mapping) ?? derived ?? this.#synthetic(output.data_model_mapping, this.#phases[i] ?? 0);
      this.#context.output(output.key, output.type, output.type === 0 ? Math.round(value) : value);
    });
  }

  /** The first mapped resource the board has a sensor for that the inputs do not already read. */
  #sensed(mappings: readonly string[] | undefined): number | undefined {
    for (const text of mappings ?? []) {
      const mapping = parseDataModelMapping(text);
      if (mapping === undefined || this.#readByInputs.has(sensorKey(mapping))) continue;
      const value = this.#context.sensors.sample(mapping.objectId, mapping.resourceId);
      if (value !== undefined && Number.isFinite(value)) return value;
    }
    return undefined;
  }

  #synthetic(mappings: readonly string[] | undefined, phase: number): number {
    const first = mappings?.[0] === undefined ? undefined : parseDataModelMapping(mappings[0]);
    const shape = signalShape(first?.objectId);
    const angle = (2 * Math.PI * this.#context.clock.now()) / SIGNAL_CYCLE_MS + phase;
    const noise = (this.#context.random() - 0.5) * 0.2 * shape.swing;
    return Math.round((shape.centre + shape.swing * Math.sin(angle) + noise) * 100) / 100;
  }
}

/** The board sensor a mapping reads: SensorSource knows objects and resources, not instances. */
function sensorKey(mapping: DataModelMapping): string {
  return `${mapping.objectId}/${mapping.resourceId}`;
}
