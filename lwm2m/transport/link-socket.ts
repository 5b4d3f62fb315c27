import type { Socket } from 'node:dgram';
import type { LinkConditions, LinkDirection } from './link-conditions.js';

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;
type Send = (...args: unknown[]) => void;

/** One datagram passing the link: delivered now or later, or lost. */
interface Datagram {
  deliver(): void;
  lose(): void;
  /** Runs before the datagram is held back for later delivery. */
  hold(): void;
}

/**
 * Puts `link` between a dgram socket and everything that uses it. node-coap's server
 * and agent both listen for 'message' and call `send` on the socket they are given,
 * so patching those two methods covers every datagram without touching node-coap.
 * Returns a function that removes the patch and drops datagrams still held back.
 */
export function applyLinkConditions(socket: Socket, link: LinkConditions): () => void {
  const emit = socket.emit as Emit;
  const send = socket.send as Send;
  const held = new Set<NodeJS.Timeout>();

  const pass = (direction: LinkDirection, datagram: Datagram): void => {
    const verdict = link.verdict(direction);
    if (verdict.kind === 'lose') return datagram.lose();
    if (verdict.delayMs === 0) return datagram.deliver();
    datagram.hold();
    const timer = setTimeout(() => {
      held.delete(timer);
      if (link.lostOnArrival(direction)) datagram.lose();
      else datagram.deliver();
    }, verdict.delayMs);
    held.add(timer);
  };

  const patchedEmit: Emit = function (this: Socket, event, ...args) {
    if (event !== 'message') return emit.call(this, event, ...args);
    // dgram hands every 'message' a buffer of its own: nothing to copy when holding it.
    pass('inbound', { deliver: () => emit.call(this, event, ...args), lose: () => {}, hold: () => {} });
    return true;
  };

  const patchedSend: Send = function (this: Socket, ...args) {
    const message = args[0];
    const last = args[args.length - 1];
    const callback = typeof last === 'function' ? (last as (err: Error | null, bytes: number) => void) : undefined;
    let late = false;
    pass('outbound', {
      deliver: () => {
        if (!late) return send.apply(this, args);
        try {
          send.apply(this, args);
        } catch (err) {
          // The socket closed while the datagram was held back: lost, as on a real link.
          callback?.(err as Error, 0);
        }
      },
      // A lost datagram still left this host as far as UDP can tell: report success.
      lose: () => void setImmediate(() => callback?.(null, Buffer.isBuffer(message) ? message.length : 0)),
      hold: () => {
        late = true;
        // The caller may reuse its buffer (node-coap's retransmissions do) meanwhile.
        if (Buffer.isBuffer(message)) args[0] = Buffer.from(message);
      },
    });
  };

  socket.emit = patchedEmit as Socket['emit'];
  socket.send = patchedSend as Socket['send'];
  return () => {
    for (const timer of held) clearTimeout(timer);
    held.clear();
    socket.emit = emit as Socket['emit'];
    socket.send = send as Socket['send'];
  };
}
