import type { LoadReading } from './readings.js';
import type { TelemetryStore, ThingReadings } from './telemetry-store.js';

export type SeriesLabels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels: SeriesLabels;
  readonly value: number;
}

/**
 * One exported metric, defined once for Prometheus and OTLP alike. Names follow the
 * Prometheus conventions (base units as suffixes, `_total` on counters); the OTLP side
 * uses the same names, so dashboards fit either path.
 */
export interface SeriesDefinition {
  readonly name: string;
  readonly help: string;
  /** UCUM unit for OTLP. */
  readonly unit: string;
  readonly type: 'gauge' | 'counter';
  readonly labelNames: readonly string[];
  samples(store: TelemetryStore): Iterable<Sample>;
}

const THING = ['thing', 'node'] as const;
// Not 'instance': Prometheus gives every scraped series its own target label of that name.
const WORKLOAD = [...THING, 'workload', 'sdf_instance'] as const;

const thingLabels = (t: ThingReadings): SeriesLabels => ({ thing: t.thing, node: t.node });

function* perThing(store: TelemetryStore, value: (t: ThingReadings) => number | undefined): Iterable<Sample> {
  for (const t of store.things()) {
    const v = value(t);
    if (v !== undefined) yield { labels: thingLabels(t), value: v };
  }
}

function* perWorkload(store: TelemetryStore, value: (load: LoadReading) => number): Iterable<Sample> {
  for (const t of store.things()) {
    for (const w of t.workloads) {
      if (w.load !== undefined) yield { labels: { ...thingLabels(t), workload: w.name, sdf_instance: String(w.instance) }, value: value(w.load) };
    }
  }
}

export const TELEMETRY_SERIES: readonly SeriesDefinition[] = [
  {
    name: 'farside_device_rssi_dbm',
    help: 'Received signal strength of the device radio (LwM2M 4/0/2), in dBm.',
    unit: 'dBm',
    type: 'gauge',
    labelNames: THING,
    samples: (store) => perThing(store, (t) => t.radio.rssiDbm),
  },
  {
    name: 'farside_device_link_quality',
    help: 'Link quality the device radio reports (LwM2M 4/0/3), IEEE 802.15.4 LQI from 0 to 255.',
    unit: '1',
    type: 'gauge',
    labelNames: THING,
    samples: (store) => perThing(store, (t) => t.radio.linkQuality),
  },
  {
    name: 'farside_device_cpu_ratio',
    help: 'Share of the device CPU in use, from 0 to 1 (Software_Package_Monitoring of Device).',
    unit: '1',
    type: 'gauge',
    labelNames: THING,
    samples: (store) => perThing(store, (t) => t.device?.cpuRatio),
  },
  {
    name: 'farside_device_memory_bytes',
    help: 'Memory in use on the device, in bytes (Software_Package_Monitoring of Device).',
    unit: 'By',
    type: 'gauge',
    labelNames: THING,
    samples: (store) => perThing(store, (t) => t.device?.memoryBytes),
  },
  {
    name: 'farside_device_uptime_seconds',
    help: 'Time since the device booted, in seconds (Software_Package_Monitoring of Device).',
    unit: 's',
    type: 'gauge',
    labelNames: THING,
    samples: (store) => perThing(store, (t) => t.device?.uptimeSeconds),
  },
  {
    name: 'farside_workload_up',
    help: 'Whether the workload in this Software Management instance is active (1) or installed but stopped (0).',
    unit: '1',
    type: 'gauge',
    labelNames: WORKLOAD,
    samples: function* (store) {
      for (const t of store.things()) for (const w of t.workloads) yield { labels: { ...thingLabels(t), workload: w.name, sdf_instance: String(w.instance) }, value: w.active ? 1 : 0 };
    },
  },
  {
    name: 'farside_workload_cpu_ratio',
    help: 'Share of the device CPU the workload uses, from 0 to 1.',
    unit: '1',
    type: 'gauge',
    labelNames: WORKLOAD,
    samples: (store) => perWorkload(store, (load) => load.cpuRatio),
  },
  {
    name: 'farside_workload_memory_bytes',
    help: 'Memory the workload uses on the device, in bytes.',
    unit: 'By',
    type: 'gauge',
    labelNames: WORKLOAD,
    samples: (store) => perWorkload(store, (load) => load.memoryBytes),
  },
  {
    name: 'farside_workload_uptime_seconds',
    help: 'Time since the workload was activated, in seconds; 0 while it is not active.',
    unit: 's',
    type: 'gauge',
    labelNames: WORKLOAD,
    samples: (store) => perWorkload(store, (load) => load.uptimeSeconds),
  },
  {
    name: 'farside_workload_error_info',
    help: 'Present (1) while the device reports an error for the workload; the error label says which.',
    unit: '1',
    type: 'gauge',
    labelNames: [...WORKLOAD, 'error'],
    samples: function* (store) {
      for (const t of store.things()) {
        for (const w of t.workloads) if (w.error !== '') yield { labels: { ...thingLabels(t), workload: w.name, sdf_instance: String(w.instance), error: w.error }, value: 1 };
      }
    },
  },
  {
    name: 'farside_sensor_value',
    help: 'Sensor_Value of an IPSO sensor instance of the device, workload outputs included, in the unit of the unit label.',
    unit: '1',
    type: 'gauge',
    labelNames: [...THING, 'object', 'sdf_instance', 'unit'],
    samples: function* (store) {
      for (const t of store.things()) {
        for (const s of t.sensors.values()) yield { labels: { ...thingLabels(t), object: s.object, sdf_instance: s.instance, unit: s.unit }, value: s.value };
      }
    },
  },
  {
    name: 'farside_telemetry_errors_total',
    help: 'Device requests of the telemetry bridge that failed, by reason.',
    unit: '1',
    type: 'counter',
    labelNames: [...THING, 'reason'],
    samples: function* (store) {
      for (const t of store.things()) for (const [reason, count] of t.errors) yield { labels: { ...thingLabels(t), reason }, value: count };
    },
  },
];
