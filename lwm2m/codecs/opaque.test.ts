import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { EMPTY_MODELS, type ModelLookup, type ResourceModel } from '../model.js';
import { multipleResource, resourceInstance, singleResource } from '../node.js';
import { opaqueCodec } from './opaque.js';

/** Object 19 (BinaryAppDataContainer): Data (0) is multiple opaque; resource 5 here is a single string. */
const MODELS: ModelLookup = {
  object: () => undefined,
  resource(objectId, resourceId): ResourceModel | undefined {
    if (objectId !== 19) return undefined;
    if (resourceId === 0) return { id: 0, name: 'Data', operations: 'RW', multiple: true, mandatory: true, type: 'opaque' };
    if (resourceId === 5) return { id: 5, name: 'Name', operations: 'RW', multiple: false, mandatory: false, type: 'string' };
    if (resourceId === 6) return { id: 6, name: 'Blob', operations: 'RW', multiple: false, mandatory: false, type: 'opaque' };
    return undefined;
  },
};

describe('opaque codec', () => {
  it('carries the raw bytes of a single opaque resource both ways', () => {
    const bytes = Uint8Array.of(0, 1, 2, 255);
    expect(opaqueCodec.encode([19, 0, 6], singleResource(6, 'opaque', bytes), MODELS)).toEqual(bytes);
    expect(opaqueCodec.decode([19, 0, 6], bytes, MODELS)).toEqual(singleResource(6, 'opaque', bytes));
  });

  it('carries a resource instance of a multiple opaque resource', () => {
    const node = resourceInstance(1, 'opaque', Uint8Array.of(9));
    expect(opaqueCodec.encode([19, 0, 0, 1], node, MODELS)).toEqual(Uint8Array.of(9));
    expect(opaqueCodec.decode([19, 0, 0, 1], Uint8Array.of(9), MODELS)).toEqual(node);
  });

  it('decodes any resource no model knows as opaque, including an empty payload', () => {
    expect(opaqueCodec.decode([5, 0, 0], new Uint8Array(0), EMPTY_MODELS)).toEqual(singleResource(0, 'opaque', new Uint8Array(0)));
  });

  it('returns a plain Uint8Array copy, not a view of the received buffer', () => {
    const payload = Buffer.from([1, 2, 3]);
    const node = opaqueCodec.decode([19, 0, 6], payload, MODELS);
    payload[0] = 99;
    expect(node).toEqual(singleResource(6, 'opaque', Uint8Array.of(1, 2, 3)));
    expect(node.kind === 'single' && Buffer.isBuffer(node.value)).toBe(false);
  });

  it('refuses a resource the model says is not opaque', () => {
    expectInvalidInput(() => opaqueCodec.decode([19, 0, 5], Uint8Array.of(65), MODELS));
    expectInvalidInput(() => opaqueCodec.encode([19, 0, 5], singleResource(5, 'opaque', Uint8Array.of(65)), MODELS));
  });

  it('refuses non-opaque values, objects, instances and whole multiple resources', () => {
    expectInvalidInput(() => opaqueCodec.encode([5, 0, 1], singleResource(1, 'string', 'x'), EMPTY_MODELS));
    expectInvalidInput(() => opaqueCodec.encode([5, 0, 1], singleResource(1, 'opaque', 'x'), EMPTY_MODELS));
    expectInvalidInput(() => opaqueCodec.encode([19, 0, 0], multipleResource(0, 'opaque', [[0, Uint8Array.of(1)]]), MODELS));
    expectInvalidInput(() => opaqueCodec.decode([19, 0, 0], Uint8Array.of(1), MODELS));
    expectInvalidInput(() => opaqueCodec.decode([19, 0], Uint8Array.of(1), MODELS));
    expectInvalidInput(() => opaqueCodec.decode([19], Uint8Array.of(1), MODELS));
    expectInvalidInput(() => opaqueCodec.decode([19, 0, 6, 0], Uint8Array.of(1), MODELS));
  });
});
