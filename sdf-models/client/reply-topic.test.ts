import { describe, expect, it } from 'vitest';
import { requestSubscriptions } from '../contract/topics.js';
import { replyTopicFor } from './reply-topic.js';

/** MQTT 3.1.1 §4.7: does `filter` (with + only, as request filters have) match `topic`? */
function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  return f.length === t.length && f.every((level, i) => level === '+' || level === t[i]);
}

describe('replyTopicFor', () => {
  it('names the client under the prefix', () => {
    expect(replyTopicFor('c1')).toBe('farside/clients/c1/replies');
    expect(replyTopicFor('c1', 'site/a')).toBe('site/a/farside/clients/c1/replies');
  });

  it.each([undefined, 'farside', 'site/a'])('is matched by none of the filters a gateway subscribes to for requests (prefix %s)', (prefix) => {
    const topic = replyTopicFor('farside', prefix);
    expect(requestSubscriptions(prefix).filter((filter) => matches(filter, topic))).toEqual([]);
  });
});
