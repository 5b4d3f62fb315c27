import { describe, expect, it } from 'vitest';
import { formatLinkFormat } from '../../lwm2m/link-format.js';
import { defaultRegistry } from '../../lwm2m/registry/index.js';
import { instanceFromValues, indexed, type ValueOrInstances } from './instance-values.js';
import { ObjectTree } from './object-tree.js';

const models = defaultRegistry();

function tree(): ObjectTree {
  const t = new ObjectTree({ models });
  t.addInstance(0, instanceFromValues(models, 0, 0, new Map([[0, 'coap://gw']])));
  t.addInstance(
    3,
    instanceFromValues(
      models,
      3,
      0,
      new Map<number, ValueOrInstances>([
        [0, 'farside'],
        [6, indexed([1, 5])],
        [9, 80],
        [11, indexed([0])],
        [16, 'UQ'],
      ]),
    ),
  );
  return t;
}

const text = (t: ObjectTree, path: Parameters<ObjectTree['discover']>[0]) => {
  const result = t.discover(path);
  return result.links ? formatLinkFormat(result.links) : result.code;
};

describe('ObjectTree discover', () => {
  it('lists an object, its instances and their resources with dim on multiple resources', () => {
    expect(text(tree(), [3])).toBe('</3>,</3/0>,</3/0/0>,</3/0/4>,</3/0/5>,</3/0/6>;dim=2,</3/0/9>,</3/0/11>;dim=1,</3/0/12>,</3/0/16>');
  });

  it('shows the attributes written on each level', () => {
    const t = tree();
    expect(t.writeAttributes([3], { pmin: 10 }).code).toBe('2.04');
    expect(t.writeAttributes([3, 0], { pmax: 60 }).code).toBe('2.04');
    expect(t.writeAttributes([3, 0, 9], { gt: 50, lt: 20.5 }).code).toBe('2.04');
    expect(text(t, [3])).toBe(
      '</3>;pmin=10,</3/0>;pmax=60,</3/0/0>,</3/0/4>,</3/0/5>,</3/0/6>;dim=2,</3/0/9>;gt=50;lt=20.5,</3/0/11>;dim=1,</3/0/12>,</3/0/16>',
    );
    expect(text(t, [3, 0])).toBe('</3/0>;pmax=60,</3/0/0>,</3/0/4>,</3/0/5>,</3/0/6>;dim=2,</3/0/9>;gt=50;lt=20.5,</3/0/11>;dim=1,</3/0/12>,</3/0/16>');
  });

  it('shows a resource with the attributes it inherits', () => {
    const t = tree();
    t.writeAttributes([3], { pmin: 10, pmax: 100 });
    t.writeAttributes([3, 0], { pmax: 60 });
    t.writeAttributes([3, 0, 6], { pmin: 2 });
    expect(text(t, [3, 0, 6])).toBe('</3/0/6>;dim=2;pmin=2;pmax=60');
  });

  it('answers 4.04 for unknown targets, 4.01 for Security and 4.05 for root or resource instances', () => {
    const t = tree();
    expect(text(t, [4])).toBe('4.04');
    expect(text(t, [3, 1])).toBe('4.04');
    expect(text(t, [3, 0, 1])).toBe('4.04');
    expect(text(t, [0])).toBe('4.01');
    expect(text(t, [])).toBe('4.05');
    expect(text(t, [3, 0, 6, 0])).toBe('4.05');
  });
});

describe('ObjectTree writeAttributes', () => {
  it('removes an attribute written as null and keeps the others', () => {
    const t = tree();
    t.writeAttributes([3, 0], { pmin: 5, pmax: 60 });
    expect(t.writeAttributes([3, 0], { pmin: null }).code).toBe('2.04');
    expect(text(t, [3, 0, 16])).toBe('</3/0/16>;pmax=60');
  });

  it('accepts gt, lt and st only on numeric resources', () => {
    const t = tree();
    expect(t.writeAttributes([3, 0, 9], { st: 5 }).code).toBe('2.04');
    expect(t.writeAttributes([3, 0, 11, 0], { gt: 1 }).code).toBe('2.04');
    expect(t.writeAttributes([3, 0, 0], { gt: 1 }).code).toBe('4.00');
    expect(t.writeAttributes([3, 0], { lt: 1 }).code).toBe('4.00');
    expect(t.writeAttributes([3], { st: 1 }).code).toBe('4.00');
    expect(t.writeAttributes([3, 0, 6], { gt: 1 }).code).toBe('4.00');
  });

  it('requires lt < gt and lt + 2*st < gt', () => {
    const t = tree();
    expect(t.writeAttributes([3, 0, 9], { gt: 20, lt: 20 }).code).toBe('4.00');
    expect(t.writeAttributes([3, 0, 9], { gt: 50, lt: 20, st: 15 }).code).toBe('4.00');
    expect(t.writeAttributes([3, 0, 9], { gt: 50, lt: 20, st: 14.5 }).code).toBe('2.04');
    // Checked against what is already there, too.
    expect(t.writeAttributes([3, 0, 9], { lt: 60 }).code).toBe('4.00');
    expect(text(t, [3, 0, 9])).toBe('</3/0/9>;gt=50;lt=20;st=14.5');
  });

  it('answers 4.00 for negative or fractional periods and negative steps', () => {
    const t = tree();
    expect(t.writeAttributes([3, 0], { pmin: -1 }).code).toBe('4.00');
    expect(t.writeAttributes([3, 0], { pmax: 1.5 }).code).toBe('4.00');
    expect(t.writeAttributes([3, 0, 9], { st: -2 }).code).toBe('4.00');
    expect(t.writeAttributes([3, 0], { epmin: 1, epmax: 10 }).code).toBe('2.04');
  });

  it('answers 4.04 for unknown targets and 4.01 for Security', () => {
    const t = tree();
    expect(t.writeAttributes([5], { pmin: 1 }).code).toBe('4.04');
    expect(t.writeAttributes([3, 2], { pmin: 1 }).code).toBe('4.04');
    expect(t.writeAttributes([3, 0, 1], { pmin: 1 }).code).toBe('4.04');
    expect(t.writeAttributes([3, 0, 6, 9], { pmin: 1 }).code).toBe('4.04');
    expect(t.writeAttributes([0, 0], { pmin: 1 }).code).toBe('4.01');
  });
});
