// The telemetry bridge (MLSysOps proxy agent): device radio, monitoring and sensors as Prometheus and OTLP metrics.
export { TelemetryBridge, DEFAULT_TELEMETRY_INTERVAL_MS } from './telemetry-bridge.js';
export type { TelemetryBridgeOptions, TelemetrySource } from './telemetry-bridge.js';
export type { OtlpSettings } from './otlp-metrics.js';
export { OTLP_SERVICE_NAME } from './otlp-metrics.js';
export type { TelemetryLogger } from './rate-limited-warnings.js';
export { serveMetrics, DEFAULT_METRICS_PORT } from './metrics-server.js';
export type { MetricsServerOptions } from './metrics-server.js';
export { TELEMETRY_SERIES } from './telemetry-series.js';
export type { SeriesDefinition, Sample, SeriesLabels } from './telemetry-series.js';
export { radioFromSdf, sensorsFromSdf, workloadsFromSdf, numberFromSdf, CONNECTIVITY_SDF, IPSO_SENSOR_SDF } from './readings.js';
export type { RadioReading, LoadReading, WorkloadReading, SensorReading } from './readings.js';
export type { TelemetryFailure } from './thing-telemetry.js';
