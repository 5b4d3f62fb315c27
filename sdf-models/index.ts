export { sdfName } from './naming.js';

// Models: OMA objects → SDF (RFC 9880), mappings kept beside the models, validation.
export { sdfFromLwm2m } from './convert/sdf-from-lwm2m.js';
export type { SdfFromLwm2mOptions, SdfConversion } from './convert/sdf-from-lwm2m.js';
export type { Lwm2mObjectInput, Lwm2mResourceInput, Lwm2mResourceType, Lwm2mOperations } from './convert/lwm2m-input.js';
export type {
  SdfModel,
  SdfInfo,
  SdfObjectDefinition,
  SdfThingDefinition,
  SdfPropertyDefinition,
  SdfActionDefinition,
  SdfDataDefinition,
  SdfArrayItems,
  SdfDataType,
  SdfTypeName,
  SdfPointer,
} from './convert/sdf-model.js';
export { OMA_QUALITY } from './convert/sdf-mapping.js';
export type { SdfMapping, SdfMappingEntry } from './convert/sdf-mapping.js';
export { LWM2M_SDF_NAMESPACE } from './convert/namespace.js';
export type { SdfNamespace } from './convert/namespace.js';
export { SdfNameIndex } from './convert/name-index.js';
export { namedResources } from './convert/resource-names.js';
export type { NamedResource, SdfResourceKind } from './convert/resource-names.js';
export { sdfMappingFromJson, sdfMappingFromText } from './convert/mapping-json.js';
export { sdfModelWithMapping } from './convert/augment.js';
export { sdfThingModel } from './convert/thing.js';
export type { SdfThingOptions } from './convert/thing.js';
export { sdfPointer, pointerTokens } from './convert/pointer.js';
export { validateSdfModel } from './validate/validate-sdf.js';
export type { SdfValidationMode, SdfValidationResult } from './validate/validate-sdf.js';
export { SHIPPED_OBJECT_IDS, IPSO_OBJECT_IDS, EMBSERVE_NODE, modelFileNames } from './models/catalog.js';

// The SDF-over-MQTT contract (CONTRACT.md): topics, payloads, codes, codecs.
export * from './contract/topics.js';
export * from './contract/response-code.js';
export * from './contract/error-response.js';
export * from './contract/encoding.js';
export * from './contract/payloads.js';
export * from './contract/plain-data.js';
export * from './contract/request.js';
export * from './contract/response.js';
export * from './contract/announce.js';
export * from './contract/notification.js';

// The typed client the kubelet, watcher, adapters and CLI use.
export * from './client/sdf-client.js';
export type * from './client/options.js';
export type * from './client/events.js';

// Workloads on devices: LwM2M Software Management (9) and its monitoring (35003) over the client.
export { SoftwareManagementClient } from './client/software-management.js';
export type { SoftwareManagementClientOptions, SoftwareManagementLogger, DeployOptions, WorkloadCallOptions } from './client/software-management.js';
export type { SdfRequester } from './client/software-management-requests.js';
export { SoftwareManagementError, errorFromSdfReply } from './client/software-management-errors.js';
export {
  SOFTWARE_UPDATE_STATE,
  SOFTWARE_UPDATE_RESULT,
  UPDATE_RESULT_TEXT,
  updateStateName,
  updateResultWords,
  explainUpdateResult,
  isUpdateFailure,
} from './client/software-management-codes.js';
export type { UpdateResultText } from './client/software-management-codes.js';
export { DeviceShellClient, DEVICE_SHELL_SDF, MAX_SHELL_COMMAND_CHARS, shellCommandProblem } from './client/device-shell.js';
export type { DeviceShellClientOptions, ShellCallOptions, DeviceShellResult } from './client/device-shell.js';
export { SOFTWARE_MANAGEMENT_SDF, PACKAGE_MONITORING_SDF, workloadStatusFromSdf } from './client/software-management-status.js';
export type { WorkloadStatus, WorkloadMonitoring } from './client/software-management-status.js';
