/**
 * Stand-ins for the parts of a device the route table talks to, for tests: a workload bus
 * whose outputs the test emits and whose inputs it records, and an in-memory device log.
 */
import type { DeviceLog, ServiceValue, WorkloadBus, WorkloadOutput } from '../embserve/contracts.js';
import { defaultRegistry, singleResource } from '../../lwm2m/index.js';
import { ObjectTree, type NewInstance } from '../objects/index.js';
import { DATA_ROUTE_OBJECT_ID, DATA_ROUTE_RESOURCE } from './data-route.js';

export class FakeWorkloadBus implements WorkloadBus {
  readonly #listeners = new Set<(output: WorkloadOutput) => void>();
  /** Services that take inputs; deliverInput to any other returns false. */
  readonly running = new Set<string>();
  readonly inputs: { readonly service: string; readonly input: ServiceValue }[] = [];

  onOutput(listener: (output: WorkloadOutput) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  deliverInput(service: string, input: ServiceValue): boolean {
    if (!this.running.has(service)) return false;
    this.inputs.push({ service, input });
    return true;
  }

  /** Emits an output of `service` as a running workload would. */
  emit(service: string, value: ServiceValue): void {
    for (const listener of [...this.#listeners]) listener({ ...value, service, at: 0 });
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}

export class MemoryDeviceLog implements DeviceLog {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  recent(n: number): readonly string[] {
    return this.lines.slice(-n);
  }
}

export function routeTree(): ObjectTree {
  return new ObjectTree({ models: defaultRegistry() });
}

/** A Create payload for a route. */
export function newRoute(origin: string, destination: string): NewInstance {
  return {
    resources: new Map([
      [DATA_ROUTE_RESOURCE.ORIGIN_URI, singleResource(DATA_ROUTE_RESOURCE.ORIGIN_URI, 'string', origin)],
      [DATA_ROUTE_RESOURCE.DESTINATION_URI, singleResource(DATA_ROUTE_RESOURCE.DESTINATION_URI, 'string', destination)],
    ]),
  };
}

/** Creates a route as a server would; returns the instance id, or throws with the code it got. */
export function createRoute(tree: ObjectTree, origin: string, destination: string): number {
  const result = tree.create([DATA_ROUTE_OBJECT_ID], newRoute(origin, destination));
  if (result.instanceId === undefined) throw new Error(`create answered ${result.code}`);
  return result.instanceId;
}
