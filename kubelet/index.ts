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
export { PodController, DEFAULT_POD_STATUS_PERIOD_MS } from './pod-controller.js';
export type { PodControllerOptions } from './pod-controller.js';
export { ClusterPodApi } from './pod-api.js';
export type { PodApi, PodEvent, ClusterPodApiOptions } from './pod-api.js';
export { pullForPod, pullPolicyOf, PulledImages } from './pod-pull.js';
export type { PullPolicy, RegistryPuller, PodPullOptions, PullOutcome } from './pod-pull.js';
export { StaticPodApi, DEFAULT_STATIC_RESCAN_MS } from './static-pod-api.js';
export type { StaticPodApiOptions } from './static-pod-api.js';
export { readStaticPods } from './static-pod-manifests.js';
export type { StaticPodManifest, StaticPodScan } from './static-pod-manifests.js';
export { DevicePodProvider, isWorkloadLine } from './device-pod-provider.js';
export type { DevicePodProviderOptions, DeviceShell, NodePods } from './device-pod-provider.js';
export { VirtualKubelet, DEFAULT_RESYNC_MS } from './virtual-kubelet.js';
export type { VirtualKubeletOptions, KubeletApiSettings } from './virtual-kubelet.js';
export * from './kubelet-api/index.js';
export { withPods } from './pod-sink.js';
export { pullServiceJson, MODEL_RUNNER_ANNOTATION } from './pod-image.js';
export type { PodRegistryOptions, PullServiceOptions } from './pod-image.js';
export { INSTANCE_ANNOTATION, POD_REASON, podStatusPatch, phaseOf, outcomeChanges } from './pod-status.js';
export type { PodOutcome } from './pod-status.js';
export { instanceOf, startPod, refreshPod, terminatePod } from './pod-lifecycle.js';
export type { PodWorkloads, PodContext, PodPlace } from './pod-lifecycle.js';
export { watchNodePods, POD_REWATCH_DELAY_MS } from './pod-watch.js';
export type { NodePodWatchOptions } from './pod-watch.js';
export { adapterSpecOf, defaultServiceName, ADAPTER_ANNOTATION_PREFIX, ADAPTER_ANNOTATIONS, ADAPTER_DEFAULT_PORT } from './adapter-spec.js';
export type { AdapterSpec, AdapterPort, AdapterPullPolicy } from './adapter-spec.js';
export { AdapterController, DEFAULT_ADAPTER_READY_TIMEOUT_MS } from './adapter-controller.js';
export type { AdapterControllerOptions, AdapterLogger } from './adapter-controller.js';
export { adapterObjects, ADAPTER_LABELS } from './adapter-resources.js';
export type { AdapterContext } from './adapter-resources.js';
export { adapterConditionOf, ADAPTER_CONDITION_TYPE, ADAPTER_REASON } from './adapter-state.js';
export type { AdapterState } from './adapter-state.js';
export * from './telemetry/index.js';
export * from './knobs/index.js';
