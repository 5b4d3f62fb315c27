/**
 * The embServe workload runtime of a simulated board: Software Management (9), workload
 * engines, outputs mapped into the LwM2M data model and inputs fed from it,
 * Software_Package_Monitoring (35003), memory accounting and the device log.
 */
export * from './contracts.js';
export { EmbServeRuntime, DEFAULT_WORKLOAD_PERIOD_MS, DEFAULT_DOWNLOAD_TIMEOUT_MS, type EmbServeRuntimeOptions } from './embserve-runtime.js';
export { RingDeviceLog, LOG_CAPACITY_LINES, MAX_LOG_LINE_CHARS, uptimeStamp, type RingDeviceLogOptions } from './device-log.js';
export { MemoryBudget, type MemoryHolder } from './memory-budget.js';
export type { WorkloadEngine, WorkloadContext, RunningWorkload, WorkloadRequirements } from './workload-engine.js';
export { NativeEngine, NATIVE_ENGINE_KIND, base64DecodedLength, servicePeriodMs } from './native-engine.js';
export { checkPackage, SUPPORTED_SDK_APIS, type PackageVerdict, type VerifiedPackage, type PackageCheckEnvironment } from './package-check.js';
export { parseDataModelMapping, formatDataModelMapping, mappingProblem, type DataModelMapping } from './data-model-mapping.js';
export { MONITORING_OBJECT_ID, MONITORING_RESOURCE, DEVICE_MONITORING_INSTANCE, type WorkloadReading } from './monitoring.js';
export { SOFTWARE_MANAGEMENT_OBJECT_ID, SOFTWARE_RESOURCE } from './software-slot.js';
export type { PackageFetch } from './package-download.js';
