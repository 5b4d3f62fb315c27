// Kubernetes Node objects for SDF things (DESIGN.md "Kubernetes").
export { nodeNameFromThing, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX_LENGTH } from './node-name.js';
export {
  nodeFromThing,
  nodeConditions,
  capabilitiesFromThing,
  FITA_RESOURCE_LABEL_PREFIX,
  FITA_TAINT,
  EMBSERVE_ANNOTATION_PREFIX,
  TINYML_MIN_MEMORY_KB,
  DEFAULT_MAX_PODS,
} from './node-object.js';
export type { NodeFromThingOptions, DeviceState } from './node-object.js';
export { NodeController, DEFAULT_REMOVE_AFTER_MS } from './node-controller.js';
export type { NodeControllerOptions } from './node-controller.js';
export { NodeLeases, NODE_LEASE_NAMESPACE, NODE_LEASE_DURATION_S, DEFAULT_LEASE_RENEW_MS } from './node-lease.js';
export type { NodeLeasesOptions, NodeLogger, LeaseApi } from './node-lease.js';
export { MANAGED_LABEL, THING_ANNOTATION, metadataPatchFromNode, statusPatchFromNode } from './node-patches.js';
