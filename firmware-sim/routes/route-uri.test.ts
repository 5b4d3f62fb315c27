import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import { formatRouteUri, MAX_ROUTE_URI_LENGTH, parseRouteUri, type RouteUri } from './route-uri.js';

const valid: readonly (readonly [string, RouteUri])[] = [
  ['local://temp/t', { scheme: 'local', service: 'temp', key: 't' }],
  ['local://my%20service/out%2F1', { scheme: 'local', service: 'my service', key: 'out/1' }],
  ['LOCAL://temp/t', { scheme: 'local', service: 'temp', key: 't' }],
  ['coap://10.0.0.7/data', { scheme: 'coap', host: '10.0.0.7', port: 5683, path: ['data'] }],
  ['coap://10.0.0.7:5690/a/b/c', { scheme: 'coap', host: '10.0.0.7', port: 5690, path: ['a', 'b', 'c'] }],
  ['coap://[::1]/x', { scheme: 'coap', host: '::1', port: 5683, path: ['x'] }],
  ['coap://[2001:DB8::7]:61616/x', { scheme: 'coap', host: '2001:db8::7', port: 61616, path: ['x'] }],
  ['coap://Gateway.example.org/a%2Fb/%C3%A9', { scheme: 'coap', host: 'gateway.example.org', port: 5683, path: ['a/b', 'é'] }],
  ['coap://localhost:1/x', { scheme: 'coap', host: 'localhost', port: 1, path: ['x'] }],
  ['mqtt://broker/sensors/temp', { scheme: 'mqtt', host: 'broker', port: 1883, topic: 'sensors/temp' }],
  ['mqtt://127.0.0.1:65535/t', { scheme: 'mqtt', host: '127.0.0.1', port: 65535, topic: 't' }],
  ['mqtt://[fe80::1]:1884/a//b', { scheme: 'mqtt', host: 'fe80::1', port: 1884, topic: 'a//b' }],
  ['mqtt://b/room%201/temp', { scheme: 'mqtt', host: 'b', port: 1883, topic: 'room 1/temp' }],
];

const invalid: readonly (readonly [unknown, RegExp])[] = [
  ['', /is empty/],
  [42, /must be a string/],
  [undefined, /must be a string/],
  ['http://host/x', /scheme http:\/\//],
  ['coaps://host/x', /scheme coaps:\/\//],
  ['local:/temp/t', /scheme:\/\/authority/],
  ['temp/t', /scheme:\/\/authority/],
  ['local://temp/', /no key/],
  ['local://temp', /local:\/\/<service>\/<key>/],
  ['local:///t', /no service/],
  ['local://temp/t/extra', /local:\/\/<service>\/<key>/],
  ['local://temp/%zz', /malformed percent-encoding/],
  ['local://temp/%00', /control character/],
  ['local://temp/a b', /characters a URI cannot carry/],
  ['coap://host', /no path/],
  ['coap://host/', /no path/],
  ['coap://host/a//b', /empty path segment/],
  ['coap://host/a/', /empty path segment/],
  ['coap://host/../x', /"\." or "\.\."/],
  ['coap://host/x?y=1', /query/],
  ['coap://host/x#frag', /fragment/],
  ['coap://:5683/x', /no host/],
  ['coap://host:0/x', /port 0/],
  ['coap://host:65536/x', /port 65536/],
  ['coap://host:/x', /port ""/],
  ['coap://host:http/x', /port "http"/],
  ['coap://user@host/x', /user info/],
  ['coap://999.1.1.1/x', /not an IPv4 address/],
  ['coap://1.2.3/x', /not an IPv4 address/],
  ['coap://01.2.3.4/x', /not an IPv4 address/],
  ['coap://[::g]/x', /bracketed IPv6/],
  ['coap://[::1/x', /bracketed IPv6/],
  ['coap://-bad.example/x', /neither an IP address nor a DNS name/],
  ['coap://ho%73t/x', /neither an IP address nor a DNS name/],
  [`coap://h/${'a'.repeat(256)}`, /over 255 bytes/],
  ['mqtt://broker', /no topic/],
  ['mqtt://broker/', /no topic/],
  ['mqtt://broker/sensors/+', /wildcard/],
  ['mqtt://broker/sensors/#', /wildcard/],
  ['mqtt://broker/sensors/%23', /wildcard/],
  ['mqtt://broker/a+b', /wildcard/],
  ['mqtt://broker/a%2Fb', /encoded "\/"/],
  ['mqtt://broker/$SYS/x', /\$ topic/],
  [`mqtt://broker/${'t'.repeat(MAX_ROUTE_URI_LENGTH)}`, /longer than 512/],
];

describe('route URIs', () => {
  it.each(valid)('reads %s', (text, expected) => {
    expect(parseRouteUri(text)).toEqual(expected);
  });

  it.each(invalid)('refuses %j with a FarsideError saying why', (text, why) => {
    let thrown: unknown;
    try {
      parseRouteUri(text);
    } catch (err) {
      thrown = err;
    }
    expect(isFarsideError(thrown, ERROR_CODES.INVALID_INPUT)).toBe(true);
    expect((thrown as Error).message).toMatch(why);
  });

  it.each(valid)('writes %s back in a form that reads the same', (text) => {
    const uri = parseRouteUri(text);
    expect(parseRouteUri(formatRouteUri(uri))).toEqual(uri);
  });
});
