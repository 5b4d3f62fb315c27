// The communication adapter: one far-edge thing as an HTTP JSON API over SDF over MQTT (README.md).
export { AdapterServer } from './adapter-server.js';
export type { AdapterServerOptions } from './adapter-server.js';
export { adapterConfigFromEnv, DEFAULT_ADAPTER_PORT, DEFAULT_MQTT_URL } from './config.js';
export type { AdapterConfig } from './config.js';
export type { AdapterLogger, AdapterSdf } from './sdf-port.js';
export { HttpError, httpErrorFromError } from './http-error.js';
export { httpStatusFromSdfCode } from './status-from-sdf.js';
export { MAX_BODY_BYTES } from './json-body.js';
export type { StreamEvent } from './shared-observations.js';
export type { JsonValue } from './values.js';
