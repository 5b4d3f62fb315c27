/**
 * HTTP messages as plain data, so that the registry protocol can be written (and read)
 * without the transport that carries them.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpMessage {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; a repeated header's values joined by ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Empty for HEAD; of an error, at most the transport's error body limit. */
  readonly body: Uint8Array;
  /** The URL that answered, after any redirects. */
  readonly url: URL;
}

export interface ExchangeOptions {
  readonly signal?: AbortSignal;
  /** Longest silence on the connection, in ms, before the exchange fails with TIMEOUT. */
  readonly timeoutMs: number;
  /** A 2xx body longer than this, in bytes, fails with INVALID_INPUT (a blob larger than its descriptor says, say). */
  readonly maxBodyBytes: number;
  /** Follow 301/302/303/307/308 (GET and HEAD of blobs, which registries send to storage). */
  readonly followRedirects: boolean;
  /** Request body bytes handed to the socket so far. */
  readonly onBytesSent?: (done: number) => void;
  /** Response body bytes received so far. */
  readonly onBytesReceived?: (done: number) => void;
}

export interface HttpTransport {
  exchange(message: HttpMessage, options: ExchangeOptions): Promise<HttpResponse>;
  /** Drops idle keep-alive connections; later exchanges open new ones. */
  close(): void;
}

/** What each exchange publishes on HTTP_CHANNEL, for tracing and for tests that count requests. */
export interface HttpTrace {
  readonly method: HttpMethod;
  readonly url: string;
  readonly status: number;
  readonly durationMs: number;
}

/** diagnostics_channel name of the registry client's HTTP exchanges (one message per hop, URLs without query). */
export const HTTP_CHANNEL = 'farside:oci:http';
