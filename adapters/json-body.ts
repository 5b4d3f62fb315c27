import type { IncomingMessage } from 'node:http';
import { HttpError, HTTP_STATUS } from './http-error.js';

/** The largest request body the API reads, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

function isJsonType(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

/**
 * The JSON body of `req`, or undefined when it has none. Throws HttpError 413 past
 * `limit` bytes (without reading the rest), 415 for a declared non-JSON type, 400 for bad JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !isJsonType(contentType)) throw new HttpError(HTTP_STATUS.UNSUPPORTED_MEDIA_TYPE, `the body must be application/json, not ${contentType}`);
  const tooLarge = () => new HttpError(HTTP_STATUS.PAYLOAD_TOO_LARGE, `the body is larger than ${limit} bytes`, { connection: 'close' });
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(HTTP_STATUS.BAD_REQUEST, `the body is not JSON: ${(err as Error).message}`);
  }
}
