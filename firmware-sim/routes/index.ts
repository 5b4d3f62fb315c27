/**
 * Data routes (custom LwM2M object 35001) of a simulated embServe device: the URIs, the
 * CBOR form values travel in, and the table that carries them.
 */
export { RouteTable, MAX_ROUTES_PER_DEVICE, type RouteTableOptions } from './route-table.js';
export type { RouteStats } from './armed-route.js';
export { coapSenderOf, lookupIpv4, ROUTE_COAP_TIMEOUT_MS, type CoapSender, type CoapRequester, type HostLookup } from './coap-route-sender.js';
export type { MqttConnect } from './mqtt-broker-link.js';
export { MQTT_RECONNECT_PERIOD_MS, MQTT_CONNECT_TIMEOUT_MS } from './mqtt-broker-pool.js';
export { ROUTE_LOG_INTERVAL_MS } from './route-failure-log.js';
export { DATA_ROUTE_OBJECT_ID, DATA_ROUTE_RESOURCE, routeFromUris, type DataRoute, type InboundRoute, type OutboundRoute } from './data-route.js';
export {
  parseRouteUri,
  formatRouteUri,
  COAP_DEFAULT_PORT,
  MQTT_DEFAULT_PORT,
  MAX_ROUTE_URI_LENGTH,
  type RouteUri,
  type LocalRouteUri,
  type CoapRouteUri,
  type MqttRouteUri,
} from './route-uri.js';
export { encodeRoutePayload, decodeRoutePayload, ROUTE_VALUE_BYTES, MAX_ROUTE_KEY_LENGTH, MAX_ROUTE_PAYLOAD_BYTES } from './route-payload.js';
