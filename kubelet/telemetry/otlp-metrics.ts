import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { RateLimitedWarnings } from './rate-limited-warnings.js';
import { TELEMETRY_SERIES } from './telemetry-series.js';
import type { TelemetryStore } from './telemetry-store.js';

export interface OtlpSettings {
  /** The collector's OTLP/HTTP metrics endpoint, e.g. `http://collector:4318/v1/metrics`. */
  readonly url: string;
  /** Pause between exports, ms. Default: the bridge's interval. */
  readonly intervalMs?: number;
  /** Sent with every export, e.g. an authorization header. Default none. */
  readonly headers?: Readonly<Record<string, string>>;
}

export const OTLP_SERVICE_NAME = 'farside-telemetry';

/** ExportResultCode.SUCCESS of @opentelemetry/core, which this package does not depend on directly. */
const EXPORT_SUCCESS = 0;

/** The most an export may take, ms; the reader needs it no longer than the interval. */
const MAX_EXPORT_TIMEOUT_MS = 30_000;

/**
 * Pushes the store's values to an OTLP/HTTP collector as observable instruments. A failed
 * export (collector down) is logged and the next interval tries again; the reader never
 * stops on its own.
 */
export function startOtlpExport(store: TelemetryStore, settings: OtlpSettings, intervalMs: number, warnings: RateLimitedWarnings): MeterProvider {
  const interval = settings.intervalMs ?? intervalMs;
  const timeoutMillis = Math.min(interval, MAX_EXPORT_TIMEOUT_MS);
  const exporter = loggingExporter(new OTLPMetricExporter({ url: settings.url, headers: { ...settings.headers }, timeoutMillis }), settings.url, warnings);
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': OTLP_SERVICE_NAME }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: interval, exportTimeoutMillis: timeoutMillis })],
  });
  const meter = provider.getMeter(OTLP_SERVICE_NAME);
  const instruments = TELEMETRY_SERIES.map((series) => {
    const options = { description: series.help, unit: series.unit };
    const instrument: Observable<Attributes> = series.type === 'gauge' ? meter.createObservableGauge(series.name, options) : meter.createObservableCounter(series.name, options);
    return { series, instrument };
  });
  meter.addBatchObservableCallback(
    (result: BatchObservableResult) => {
      for (const { series, instrument } of instruments) for (const { labels, value } of series.samples(store)) result.observe(instrument, value, labels);
    },
    instruments.map(({ instrument }) => instrument),
  );
  return provider;
}

function loggingExporter(inner: PushMetricExporter, url: string, warnings: RateLimitedWarnings): PushMetricExporter {
  let failing = false;
  return {
    export(metrics, resultCallback) {
      inner.export(metrics, (result) => {
        if (result.code !== EXPORT_SUCCESS) {
          failing = true;
          warnings.warn('otlp', { url, error: result.error }, `exporting metrics to ${url} failed; the next interval tries again`);
        } else if (failing) {
          failing = false;
          warnings.info({ url }, `exporting metrics to ${url} works again`);
        }
        resultCallback(result);
      });
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    ...(inner.selectAggregationTemporality ? { selectAggregationTemporality: inner.selectAggregationTemporality.bind(inner) } : {}),
    ...(inner.selectAggregation ? { selectAggregation: inner.selectAggregation.bind(inner) } : {}),
  };
}
