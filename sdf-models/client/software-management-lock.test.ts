import { describe, expect, it } from 'vitest';
import { KeyedSerializer } from './software-management-lock.js';

describe('KeyedSerializer', () => {
  it('runs the tasks of one key one after another in call order, a failure not stopping the next', async () => {
    const serializer = new KeyedSerializer();
    const events: string[] = [];
    const task = (name: string, fail = false) => async (): Promise<string> => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([serializer.run('dev', task('a')), serializer.run('dev', task('b', true)), serializer.run('dev', task('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs the tasks of different keys side by side', async () => {
    const serializer = new KeyedSerializer();
    const events: string[] = [];
    let release = (): void => undefined;
    const blocked = serializer.run('one', () => new Promise<void>((resolve) => (release = resolve)));
    await serializer.run('two', async () => void events.push('two ran while one waited'));
    release();
    await blocked;
    expect(events).toEqual(['two ran while one waited']);
  });
});
