import type { SdfObjects } from '../sdf-models/index.js';
import type { ThingSink } from '../watcher/index.js';
import type { PodController } from './pod-controller.js';

/**
 * `nodes` (the NodeController) with pods run on each thing's node once the node is written:
 * the ThingSink to give the ThingWatcher. A removed thing's pods stop being watched at once;
 * they come back with the device.
 */
export function withPods(nodes: ThingSink, pods: PodController): ThingSink {
  return {
    async upsert(thing: string, description: SdfObjects): Promise<void> {
      await nodes.upsert(thing, description);
      pods.addNode(thing);
    },
    async remove(thing: string): Promise<void> {
      pods.removeNode(thing);
      await nodes.remove(thing);
    },
    known: () => nodes.known(),
  };
}
