import { describe, expect, it, vi } from 'vitest';
import { defaultRegistry } from '../../lwm2m/registry/index.js';
import { instanceFromValues } from './instance-values.js';
import { ObjectTree } from './object-tree.js';

const models = defaultRegistry();

function tree(): ObjectTree {
  const t = new ObjectTree({ models });
  t.addInstance(0, instanceFromValues(models, 0, 0, new Map([[0, 'coap://gw']])));
  t.addInstance(3, instanceFromValues(models, 3, 0, new Map([[16, 'UQ']])));
  return t;
}

describe('ObjectTree execute', () => {
  it('calls the handler of an executable resource and answers 2.04', () => {
    const t = tree();
    const reboot = vi.fn();
    t.onExecute([3, 0, 4], reboot);
    expect(t.execute([3, 0, 4])).toEqual({ code: '2.04' });
    expect(reboot).toHaveBeenCalledWith(undefined, { path: [3, 0, 4], args: undefined, arguments: new Map() });
  });

  it('passes parsed arguments to the handler', () => {
    const t = tree();
    const handler = vi.fn();
    t.onExecute([3, 0, 5], handler);
    t.execute([3, 0, 5], "0,1='http://example.com/a,b'");
    expect(handler.mock.calls[0]?.[0]).toBe("0,1='http://example.com/a,b'");
    expect(handler.mock.calls[0]?.[1].arguments).toEqual(new Map([[0, undefined], [1, 'http://example.com/a,b']]));
  });

  it('answers with the code the handler returns, and 5.00 when it throws', () => {
    const t = tree();
    t.onExecute([3, 0, 4], () => '4.05');
    t.onExecute([3, 0, 5], () => {
      throw new Error('flash busy');
    });
    expect(t.execute([3, 0, 4]).code).toBe('4.05');
    expect(t.execute([3, 0, 5]).code).toBe('5.00');
  });

  it('answers 2.04 when the handler returns something that is not a response code', () => {
    const t = tree();
    const calls: unknown[] = [];
    t.onExecute([3, 0, 4], (args) => calls.push(args));
    expect(t.execute([3, 0, 4], '1').code).toBe('2.04');
    expect(calls).toEqual(['1']);
  });

  it('answers 2.04 for an executable without a handler', () => {
    expect(tree().execute([3, 0, 12]).code).toBe('2.04');
  });

  it('answers 4.05 for a resource that is not executable or a path that is not a resource', () => {
    const t = tree();
    expect(t.execute([3, 0, 16]).code).toBe('4.05');
    expect(t.execute([3, 0]).code).toBe('4.05');
    expect(t.execute([3]).code).toBe('4.05');
  });

  it('answers 4.04 for unknown targets, 4.01 for Security and 4.00 for malformed arguments', () => {
    const t = tree();
    expect(t.execute([3, 1, 4]).code).toBe('4.04');
    expect(t.execute([3, 0, 99]).code).toBe('4.04');
    expect(t.execute([0, 0, 0]).code).toBe('4.01');
    expect(t.execute([3, 0, 4], 'reboot now').code).toBe('4.00');
  });

  it('stops calling a handler once it is removed', () => {
    const t = tree();
    const handler = vi.fn();
    const off = t.onExecute([3, 0, 4], handler);
    off();
    t.execute([3, 0, 4]);
    expect(handler).not.toHaveBeenCalled();
  });
});
