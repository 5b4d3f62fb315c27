export { LwM2mServer } from './lwm2m-server.js';
export type { LwM2mServerOptions, ObserveResult, SendOptions } from './lwm2m-server.js';
export type { GatewayEvents, NotificationEvent } from './events.js';
export type { Registration } from './registration/registration.js';
export { InMemoryRegistrationStore } from './registration/registration-store.js';
export type { ObservationRecord, RegistrationStore, RemovedRegistration } from './registration/registration-store.js';
export { SUPPORTED_LWM2M_VERSIONS, DEFAULT_LIFETIME_S } from './registration/registration-params.js';
export type { CreateResponse, DiscoverResponse, DownlinkRequest, DownlinkResponse, NotificationAttributes, ReadResponse, ResponseFor } from './downlink/requests.js';
export { preferredFormat } from './downlink/content-negotiation.js';
