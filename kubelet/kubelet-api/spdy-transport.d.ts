/** The part of spdy-transport 3 (no bundled types) that the exec stream uses. */
declare module 'spdy-transport' {
  import type { EventEmitter } from 'node:events';
  import type { Duplex } from 'node:stream';

  namespace spdyTransport {
    interface Stream extends Duplex {
      readonly id: number;
      /** The SYN_STREAM headers, names lower-cased. */
      readonly headers: Readonly<Record<string, string | string[]>>;
      /** Sends SYN_REPLY. */
      respond(status: number, headers: Record<string, string>, callback?: (err?: Error) => void): void;
      /** Sends RST_STREAM. */
      abort(code?: string, callback?: () => void): void;
    }

    interface Connection extends EventEmitter {
      start(version: number): void;
      /** Sends GOAWAY and ends the socket once the streams are done. */
      end(callback?: () => void): void;
      destroyStreams(err?: Error): void;
      on(event: 'stream', listener: (stream: Stream) => void): this;
      on(event: 'error', listener: (err: Error) => void): this;
      on(event: 'close', listener: (err?: Error) => void): this;
    }

    interface ConnectionOptions {
      readonly protocol: 'spdy' | 'http2';
      readonly isServer: boolean;
      readonly autoSpdy31?: boolean;
      readonly windowSize?: number;
    }
  }

  const spdyTransport: {
    readonly connection: { create(socket: Duplex, options: spdyTransport.ConnectionOptions): spdyTransport.Connection };
  };
  export = spdyTransport;
}
