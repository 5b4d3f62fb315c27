// The kubelet HTTP API for farside's virtual nodes: logs, exec, pods, stats, resource metrics.
export * from './provider.js';
export { KubeletApiServer, KUBELET_API_PORT } from './kubelet-api-server.js';
export type { KubeletApiServerOptions } from './kubelet-api-server.js';
export type { KubeletApiLogger } from './http-replies.js';
export type { ExecStreamHandler } from './upgrade-routing.js';
export { selfSignedKubeletTls, SELF_SIGNED_COMMON_NAME } from './self-signed-tls.js';
export type { TlsPem } from './self-signed-tls.js';
export { serveExecStream } from './exec-stream.js';
export type { ExecStreamOptions, ExecLogger } from './exec-stream.js';
export { linesAfter, parseDeviceLogLine, rfc3339Nano } from './log-lines.js';
export type { DeviceLogLine } from './log-lines.js';
export { UsageHistory, MIN_NANO_CORES } from './usage-history.js';
export { PROMETHEUS_TEXT_CONTENT_TYPE } from './resource-metrics.js';
