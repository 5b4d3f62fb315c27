/**
 * Test models and sample nodes for Device (3), the object the LwM2M 1.1 Core §7.4 content
 * format examples read, shared by the codec tests so each checks the same example.
 */
import type { ModelLookup, ResourceModel, ResourceType } from '../../lwm2m/model.js';
import { multipleResource, objectInstance, singleResource, type ObjectInstance } from '../../lwm2m/node.js';

/** Resource id → [type, multiple]. */
export type ResourceTable = Readonly<Record<number, readonly [ResourceType, boolean]>>;

/**
 * A model lookup over object id → resource table. Each resource is optional, RW and named
 * `R<id>`: codecs only read the type and the multiplicity. Objects themselves are unknown.
 */
export function modelsOf(objects: Readonly<Record<number, ResourceTable>>): ModelLookup {
  const resource = (objectId: number, resourceId: number): ResourceModel | undefined => {
    const def = objects[objectId]?.[resourceId];
    if (def === undefined) return undefined;
    const [type, multiple] = def;
    return { id: resourceId, name: `R${resourceId}`, operations: 'RW', multiple, mandatory: false, type };
  };
  return { object: () => undefined, resource };
}

/** The resources of Device (3) that the Core §7.4 examples carry, with their registry types. */
export const DEVICE_RESOURCES: ResourceTable = {
  0: ['string', false], 1: ['string', false], 2: ['string', false], 3: ['string', false], 4: ['none', false],
  6: ['integer', true], 7: ['integer', true], 8: ['integer', true], 9: ['integer', false], 10: ['integer', false],
  11: ['integer', true], 13: ['time', false], 14: ['string', false], 16: ['string', false],
};

/** Device instance /3/0 as the Core §7.4 examples answer a Read of it, in every content format. */
export const DEVICE_INSTANCE: ObjectInstance = objectInstance(0, [
  singleResource(0, 'string', 'Open Mobile Alliance'),
  singleResource(1, 'string', 'Lightweight M2M Client'),
  singleResource(2, 'string', '345000123'),
  singleResource(3, 'string', '1.0'),
  multipleResource(6, 'integer', [[0, 1], [1, 5]]),
  multipleResource(7, 'integer', [[0, 3800], [1, 5000]]),
  multipleResource(8, 'integer', [[0, 125], [1, 900]]),
  singleResource(9, 'integer', 100),
  singleResource(10, 'integer', 15),
  multipleResource(11, 'integer', [[0, 0]]),
  singleResource(13, 'time', new Date(1_367_491_215 * 1000)),
  singleResource(14, 'string', '+02:00'),
  singleResource(16, 'string', 'U'),
]);
