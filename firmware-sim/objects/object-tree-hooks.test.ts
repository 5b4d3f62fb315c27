import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../lwm2m/registry/index.js';
import { multipleResource, singleResource, type Resource } from '../../lwm2m/node.js';
import { ObjectTree } from './object-tree.js';

const models = defaultRegistry();

function softwareTree(): ObjectTree {
  const t = new ObjectTree({ models });
  t.supportObject(9);
  t.addInstance(9, { id: 0, resources: new Map([[0, singleResource(0, 'string', '')], [1, singleResource(1, 'string', '')], [7, singleResource(7, 'integer', 0)], [9, singleResource(9, 'integer', 0)], [12, singleResource(12, 'boolean', false)]]) });
  return t;
}

const pkg = (bytes: number[]): Resource => singleResource(2, 'opaque', new Uint8Array(bytes));

describe('ObjectTree server hooks', () => {
  it('refuses a whole write with the code a write hook returns, storing nothing', () => {
    const t = softwareTree();
    t.onWrite(9, 2, { accept: () => '4.05' });
    const node = { kind: 'instance' as const, id: 0, resources: new Map([[2, pkg([1])], [3, singleResource(3, 'string', 'coap://x/p')]]) };
    expect(t.write([9, 0], node, 'update').code).toBe('4.05');
    expect(t.getResource([9, 0, 3])).toBeUndefined();
  });

  it('hands a consumed value to the hook without storing it', () => {
    const t = softwareTree();
    const seen: Uint8Array[] = [];
    t.onWrite(9, 2, { store: false, written: (_id, resource) => seen.push(resource.kind === 'single' ? (resource.value as Uint8Array) : new Uint8Array()) });
    expect(t.write([9, 0, 2], pkg([7, 8]), 'replace').code).toBe('2.04');
    expect(seen).toEqual([new Uint8Array([7, 8])]);
    expect(t.getResource([9, 0, 2])).toBeUndefined();
  });

  it('calls written after storing, even when the value is the same as before', () => {
    const t = new ObjectTree({ models });
    t.addInstance(19, { id: 0, resources: new Map([[0, multipleResource(0, 'opaque', new Map([[0, new Uint8Array([1])]]))]]) });
    const calls: number[] = [];
    t.onWrite(19, 0, { written: (instanceId) => {
      calls.push(instanceId);
      t.setValue([19, 0, 0, 1], new Uint8Array([9]));
    } });
    const data = multipleResource(0, 'opaque', new Map([[0, new Uint8Array([1])]]));
    t.write([19, 0, 0], data, 'update');
    t.write([19, 0, 0], data, 'update');
    expect(calls).toEqual([0, 0]);
    const stored = t.getResource([19, 0, 0]);
    expect(stored?.kind === 'multiple' && [...stored.instances.keys()]).toEqual([0, 1]);
  });

  it('lets a create hook refuse a new instance and learn of accepted ones', () => {
    const t = new ObjectTree({ models });
    t.supportObject(35001);
    const created: number[] = [];
    t.onCreate(35001, {
      accept: (_id, resources) => {
        const origin = resources.get(27200);
        return origin?.kind === 'single' && String(origin.value).startsWith('local://') ? undefined : '4.00';
      },
      created: (id) => created.push(id),
    });
    const route = (origin: string) => ({ resources: new Map([[27200, singleResource(27200, 'string', origin)], [27201, singleResource(27201, 'string', 'mqtt://h:1883/t')]]) });
    expect(t.create([35001], route('http://nope')).code).toBe('4.00');
    expect(t.registeredObjects().objects.get(35001)?.instances).toEqual([]);
    expect(t.create([35001], route('local://temp/t')).code).toBe('2.01');
    expect(created).toEqual([0]);
  });

  it('lets a delete hook refuse, and tells it about deletions', () => {
    const t = softwareTree();
    let allow = false;
    const deleted: number[] = [];
    t.onDelete(9, { accept: () => (allow ? undefined : '4.05'), deleted: (id) => deleted.push(id) });
    expect(t.delete([9, 0]).code).toBe('4.05');
    allow = true;
    expect(t.delete([9, 0]).code).toBe('2.02');
    expect(deleted).toEqual([0]);
  });
});
