import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyPair, socatMissing } from '../../test/support/serial-pty.js';
import type { CoapPeer } from './coap-message.js';
import { SlipSerialBridge } from './slip-serial-bridge.js';
import type { SlipSerialBridgeOptions } from './slip-serial-options.js';

/** A plain UDP peer standing in for the gateway or the device. */
class UdpPeer {
  readonly socket: Socket = createSocket('udp4');
  readonly received: { data: Buffer; from: RemoteInfo }[] = [];

  async start(): Promise<CoapPeer> {
    this.socket.on('message', (data, from) => this.received.push({ data, from }));
    this.socket.bind(0, '127.0.0.1');
    await once(this.socket, 'listening');
    return { address: '127.0.0.1', port: this.socket.address().port };
  }

  send(to: CoapPeer, data: Buffer): void {
    this.socket.send(data, to.port, to.address);
  }

  async next(timeoutMs = 1_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length === 0) {
      if (Date.now() > deadline) throw new Error('no datagram arrived');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.received.shift()!.data;
  }
}

const skip = socatMissing();

describe.skipIf(skip !== undefined)(`a SLIP serial bridge between UDP peers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let pty: PtyPair;
  const closers: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    pty = await PtyPair.create();
  });
  afterAll(() => pty?.dispose());
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await pty.plug();
  });

  async function udpPeer(): Promise<{ peer: UdpPeer; address: CoapPeer }> {
    const peer = new UdpPeer();
    const address = await peer.start();
    closers.push(() => void peer.socket.close());
    return { peer, address };
  }

  async function bridge(options: SlipSerialBridgeOptions): Promise<{ bridge: SlipSerialBridge; address: CoapPeer }> {
    const b = new SlipSerialBridge({ reopenDelayMs: 20, maxReopenDelayMs: 100, lineProbeMs: 20, ...options });
    const address = await b.start();
    closers.push(() => b.close());
    return { bridge: b, address };
  }

  /** gateway <-UDP-> gw bridge <-serial-> dev bridge <-UDP-> device */
  async function cable() {
    const gateway = await udpPeer();
    const device = await udpPeer();
    const gw = await bridge({ path: pty.gwPath, peer: gateway.address });
    const dev = await bridge({ path: pty.devPath });
    return { gateway, device, gw, dev };
  }

  it('carries datagrams both ways: the device speaks first, the answer finds its way back', async () => {
    const { gateway, device, gw, dev } = await cable();
    const frame = Buffer.from([0x40, 0x01, 0xc0, 0xdb, 0x00, 0xff]);
    device.peer.send(dev.address, frame);
    expect(await gateway.peer.next()).toEqual(frame);
    gateway.peer.send(gw.address, Buffer.from('answer'));
    expect((await device.peer.next()).toString()).toBe('answer');
    expect(dev.bridge.counters).toMatchObject({ framesToSerial: 1, framesFromSerial: 1 });
  });

  it('drops and counts a datagram too large for a frame, and relays the next one', async () => {
    const { gateway, device, dev } = await cable();
    const dropped = once(dev.bridge, 'dropped');
    device.peer.send(dev.address, Buffer.alloc(3000, 1));
    expect(await dropped).toEqual([{ reason: 'oversize', direction: 'toSerial', bytes: 3000 }]);
    device.peer.send(dev.address, Buffer.from('small'));
    expect((await gateway.peer.next()).toString()).toBe('small');
    expect(dev.bridge.counters.dropped.oversize).toBe(1);
  });

  it('relays to the line only what its gateway peer sent', async () => {
    const { device, gw } = await cable();
    const stranger = await udpPeer();
    const dropped = once(gw.bridge, 'dropped');
    stranger.peer.send(gw.address, Buffer.from('not from the gateway'));
    expect(await dropped).toEqual([{ reason: 'foreignSender', direction: 'toSerial', bytes: 20 }]);
    expect(device.peer.received).toHaveLength(0);
  });

  it('drops frames on the device side until the device has sent something', async () => {
    const { gateway, gw, dev } = await cable();
    const dropped = once(dev.bridge, 'dropped');
    gateway.peer.send(gw.address, Buffer.from('hello?'));
    expect(await dropped).toEqual([{ reason: 'noPeer', direction: 'fromSerial', bytes: 6 }]);
  });

  it('reopens a lost serial line once it is back and relays again', async () => {
    const { gateway, device, dev } = await cable();
    const down = once(dev.bridge, 'lineDown');
    await pty.unplug();
    await down;
    expect(dev.bridge.lineIsUp).toBe(false);
    const retrying = once(dev.bridge, 'reopenFailed');
    device.peer.send(dev.address, Buffer.from('lost'));
    const [{ attempt }] = await retrying;
    expect(attempt).toBeGreaterThanOrEqual(1);
    expect(dev.bridge.counters.dropped.lineDown).toBe(1);
    const up = once(dev.bridge, 'lineUp');
    await pty.plug();
    const [{ attempt: reopenedAt }] = await up;
    expect(reopenedAt).toBeGreaterThan(1);
    await gatewayBridgeUp(gateway, device, dev.address);
  });

  /** The gateway's bridge reopens on its own schedule; retry the first datagram until it arrives. */
  async function gatewayBridgeUp(gateway: { peer: UdpPeer }, device: { peer: UdpPeer }, dev: CoapPeer): Promise<void> {
    for (let i = 0; i < 50 && gateway.peer.received.length === 0; i++) {
      device.peer.send(dev, Buffer.from('back'));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await gateway.peer.next()).toString()).toBe('back');
  }

  it('gives up after the allowed reopen attempts and says so', async () => {
    const { bridge: dev } = await bridge({ path: pty.devPath, maxReopenAttempts: 2 });
    const gaveUp = once(dev, 'gaveUp');
    await pty.unplug();
    const [{ attempts, path }] = await gaveUp;
    expect({ attempts, path }).toEqual({ attempts: 2, path: pty.devPath });
    expect(dev.lineIsUp).toBe(false);
  });

  it('keeps no hold on the serial device when closed while starting', async () => {
    const early = new SlipSerialBridge({ path: pty.devPath });
    const starting = early.start();
    await early.close();
    await expect(starting).rejects.toMatchObject({ code: 'FARSIDE_ERR_CANCELLED' });
    // serialport locks the device while open: a second bridge could not open it if the first kept it.
    const { bridge: next } = await bridge({ path: pty.devPath });
    expect(next.lineIsUp).toBe(true);
  });

  it('fails to start on a missing serial device with a typed error and holds no socket', async () => {
    const b = new SlipSerialBridge({ path: `${pty.devPath}-missing`, port: 0 });
    await expect(b.start()).rejects.toMatchObject({ code: 'FARSIDE_ERR_DEVICE_UNAVAILABLE' });
    expect(() => b.address()).toThrow();
  });
});

describe('SlipSerialBridge options', () => {
  it.each([
    ['an empty path', { path: '' }],
    ['a zero baud rate', { path: '/dev/ttyS0', baudRate: 0 }],
    ['a peer given by host name', { path: '/dev/ttyS0', peer: { address: 'localhost', port: 5683 } }],
    ['a wildcard peer address', { path: '/dev/ttyS0', peer: { address: '0.0.0.0', port: 5683 } }],
    ['a frame limit of zero', { path: '/dev/ttyS0', maxFrameBytes: 0 }],
    ['an unknown option', { path: '/dev/ttyS0', baud: 9600 } as never],
  ])('refuses %s with a typed error', (_name, options: SlipSerialBridgeOptions) => {
    expect(() => new SlipSerialBridge(options)).toThrow(expect.objectContaining({ code: 'FARSIDE_ERR_INVALID_INPUT' }));
  });

  it('opens nothing until started', async () => {
    const b = new SlipSerialBridge({ path: '/dev/does-not-exist' });
    expect(() => b.address()).toThrow();
    await b.close();
  });
});
