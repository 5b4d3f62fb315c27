/**
 * Pull delivery of a package (Package URI, /9/x/3): the device fetches the service.json
 * itself over http(s). The body is read with a cap, so a huge or endless answer cannot
 * exhaust memory, and a download that takes too long is given up.
 */
import { z } from 'zod';
import type { Clock } from '../objects/index.js';
import { UPDATE_RESULT } from './contracts.js';

export type PackageFetch = (url: URL, init: { readonly signal: AbortSignal }) => Promise<Response>;

export interface DownloadOptions {
  readonly fetch: PackageFetch;
  readonly clock: Clock;
  /** Longest a whole download may take, ms. */
  readonly timeoutMs: number;
  /** Largest body accepted, bytes. */
  readonly maxBytes: number;
  /** Aborts the download (the instance was deleted, the device powers off). */
  readonly signal: AbortSignal;
}

export type DownloadOutcome =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly result: number; readonly reason: string };

/** OMA object 9: Package URI is at most 255 bytes. */
const uriSchema = z.string().min(1).max(255);

/** The URI as an http(s) URL, or undefined for anything the device cannot fetch. */
export function packageUrl(text: string): URL | undefined {
  if (!uriSchema.safeParse(text).success || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** Never rejects: every failure is an outcome with its Update Result. */
export async function downloadPackage(url: URL, options: DownloadOptions): Promise<DownloadOutcome> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  options.signal.addEventListener('abort', abort);
  let timedOut = false;
  const timer = options.clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await options.fetch(url, { signal: controller.signal });
    if (!response.ok) {
      // A 4xx says the URI names nothing usable; anything else is the link or the server failing.
      const result = response.status >= 400 && response.status < 500 ? UPDATE_RESULT.INVALID_URI : UPDATE_RESULT.CONNECTION_LOST;
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, result, reason: `server answered ${response.status}` };
    }
    return await readCapped(response, options.maxBytes);
  } catch (err) {
    const reason = timedOut ? `no complete answer within ${options.timeoutMs} ms` : (err as Error).message;
    return { ok: false, result: UPDATE_RESULT.CONNECTION_LOST, reason };
  } finally {
    options.clock.clearTimeout(timer);
    options.signal.removeEventListener('abort', abort);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<DownloadOutcome> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge: DownloadOutcome = { ok: false, result: UPDATE_RESULT.NOT_ENOUGH_STORAGE, reason: `package is larger than ${maxBytes} bytes` };
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return tooLarge;
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body?.getReader();
  while (reader !== undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge;
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, length) };
}
