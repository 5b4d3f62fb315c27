/**
 * Which origin and destination make a route the device can carry. A workload's output
 * (local) may go to a CoAP peer, an MQTT topic or another workload's input; what arrives
 * from a CoAP client or an MQTT topic may only go to a workload's input.
 */
import { invalidInput, isFarsideError } from '../../errors/index.js';
import { parseRouteUri, type CoapRouteUri, type LocalRouteUri, type MqttRouteUri, type RouteUri } from './route-uri.js';

/** Data_Route (custom object 35001) and its resources, as FITA defines them. */
export const DATA_ROUTE_OBJECT_ID = 35001;
export const DATA_ROUTE_RESOURCE = { ORIGIN_URI: 27200, DESTINATION_URI: 27201 } as const;

export type OutboundRoute = {
  readonly direction: 'outbound';
  readonly origin: LocalRouteUri;
  readonly destination: RouteUri;
};

export type InboundRoute = {
  readonly direction: 'inbound';
  readonly origin: CoapRouteUri | MqttRouteUri;
  readonly destination: LocalRouteUri;
};

export type DataRoute = OutboundRoute | InboundRoute;

function parsed(text: unknown, what: 'origin' | 'destination'): RouteUri {
  try {
    return parseRouteUri(text);
  } catch (err) {
    if (isFarsideError(err)) throw invalidInput(`${what}: ${err.message}`, err);
    throw err;
  }
}

/** The route two URIs make; FarsideError INVALID_INPUT naming the bad URI or the bad pairing. */
export function routeFromUris(originText: unknown, destinationText: unknown): DataRoute {
  const origin = parsed(originText, 'origin');
  const destination = parsed(destinationText, 'destination');
  if (origin.scheme === 'local') return { direction: 'outbound', origin, destination };
  if (destination.scheme !== 'local') {
    throw invalidInput(`a route from ${origin.scheme}:// must go to local://<service>/<key>, not to ${destination.scheme}://`);
  }
  // The device serves LwM2M on /<object id>/...; a route there would shadow device management.
  if (origin.scheme === 'coap' && /^[0-9]+$/.test(origin.path[0] ?? '')) {
    throw invalidInput(`origin: CoAP path /${origin.path.join('/')} starts with a number, which LwM2M objects use`);
  }
  return { direction: 'inbound', origin, destination };
}
