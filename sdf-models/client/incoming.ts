import { invalidInput } from '../../errors/index.js';
import { decodeBody, encodingFromContentType, type SdfEncoding } from '../contract/encoding.js';
import { parseNotification } from '../contract/notification.js';
import type { SdfNotification, SdfResponse } from '../contract/payloads.js';
import { parseResponse } from '../contract/response.js';

/** The MQTT 5 properties an incoming SDF message may carry (none over MQTT 3.1.1). */
export interface IncomingProperties {
  readonly contentType?: string;
  readonly correlationData?: Buffer;
}

/** The body encoding a message's Content Type names; throws FarsideError INVALID_INPUT for one we do not speak. */
export function encodingOf(properties: IncomingProperties | undefined): SdfEncoding {
  const encoding = encodingFromContentType(properties?.contentType);
  if (encoding === undefined) throw invalidInput(`unsupported content type ${JSON.stringify(properties?.contentType)}`);
  return encoding;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * A reply and the correlation id it answers: MQTT 5 Correlation Data, else the body's
 * `correlationId` (MQTT 3.1.1). Throws FarsideError INVALID_INPUT when it is not a reply.
 */
export function replyFromMessage(payload: Uint8Array, properties?: IncomingProperties): { correlationId?: string; response: SdfResponse } {
  const body = decodeBody(payload, encodingOf(properties), 'SDF reply');
  const response = parseResponse(body);
  const correlationId = properties?.correlationData?.toString('utf8') ?? response.correlationId;
  return correlationId === undefined ? { response } : { correlationId, response };
}

/**
 * The notification in a message on an observed topic, or undefined when the message is
 * a request or a reply sharing that topic (it has `operation` or `response_code`).
 * Throws FarsideError INVALID_INPUT for anything else that is not a notification.
 */
export function notificationFromMessage(payload: Uint8Array, properties?: IncomingProperties): SdfNotification | undefined {
  const body = decodeBody(payload, encodingOf(properties), 'SDF notification');
  // A thing named "operation" or "response_code" puts a map there; requests and replies do not.
  if (isRecord(body) && [body.operation, body.response_code].some((field) => field !== undefined && !isRecord(field))) return undefined;
  return parseNotification(body);
}
