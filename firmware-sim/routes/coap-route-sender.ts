/**
 * How a route's CBOR payload leaves for a CoAP peer: a POST with Content-Format 60 sent
 * through the device's own endpoint, so it leaves from the socket the device registered
 * from, as FITA's embServe does.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { CONTENT_FORMAT, type CoapPeer, type CoapRequest, type CoapResponse, type RequestOptions } from '../../lwm2m/index.js';

/** Sends `payload` to `peer` at `path`; resolves with the peer's response code, rejects on a transport failure. */
export type CoapSender = (peer: CoapPeer, path: readonly string[], payload: Uint8Array) => Promise<string>;

/** The address to send to for a host name; IP addresses are returned as they are. */
export type HostLookup = (host: string) => Promise<string>;

/** How long a route waits for a CoAP peer's answer, ms (far below RFC 7252's 93 s MAX_TRANSMIT_WAIT). */
export const ROUTE_COAP_TIMEOUT_MS = 10_000;

/** What coapSenderOf needs of an endpoint: CoapUdpEndpoint from lwm2m fits. */
export interface CoapRequester {
  request(peer: CoapPeer, message: CoapRequest, options?: RequestOptions): Promise<CoapResponse>;
}

/** A sender that POSTs through `endpoint` with Content-Format 60 (application/cbor, RFC 7049 §7.3). */
export function coapSenderOf(endpoint: CoapRequester, timeoutMs = ROUTE_COAP_TIMEOUT_MS): CoapSender {
  return async (peer, path, payload) => {
    const response = await endpoint.request(peer, { method: 'POST', path, contentFormat: CONTENT_FORMAT.CBOR, payload }, { timeoutMs });
    return response.code;
  };
}

/**
 * dns.lookup for IPv4: the device's CoAP endpoint is a udp4 socket, so an IPv6 answer
 * (which Node 20 may put first for `localhost`) could not be sent to.
 */
export const lookupIpv4: HostLookup = async (host) => {
  if (isIP(host) !== 0) return host;
  return (await lookup(host, { family: 4 })).address;
};
