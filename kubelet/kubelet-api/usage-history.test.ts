import { describe, expect, it } from 'vitest';
import { UsageHistory } from './usage-history.js';

describe('UsageHistory', () => {
  it('integrates CPU from the uptime on first sight and then across scrapes', () => {
    const history = new UsageHistory();
    const first = history.scrape('n', new Map([['w', { cpuNanoCores: 1e9, uptimeMs: 3_000 }]]), 100_000).get('w')!;
    expect(first).toEqual({ nanoCores: 1e9, coreNanoSeconds: 3e9, startMs: 97_000 });
    const second = history.scrape('n', new Map([['w', { cpuNanoCores: 5e8, uptimeMs: 5_000 }]]), 102_010).get('w')!;
    expect(second).toEqual({ nanoCores: 5e8, coreNanoSeconds: 4e9, startMs: 97_000 });
  });

  it('restarts the counter and the start time when the uptime goes back', () => {
    const history = new UsageHistory();
    history.scrape('n', new Map([['w', { cpuNanoCores: 1e9, uptimeMs: 10_000 }]]), 100_000);
    const restarted = history.scrape('n', new Map([['w', { cpuNanoCores: 1e9, uptimeMs: 1_000 }]]), 101_000).get('w')!;
    expect(restarted).toEqual({ nanoCores: 1e9, coreNanoSeconds: 1e9, startMs: 100_000 });
  });

  it('never reports zero CPU, and forgets workloads no longer scraped', () => {
    const history = new UsageHistory();
    expect(history.scrape('n', new Map([['w', { cpuNanoCores: 0, uptimeMs: 0 }]]), 1).get('w')).toMatchObject({ nanoCores: 1, coreNanoSeconds: 1 });
    history.scrape('n', new Map([['w', { cpuNanoCores: 1e9, uptimeMs: 10_000 }]]), 2);
    history.scrape('n', new Map(), 3);
    // Seen afresh: integrated from its uptime, not added to the forgotten total.
    expect(history.scrape('n', new Map([['w', { cpuNanoCores: 5e8, uptimeMs: 20_000 }]]), 4).get('w')!.coreNanoSeconds).toBe(1e10);
  });
});
