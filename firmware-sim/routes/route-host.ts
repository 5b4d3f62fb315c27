/**
 * The authority of a coap:// or mqtt:// route URI (RFC 3986 §3.2): an IPv4 address, an
 * IPv6 address in brackets, or a DNS name, with an optional port. Refused: user info,
 * zone ids, percent-encoded hosts and empty ports, none of which a route needs.
 */
import { isIPv6 } from 'node:net';
import { invalidInput, type FarsideError } from '../../errors/index.js';

export interface RouteHost {
  /** An IPv4 address, an IPv6 address without brackets, or a lower-case DNS name. */
  readonly host: string;
  readonly port: number;
}

/** RFC 1035 §2.3.4: 253 characters in text form. */
const MAX_DNS_NAME_LENGTH = 253;
const MAX_PORT = 65_535;

// One DNS label: letters, digits and inner hyphens, at most 63 characters (RFC 1123 §2.1).
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

function refused(uri: string, why: string): FarsideError {
  return invalidInput(`route URI ${JSON.stringify(uri)} ${why}`);
}

function ipv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => DECIMAL_OCTET.test(part) && Number(part) <= 255);
}

function dnsName(text: string): boolean {
  return text.length <= MAX_DNS_NAME_LENGTH && text.split('.').every((label) => DNS_LABEL.test(label));
}

function portFrom(uri: string, text: string | undefined, defaultPort: number): number {
  if (text === undefined) return defaultPort;
  if (!/^[0-9]{1,5}$/.test(text)) throw refused(uri, `has port ${JSON.stringify(text)}; a port is a number from 1 to ${MAX_PORT}`);
  const port = Number(text);
  if (port < 1 || port > MAX_PORT) throw refused(uri, `has port ${port}; a port is a number from 1 to ${MAX_PORT}`);
  return port;
}

/** Host and port of `authority`, the text between `//` and the path of `uri`. */
export function hostFromAuthority(uri: string, authority: string, defaultPort: number): RouteHost {
  if (authority.includes('@')) throw refused(uri, 'carries user info; a route URI takes none');
  if (authority.startsWith('[')) {
    const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(authority);
    const address = bracketed?.[1] ?? '';
    if (!isIPv6(address)) throw refused(uri, `has ${JSON.stringify(authority)} where a bracketed IPv6 address belongs`);
    return { host: address.toLowerCase(), port: portFrom(uri, bracketed?.[2], defaultPort) };
  }
  const colon = authority.indexOf(':');
  const host = (colon < 0 ? authority : authority.slice(0, colon)).toLowerCase();
  const port = portFrom(uri, colon < 0 ? undefined : authority.slice(colon + 1), defaultPort);
  if (host === '') throw refused(uri, 'has no host');
  // All digits and dots reads as an address, so it must be a whole, valid one.
  if (/^[0-9.]+$/.test(host)) {
    if (!ipv4(host)) throw refused(uri, `has host ${JSON.stringify(host)}, which is not an IPv4 address`);
  } else if (!dnsName(host)) {
    throw refused(uri, `has host ${JSON.stringify(host)}, which is neither an IP address nor a DNS name`);
  }
  return { host, port };
}

/** `host:port` as it goes in a URI, with brackets around an IPv6 address. */
export function formatHost({ host, port }: RouteHost): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
