import { isFarsideError } from '../../errors/index.js';
import { decodeBody, encodeBody, type SdfEncoding } from './encoding.js';
import { parseShape, sdfRequestSchema, type SdfRequest } from './payloads.js';
import { SDF_RESPONSE_CODE } from './response-code.js';
import { isValidTopicName } from './topics.js';

/** Where to send a reply, as far as it could be read from a body that was otherwise rejected. */
export interface SdfReplyAddress {
  readonly responseTopic?: string;
  readonly correlationId?: string;
}

/**
 * What a message on a request topic turned out to be. Decoding never throws: the gateway
 * drops a message with `ignore` silently and answers any other failure with `code` (4.00);
 * `'ignore' in decoding` tells the two apart.
 */
export type SdfRequestDecoding =
  | { readonly ok: true; readonly request: SdfRequest }
  /** Not a request: a reply or notification sharing the topic (CONTRACT.md: no `operation`). */
  | { readonly ok: false; readonly ignore: true; readonly reason: string }
  | {
      readonly ok: false;
      readonly code: typeof SDF_RESPONSE_CODE.BAD_REQUEST;
      readonly detail: string;
      /** MQTT 3.1.1: the body's reply fields, when they were readable, so the 4.00 reaches the requester. */
      readonly replyTo: SdfReplyAddress;
    };

const WHAT = 'SDF request';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * FITA clients send `data` either as the value or as a JSON-encoded string of it
 * (CONTRACT.md "Request body"): a string that parses to an object or array is unwrapped,
 * any other string (an action argument, a plain string value) is kept as it is.
 */
export function unwrapData(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null ? parsed : data;
  } catch {
    return data;
  }
}

function replyAddressOf(body: Record<string, unknown>): SdfReplyAddress {
  const { responseTopic, correlationId } = body;
  return {
    ...(typeof responseTopic === 'string' && isValidTopicName(responseTopic) ? { responseTopic } : {}),
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
  };
}

/** A request from the bytes of an MQTT message on a request topic. */
export function decodeRequest(payload: Uint8Array, encoding: SdfEncoding): SdfRequestDecoding {
  let body: unknown;
  try {
    body = decodeBody(payload, encoding, WHAT);
  } catch (err) {
    const detail = isFarsideError(err) ? err.message : `${WHAT} could not be decoded`;
    return { ok: false, code: SDF_RESPONSE_CODE.BAD_REQUEST, detail, replyTo: {} };
  }
  // A notification of a thing literally named "operation" has a map there, not a name.
  if (!isRecord(body) || !('operation' in body) || isRecord(body.operation)) {
    return { ok: false, ignore: true, reason: 'the body has no operation, so it is not a request' };
  }
  const candidate = encoding === 'json' && 'data' in body ? { ...body, data: unwrapData(body.data) } : body;
  try {
    return { ok: true, request: parseShape(sdfRequestSchema, candidate, WHAT) };
  } catch (err) {
    const detail = isFarsideError(err) ? err.message : `${WHAT} has the wrong shape`;
    return { ok: false, code: SDF_RESPONSE_CODE.BAD_REQUEST, detail, replyTo: replyAddressOf(body) };
  }
}

/** The bytes of `request`; throws FarsideError INVALID_INPUT when it breaks the contract. */
export function encodeRequest(request: SdfRequest, encoding: SdfEncoding): Uint8Array {
  const checked = parseShape(sdfRequestSchema, request, WHAT);
  // Absent fields stay absent on the wire rather than becoming null or undefined entries.
  const body = Object.fromEntries(Object.entries(checked).filter(([, value]) => value !== undefined));
  return encodeBody(body, encoding);
}
