/**
 * CoAP over SLIP serial lines for the CLI: each line gets a bridge to a UDP peer on this
 * host, and the line's ups and downs go to the log.
 */
import type { Logger } from 'pino';
import { SlipSerialBridge, type CoapPeer } from '../lwm2m/index.js';

export interface SerialLine {
  readonly path: string;
  readonly bridge: SlipSerialBridge;
  /** Where the bridge listens for datagrams to put on the line. */
  readonly address: CoapPeer;
}

/** Opens a bridge on `path`; `peer` is the UDP side (the gateway), or absent on the device side. */
export async function openSerialLine(path: string, baudRate: number, peer: CoapPeer | undefined, log: Logger): Promise<SerialLine> {
  const bridge = new SlipSerialBridge({ path, baudRate, ...(peer ? { peer } : {}) });
  bridge.on('lineDown', () => log.warn({ path }, `serial line ${path} is down; reopening`));
  bridge.on('lineUp', () => log.info({ path }, `serial line ${path} is up`));
  bridge.on('gaveUp', () => log.error({ path }, `serial line ${path}: gave up reopening`));
  bridge.on('dropped', (event) => log.debug({ path, ...event }, `serial line ${path}: dropped a ${event.reason} frame`));
  const address = await bridge.start();
  log.info({ path, baudRate }, `CoAP over SLIP on ${path} (${baudRate} baud)`);
  return { path, bridge, address };
}
