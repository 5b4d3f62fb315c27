import { Counter, Gauge, Registry } from 'prom-client';
import { TELEMETRY_SERIES } from './telemetry-series.js';
import type { TelemetryStore } from './telemetry-store.js';

/**
 * A registry (not prom-client's global one) whose metrics are filled from `store` at each
 * scrape: a series the store no longer has is gone from the very next scrape.
 */
export function prometheusRegistryFor(store: TelemetryStore): Registry {
  const registry = new Registry();
  for (const series of TELEMETRY_SERIES) {
    const config = { name: series.name, help: series.help, labelNames: series.labelNames, registers: [registry] };
    if (series.type === 'gauge') {
      const gauge: Gauge = new Gauge({
        ...config,
        collect: () => {
          gauge.reset();
          for (const { labels, value } of series.samples(store)) gauge.set(labels, value);
        },
      });
    } else {
      const counter: Counter = new Counter({
        ...config,
        collect: () => {
          counter.reset();
          for (const { labels, value } of series.samples(store)) counter.inc(labels, value);
        },
      });
    }
  }
  return registry;
}
