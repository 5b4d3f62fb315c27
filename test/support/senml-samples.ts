/**
 * What the SenML JSON and SenML CBOR tests share: the same models and the same sample
 * values, so the two encodings of RFC 8428 are checked against one another's data.
 */
import { lwm2mObject, multipleResource, objectInstance, resourceInstance, singleResource, type LwM2mNode, type LwM2mObject, type ObjectInstance } from '../../lwm2m/node.js';
import type { LwM2mPath } from '../../lwm2m/path.js';
import { DEVICE_RESOURCES, modelsOf } from './device-models.js';

/** Device (3) as far as the spec examples go, a temperature sensor, and test object 9999 with every type. */
export const SENML_MODELS = modelsOf({
  3: DEVICE_RESOURCES,
  3303: { 5700: ['float', false] },
  9999: {
    0: ['string', false], 1: ['integer', false], 2: ['unsigned', false], 3: ['float', false], 4: ['boolean', false],
    5: ['opaque', false], 6: ['time', false], 7: ['objlnk', false], 8: ['corelnk', false], 9: ['none', false],
    10: ['integer', true], 11: ['opaque', true], 12: ['float', true], 13: ['objlnk', true], 14: ['unsigned', false],
  },
});

/**
 * Instance /9999/0 with a value of every type at its edges. `floats` are the instances of
 * the multiple float resource 12, which differ by encoding: JSON cannot carry NaN or infinities.
 */
export function everyTypeInstance(floats: readonly (readonly [number, number])[]): ObjectInstance {
  return objectInstance(0, [
    singleResource(0, 'string', 'héllo "quoted"\n✓'),
    singleResource(1, 'integer', -(2n ** 63n)),
    singleResource(2, 'unsigned', 2n ** 64n - 1n),
    singleResource(3, 'float', -3.25),
    singleResource(4, 'boolean', false),
    singleResource(5, 'opaque', new Uint8Array([0, 1, 0xfb, 0xff])),
    singleResource(6, 'time', new Date(1_700_000_000_000)),
    singleResource(7, 'objlnk', { objectId: 65535, instanceId: 65535 }),
    singleResource(8, 'corelnk', '</3/0>;ct=110'),
    singleResource(14, 'unsigned', 42),
    multipleResource(10, 'integer', [[0, 7], [5, 2n ** 63n - 1n], [65534, -1]]),
    multipleResource(11, 'opaque', [[1, new Uint8Array([])], [2, new Uint8Array([0x3e, 0x3f])]]),
    multipleResource(12, 'float', floats),
    multipleResource(13, 'objlnk', [[0, { objectId: 3, instanceId: 0 }]]),
  ]);
}

/** Object 9999 holding `instance` and a small second instance, 7. */
export function everyTypeObject(instance: ObjectInstance): LwM2mObject {
  return lwm2mObject(9999, [instance, objectInstance(7, [singleResource(4, 'boolean', true)])]);
}

/**
 * Round-trip cases at every level from the root down to resource instances, as
 * [name, path, node]; `float` is the value of the float resource instance.
 */
export function roundTripCases(instance: ObjectInstance, float: number): [string, LwM2mPath, LwM2mNode][] {
  const object = everyTypeObject(instance);
  return [
    ['the root', [], object],
    ['an object', [9999], object],
    ['an object instance', [9999, 0], instance],
    ...[...instance.resources.values()].map((r): [string, LwM2mPath, LwM2mNode] => [`resource ${r.id} (${r.kind} ${r.type})`, [9999, 0, r.id], r]),
    ['an integer resource instance', [9999, 0, 10, 5], resourceInstance(5, 'integer', 2n ** 63n - 1n)],
    ['an opaque resource instance', [9999, 0, 11, 2], resourceInstance(2, 'opaque', new Uint8Array([1, 2, 3]))],
    ['a float resource instance', [9999, 0, 12, 0], resourceInstance(0, 'float', float)],
    ['an object link resource instance', [9999, 0, 13, 9], resourceInstance(9, 'objlnk', { objectId: 1, instanceId: 2 })],
  ];
}
