/**
 * CoAP requests the device serves for routes whose origin is coap://: a POST or PUT on
 * the origin's path carrying the CBOR `[key, type, bytes]` feeds the destination
 * workload's input. Any other path is not ours, so the device answers it itself.
 */
import { CONTENT_FORMAT, RESPONSE_CODE, type InboundRequest, type OutboundReply } from '../../lwm2m/index.js';
import type { ArmedRoute } from './armed-route.js';
import { decodeRoutePayload } from './route-payload.js';
import type { ServiceValue } from '../embserve/contracts.js';

const text = (code: string, message: string): OutboundReply => ({ code, contentFormat: CONTENT_FORMAT.TEXT, payload: new TextEncoder().encode(message) });

/**
 * The answer to `request` when its path is an inbound route's: 2.04 once a workload took
 * the value, 4.00 (with the reason) on a bad payload, 5.03 when no destination workload
 * runs. Undefined when no route has that path.
 */
export function answerRouteRequest(routes: readonly ArmedRoute[], request: InboundRequest): OutboundReply | undefined {
  const matching = routes.filter((route) => route.takesCoapPath(request.path));
  if (matching.length === 0) return undefined;
  if (request.method !== 'POST' && request.method !== 'PUT') return text(RESPONSE_CODE.METHOD_NOT_ALLOWED, 'a route takes POST or PUT');
  if (request.contentFormat !== undefined && request.contentFormat !== CONTENT_FORMAT.CBOR) {
    return text(RESPONSE_CODE.UNSUPPORTED_CONTENT_FORMAT, `a route takes application/cbor (${CONTENT_FORMAT.CBOR}), not content format ${request.contentFormat}`);
  }
  let value: ServiceValue;
  try {
    value = decodeRoutePayload(request.payload ?? new Uint8Array());
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    for (const route of matching) route.refused(reason);
    return text(RESPONSE_CODE.BAD_REQUEST, reason);
  }
  // Every route on the path gets the value; it arrived if any workload took it.
  const delivered = matching.map((route) => route.fromPeer(value)).some(Boolean);
  return delivered ? { code: RESPONSE_CODE.CHANGED } : text(RESPONSE_CODE.SERVICE_UNAVAILABLE, 'the destination workload is not running');
}
