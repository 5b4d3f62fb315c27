/**
 * Where workload outputs meet their consumers (data routes, the shell, Send) and where
 * inputs from outside reach a running workload. Inputs come from the network or the
 * shell, so each is validated before a workload sees it.
 */
import { z } from 'zod';
import { SERVICE_VALUE_TYPE } from '../../oci/index.js';
import type { ServiceValue, WorkloadBus, WorkloadOutput } from './contracts.js';

const serviceValueSchema = z.object({
  key: z.string().min(1),
  type: z.union([z.literal(SERVICE_VALUE_TYPE.INT), z.literal(SERVICE_VALUE_TYPE.FLOAT)]),
  value: z.number().finite(),
});

/** Hands an input to the running workloads named `service`; true when one took it. */
export type InputSink = (service: string, input: ServiceValue) => boolean;

export class LocalWorkloadBus implements WorkloadBus {
  readonly #listeners = new Set<(output: WorkloadOutput) => void>();
  readonly #deliver: InputSink;
  readonly #onListenerError: (err: unknown) => void;

  /** `onListenerError` hears of a listener that threw; the other listeners still get the output. */
  constructor(deliver: InputSink, onListenerError: (err: unknown) => void) {
    this.#deliver = deliver;
    this.#onListenerError = onListenerError;
  }

  onOutput(listener: (output: WorkloadOutput) => void): () => void {
    // Wrapped so the same function may subscribe twice and unsubscribe each time on its own.
    const entry = (output: WorkloadOutput): void => listener(output);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  deliverInput(service: string, input: ServiceValue): boolean {
    if (typeof service !== 'string') return false;
    const parsed = serviceValueSchema.safeParse(input);
    return parsed.success && this.#deliver(service, parsed.data);
  }

  /** Publishes an output of a running workload to every listener. */
  emit(output: WorkloadOutput): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(output);
      } catch (err) {
        this.#onListenerError(err);
      }
    }
  }
}
