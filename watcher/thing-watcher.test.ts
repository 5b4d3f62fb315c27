import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { SdfAnnounce, SdfClientEvents, SdfObjects, SdfResponse } from '../sdf-models/index.js';
import { InMemoryThingSink } from './thing-sink.js';
import { ThingWatcher, type ThingSource } from './thing-watcher.js';

const described = (model: string): SdfObjects => ({ Device: [{ label: '0', sdfProperty: { Model_Number: model } }] });

/** A gateway seen through a fake SdfClient: `things` lists labels only, a thing read gives values. */
class FakeSource extends EventEmitter<SdfClientEvents> {
  gateway = new Map<string, SdfObjects>();
  listCode = 69;

  onAnnounce(listener: (things: SdfAnnounce) => void): () => void {
    this.on('announce', listener);
    return () => this.off('announce', listener);
  }
  onUnregister(listener: (thing: string) => void): () => void {
    this.on('unregister', listener);
    return () => this.off('unregister', listener);
  }
  things(): Promise<SdfResponse> {
    const things = Object.fromEntries([...this.gateway.keys()].map((t) => [t, { sdfObject: { Device: [{ label: '0' }] } }]));
    return Promise.resolve(this.listCode === 69 ? { response_code: 69, things } : { response_code: this.listCode });
  }
  request(topic: { thing: string }): Promise<SdfResponse> {
    const found = this.gateway.get(topic.thing);
    return Promise.resolve(found ? { response_code: 69, sdfObject: found } : { response_code: 132 });
  }
}

async function watching(source: FakeSource, sink = new InMemoryThingSink()) {
  const watcher = new ThingWatcher({ source: source as unknown as ThingSource, sink });
  const warnings: string[] = [];
  watcher.on('warning', (w) => warnings.push(w.message));
  await watcher.start();
  return { watcher, sink, warnings };
}

describe('ThingWatcher', () => {
  it('fills the sink from the gateway on start, with each thing read for its values', async () => {
    const source = new FakeSource();
    source.gateway.set('a', described('A'));
    const { sink } = await watching(source);
    expect([...sink.things]).toEqual([['a', described('A')]]);
  });

  it('treats an announce of a known thing as an update, not a second thing', async () => {
    const source = new FakeSource();
    source.gateway.set('a', described('A'));
    const { watcher, sink } = await watching(source);
    const upserts: string[] = [];
    watcher.on('upsert', (thing) => upserts.push(thing));
    source.emit('announce', { a: { sdfObject: described('A2') } });
    await watcher.stop();
    expect(upserts).toEqual(['a']);
    expect([...sink.things]).toEqual([['a', described('A2')]]);
  });

  it('ignores events for invalid thing names, with a warning', async () => {
    const source = new FakeSource();
    const { watcher, sink, warnings } = await watching(source);
    source.emit('announce', { 'bad/name': { sdfObject: {} }, good: { sdfObject: {} } });
    source.emit('unregister', 'x+y');
    await watcher.stop();
    expect([...sink.things.keys()]).toEqual(['good']);
    expect(warnings.filter((w) => w.includes('invalid thing name'))).toHaveLength(2);
  });

  it('reconciles again after the client reconnects, removing things that left meanwhile', async () => {
    const source = new FakeSource();
    source.gateway.set('a', described('A')).set('b', described('B'));
    const { watcher, sink } = await watching(source);
    source.gateway.delete('a');
    source.gateway.set('c', described('C'));
    const reconciled = new Promise((resolve) => watcher.once('reconciled', resolve));
    source.emit('ready', { reconnect: true });
    expect(await reconciled).toEqual({ things: 2 });
    expect([...sink.things.keys()].sort()).toEqual(['b', 'c']);
  });

  it('keeps the sink unchanged when the gateway cannot list its things', async () => {
    const source = new FakeSource();
    source.listCode = 160;
    const sink = new InMemoryThingSink([['stale', {}]]);
    const { warnings } = await watching(source, sink);
    expect([...sink.things.keys()]).toEqual(['stale']);
    expect(warnings.some((w) => w.includes('160'))).toBe(true);
  });

  it('stops following the client after stop', async () => {
    const source = new FakeSource();
    const { watcher, sink } = await watching(source);
    await watcher.stop();
    source.emit('announce', { late: { sdfObject: {} } });
    await Promise.resolve();
    expect(sink.things.size).toBe(0);
  });
});
