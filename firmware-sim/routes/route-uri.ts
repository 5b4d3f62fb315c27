/**
 * The URIs of a Data Route (object 35001, Origin_URI 27200 and Destination_URI 27201) as
 * embServe and FITA write them: `local://<service>/<key>` names a workload's input or
 * output, `coap://host[:port]/path...` a CoAP resource, `mqtt://host[:port]/topic...` an
 * MQTT topic. Path segments, topic levels, service and key are percent-decoded.
 */
import { z } from 'zod';
import { invalidInput, type FarsideError } from '../../errors/index.js';
import { formatHost, hostFromAuthority } from './route-host.js';

/** RFC 7252 §6.1: the default port of coap://. */
export const COAP_DEFAULT_PORT = 5683;
/** IANA's port for MQTT without TLS (MQTT 5 §4.8 leaves it to the URI scheme). */
export const MQTT_DEFAULT_PORT = 1883;
/** Longer URIs are refused; a route URI is a short resource value on an MCU. */
export const MAX_ROUTE_URI_LENGTH = 512;
/** RFC 7252 §5.10: a Uri-Path option holds at most 255 bytes. */
const MAX_URI_PATH_SEGMENT_BYTES = 255;
/** MQTT 5 §1.5.4: a UTF-8 string, so a topic, is at most 65,535 bytes. */
const MAX_TOPIC_BYTES = 65_535;

export interface LocalRouteUri {
  readonly scheme: 'local';
  /** The workload's service.json `name`. */
  readonly service: string;
  /** One of its inputs' or outputs' `key`. */
  readonly key: string;
}

export interface CoapRouteUri {
  readonly scheme: 'coap';
  readonly host: string;
  readonly port: number;
  /** Decoded Uri-Path segments, at least one. */
  readonly path: readonly string[];
}

export interface MqttRouteUri {
  readonly scheme: 'mqtt';
  readonly host: string;
  readonly port: number;
  /** A topic name without wildcards. */
  readonly topic: string;
}

export type RouteUri = LocalRouteUri | CoapRouteUri | MqttRouteUri;

// RFC 3986 §2: unreserved, reserved and '%'; anything else must be percent-encoded.
const routeUriText = z
  .string({ error: 'must be a string' })
  .min(1, 'is empty')
  .max(MAX_ROUTE_URI_LENGTH, `is longer than ${MAX_ROUTE_URI_LENGTH} characters`)
  .regex(/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/, 'holds characters a URI cannot carry unencoded');

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Reads a route URI; anything else is FarsideError INVALID_INPUT saying what is wrong. */
export function parseRouteUri(input: unknown): RouteUri {
  const checked = routeUriText.safeParse(input);
  if (!checked.success) {
    const shown = typeof input === 'string' ? JSON.stringify(input.slice(0, 64)) : typeof input;
    throw invalidInput(`route URI ${shown} ${checked.error.issues[0]?.message ?? 'is not valid'}`);
  }
  const uri = checked.data;
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(uri);
  if (parts === null) throw refused(uri, 'is not of the form scheme://authority/path');
  const [, schemeText = '', authority = '', rest = ''] = parts;
  const scheme = schemeText.toLowerCase();
  if (scheme === 'mqtt' && rest.includes('#')) throw refused(uri, 'holds an MQTT wildcard (+ or #); a route names one topic');
  if (rest.includes('?')) throw refused(uri, 'has a query; a route URI takes none');
  if (rest.includes('#')) throw refused(uri, 'has a fragment; a route URI takes none');
  switch (scheme) {
    case 'local':
      return localUri(uri, authority, rest);
    case 'coap':
      return { scheme, ...hostFromAuthority(uri, authority, COAP_DEFAULT_PORT), path: coapPath(uri, rest) };
    case 'mqtt':
      return { scheme, ...hostFromAuthority(uri, authority, MQTT_DEFAULT_PORT), topic: mqttTopic(uri, rest) };
    default:
      throw refused(uri, `has scheme ${scheme}://; a route takes local://, coap:// or mqtt://`);
  }
}

/** The canonical text of a route URI; parseRouteUri reads it back to the same value. */
export function formatRouteUri(uri: RouteUri): string {
  switch (uri.scheme) {
    case 'local':
      return `local://${encodeURIComponent(uri.service)}/${encodeURIComponent(uri.key)}`;
    case 'coap':
      return `coap://${formatHost(uri)}/${uri.path.map(encodeURIComponent).join('/')}`;
    case 'mqtt':
      return `mqtt://${formatHost(uri)}/${uri.topic.split('/').map(encodeURIComponent).join('/')}`;
    default:
      return uri satisfies never;
  }
}

function refused(uri: string, why: string): FarsideError {
  return invalidInput(`route URI ${JSON.stringify(uri)} ${why}`);
}

/** One percent-decoded component; control characters are refused wherever they appear. */
function decoded(uri: string, component: string, what: string): string {
  let text: string;
  try {
    text = decodeURIComponent(component);
  } catch (err) {
    throw invalidInput(`route URI ${JSON.stringify(uri)} has a malformed percent-encoding in its ${what}`, err);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw refused(uri, `has a control character in its ${what}`);
  return text;
}

function localUri(uri: string, authority: string, rest: string): LocalRouteUri {
  const segments = rest.split('/');
  // `rest` is '/key': one empty segment before the slash, then the key.
  if (segments.length !== 2 || segments[0] !== '') throw refused(uri, 'must be local://<service>/<key>');
  const service = decoded(uri, authority, 'service');
  const key = decoded(uri, segments[1] ?? '', 'key');
  if (service === '') throw refused(uri, 'has no service name');
  if (key === '') throw refused(uri, 'has no key');
  return { scheme: 'local', service, key };
}

function coapPath(uri: string, rest: string): readonly string[] {
  if (rest === '' || rest === '/') throw refused(uri, 'has no path; a CoAP route names a resource');
  return rest.slice(1).split('/').map((raw) => {
    const segment = decoded(uri, raw, 'path');
    if (segment === '') throw refused(uri, 'has an empty path segment');
    // RFC 3986 §5.2.4 would remove dot segments, so they cannot name a resource.
    if (segment === '.' || segment === '..') throw refused(uri, 'has a "." or ".." path segment');
    if (utf8Length(segment) > MAX_URI_PATH_SEGMENT_BYTES) throw refused(uri, `has a path segment over ${MAX_URI_PATH_SEGMENT_BYTES} bytes`);
    return segment;
  });
}

function mqttTopic(uri: string, rest: string): string {
  if (rest === '' || rest === '/') throw refused(uri, 'has no topic');
  const levels = rest.slice(1).split('/').map((raw) => {
    const level = decoded(uri, raw, 'topic');
    if (level.includes('+') || level.includes('#')) throw refused(uri, 'holds an MQTT wildcard (+ or #); a route names one topic');
    if (level.includes('/')) throw refused(uri, 'has an encoded "/" in a topic level');
    return level;
  });
  const topic = levels.join('/');
  // MQTT 5 §4.7.2: topics starting with $ belong to the broker.
  if (topic.startsWith('$')) throw refused(uri, 'names a $ topic, which belongs to the broker');
  if (utf8Length(topic) > MAX_TOPIC_BYTES) throw refused(uri, `has a topic over ${MAX_TOPIC_BYTES} bytes`);
  return topic;
}
