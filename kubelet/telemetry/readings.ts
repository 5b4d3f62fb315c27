import { PACKAGE_MONITORING_SDF, SOFTWARE_MANAGEMENT_SDF, workloadStatusFromSdf, type SdfInstance, type SdfObjects, type SdfValue } from '../../sdf-models/index.js';

/** SDF names of LwM2M Connectivity Monitoring (object 4) as far as telemetry reads it. */
export const CONNECTIVITY_SDF = { OBJECT: 'Connectivity_Monitoring', INSTANCE: '0', RSSI: 'Radio_Signal_Strength', LINK_QUALITY: 'Link_Quality' } as const;

/** IPSO resources 5700 and 5701: every IPSO sensor object has them, whatever its object id. */
export const IPSO_SENSOR_SDF = { VALUE: 'Sensor_Value', UNITS: 'Sensor_Units' } as const;

/** What a monitoring instance links to when it describes the whole device rather than one workload. */
const DEVICE_LINK = /^Device\/\d+$/;

export interface RadioReading {
  readonly rssiDbm?: number;
  /** IEEE 802.15.4 LQI as the device reports it, 0 to 255. */
  readonly linkQuality?: number;
}

/** CPU, memory and uptime, in base units. */
export interface LoadReading {
  /** 0 to 1. */
  readonly cpuRatio: number;
  readonly memoryBytes: number;
  readonly uptimeSeconds: number;
}

export interface WorkloadReading {
  /** Software Management instance id. */
  readonly instance: number;
  /** service.json `name`. */
  readonly name: string;
  readonly active: boolean;
  /** Absent when the device has no monitoring instance for it. */
  readonly load?: LoadReading;
  /** Empty while healthy. */
  readonly error: string;
}

export interface SensorReading {
  readonly object: string;
  readonly instance: string;
  readonly value: number;
  /** Sensor_Units; empty when the device gives none. */
  readonly unit: string;
}

/** A number from a compat (text) or typed value; undefined when it is not one. */
export function numberFromSdf(value: SdfValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'string' || !/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

/** RSSI and link quality from a Connectivity_Monitoring instance; either may be missing (partial notifications). */
export function radioFromSdf(instance: SdfInstance): RadioReading {
  const values = instance.sdfProperty ?? {};
  const rssiDbm = numberFromSdf(values[CONNECTIVITY_SDF.RSSI]);
  const linkQuality = numberFromSdf(values[CONNECTIVITY_SDF.LINK_QUALITY]);
  return { ...(rssiDbm === undefined ? {} : { rssiDbm }), ...(linkQuality === undefined ? {} : { linkQuality }) };
}

/** Every instance in `objects` holding a numeric Sensor_Value: the IPSO sensors, workload outputs included. */
export function sensorsFromSdf(objects: SdfObjects): SensorReading[] {
  const readings: SensorReading[] = [];
  for (const [object, instances] of Object.entries(objects)) {
    for (const instance of instances) {
      const value = numberFromSdf(instance.sdfProperty?.[IPSO_SENSOR_SDF.VALUE]);
      if (value === undefined) continue;
      const unit = instance.sdfProperty?.[IPSO_SENSOR_SDF.UNITS];
      readings.push({ object, instance: instance.label, value, unit: typeof unit === 'string' ? unit : '' });
    }
  }
  return readings;
}

/** Whether a described instance (announce, GET) is an IPSO sensor: it has a Sensor_Value. */
export function isSensorInstance(instance: SdfInstance): boolean {
  return instance.sdfProperty !== undefined && IPSO_SENSOR_SDF.VALUE in instance.sdfProperty;
}

/**
 * The workloads (Software Management instances holding a package) with their monitoring,
 * and the device's own load from the monitoring instance linked to Device. Throws
 * FarsideError INVALID_INPUT when the values do not fit the models.
 */
export function workloadsFromSdf(software: readonly SdfInstance[], monitoring: readonly SdfInstance[]): { workloads: WorkloadReading[]; device?: LoadReading } {
  const workloads = software
    .map((instance) => workloadStatusFromSdf(instance, monitoring))
    .filter((status) => status.name !== '')
    .map((status): WorkloadReading => ({
      instance: status.instance,
      name: status.name,
      active: status.active,
      error: status.monitoring?.error ?? '',
      ...(status.monitoring === undefined ? {} : { load: loadFrom(status.monitoring.cpuPercent, status.monitoring.memoryBytes, status.monitoring.uptimeMs) }),
    }));
  const device = deviceLoadFromSdf(monitoring);
  return device === undefined ? { workloads } : { workloads, device };
}

function deviceLoadFromSdf(monitoring: readonly SdfInstance[]): LoadReading | undefined {
  const M = PACKAGE_MONITORING_SDF;
  const values = monitoring.find((instance) => DEVICE_LINK.test(String(instance.sdfProperty?.[M.SOFTWARE_PACKAGE] ?? '')))?.sdfProperty;
  if (values === undefined) return undefined;
  const cpu = numberFromSdf(values[M.CPU_USAGE]);
  const memory = numberFromSdf(values[M.MEMORY_USAGE]);
  const uptime = numberFromSdf(values[M.UPTIME]);
  if (cpu === undefined || memory === undefined || uptime === undefined) return undefined;
  return loadFrom(cpu, memory, uptime);
}

function loadFrom(cpuPercent: number, memoryBytes: number, uptimeMs: number): LoadReading {
  return { cpuRatio: cpuPercent / 100, memoryBytes, uptimeSeconds: uptimeMs / 1000 };
}

export const WORKLOAD_OBJECTS = { SOFTWARE: SOFTWARE_MANAGEMENT_SDF.OBJECT, MONITORING: PACKAGE_MONITORING_SDF.OBJECT } as const;
