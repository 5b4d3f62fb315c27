/**
 * The gateway under test, in its own process so that its memory is measured apart
 * from the simulated devices. Talks to the parent over IPC.
 */
import { LwM2mServer } from '../gateway/index.js';

const server = new LwM2mServer({ port: 0, address: '127.0.0.1' });
const address = await server.start();

function measure(): { rssKb: number; heapUsedKb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssKb: Math.round(m.rss / 1024), heapUsedKb: Math.round(m.heapUsed / 1024) };
}

process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'count') process.send!({ kind: 'count', registrations: server.registrationCount });
  if (msg.cmd === 'measure') process.send!({ kind: 'memory', registrations: server.registrationCount, ...measure() });
  if (msg.cmd === 'stop') void server.close().then(() => process.exit(0));
});
process.send!({ kind: 'ready', port: address.port, ...measure() });
