import { invalidInput, type CoapPeer } from '../lwm2m/index.js';

/** `coap://host:port` → peer; the default port is 5683 (RFC 7252 §6.1). */
export function peerFromCoapUrl(text: string): CoapPeer {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidInput(`"${text}" is not a URL; expected coap://host:port`);
  }
  if (url.protocol !== 'coap:') throw invalidInput(`"${text}" must use coap:// (coaps:// is not supported yet)`);
  const address = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, '');
  return { address, port: url.port === '' ? 5683 : Number(url.port) };
}
