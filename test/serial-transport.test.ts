import { once } from 'node:events';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedDevice } from '../firmware-sim/index.js';
import type { NotificationEvent, Registration } from '../gateway/index.js';
import { CONTENT_FORMAT, isFarsideError, SlipSerialBridge, type CoapPeer, type LwM2mNode, type SlipSerialBridgeOptions } from '../lwm2m/index.js';
import { Harness } from './harness.js';
import { PtyPair, socatMissing } from './support/serial-pty.js';

/** How the device reaches the gateway in one run of the behavioural suite. */
interface TransportUnderTest {
  readonly name: string;
  /** Why this transport cannot run here; the suite is then skipped, saying so. */
  readonly missing?: string;
  /** Joins a started gateway to the transport; returns the server address the device registers to. */
  connect(h: Harness): Promise<CoapPeer>;
  /** Undoes `connect`, after the device and the gateway have stopped. */
  disconnect(): Promise<void>;
  dispose(): Promise<void>;
}

const udp: TransportUnderTest = {
  name: 'CoAP over UDP',
  connect: async (h) => h.address,
  disconnect: async () => {},
  dispose: async () => {},
};

/** Short reopen delays and line probes, so a pulled cable is noticed and healed within the test. */
const FAST_LINE: Partial<SlipSerialBridgeOptions> = { reopenDelayMs: 20, maxReopenDelayMs: 200, lineProbeMs: 25 };

/** gateway <-UDP-> bridge <-SLIP over a socat pty pair-> bridge <-UDP-> simulated device */
class SerialTransport implements TransportUnderTest {
  readonly name = 'CoAP over SLIP on a serial line';
  readonly missing = socatMissing();
  pty: PtyPair | undefined;
  gatewaySide: SlipSerialBridge | undefined;
  deviceSide: SlipSerialBridge | undefined;

  async connect(h: Harness): Promise<CoapPeer> {
    this.pty ??= await PtyPair.create();
    await this.pty.plug();
    this.gatewaySide = new SlipSerialBridge({ path: this.pty.gwPath, peer: h.address, ...FAST_LINE });
    await this.gatewaySide.start();
    this.deviceSide = new SlipSerialBridge({ path: this.pty.devPath, ...FAST_LINE });
    return this.deviceSide.start();
  }

  async disconnect(): Promise<void> {
    await this.deviceSide?.close();
    await this.gatewaySide?.close();
  }

  async dispose(): Promise<void> {
    await this.pty?.dispose();
  }
}

const EP = 'line-1';

function valueOf(node: LwM2mNode | undefined, resourceId: number): unknown {
  if (node?.kind !== 'instance') return undefined;
  const r = node.resources.get(resourceId);
  return r?.kind === 'single' ? r.value : undefined;
}

/** The first notification from `h`'s gateway that carries `value`; the simulator's own ticks may notify before it. */
function notificationWith(h: Harness, value: unknown, timeoutMs = 3_000): Promise<NotificationEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      h.server.off('notification', seen);
      reject(new Error(`no notification with ${String(value)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const seen = (n: NotificationEvent): void => {
      if (n.node?.kind !== 'single' || n.node.value !== value) return;
      clearTimeout(timer);
      h.server.off('notification', seen);
      resolve(n);
    };
    h.server.on('notification', seen);
  });
}

const blob = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);

/** The behaviour a gateway and a device show each other, whatever carries their CoAP. */
function describeDeviceManagementOver(transport: TransportUnderTest): void {
  const skipped = transport.missing === undefined ? '' : ` (skipped: ${transport.missing})`;
  describe.skipIf(transport.missing !== undefined)(`device management over ${transport.name}${skipped}`, () => {
    let h: Harness;
    let device: SimulatedDevice;
    let registered: Registration;

    beforeEach(async () => {
      h = await new Harness().start();
      const server = await transport.connect(h);
      const registration = h.next('registered');
      device = await h.device(EP, { server }, (d) => d.tree.supportObject(19));
      [{ registration: registered }] = await registration;
    });
    afterEach(async () => {
      try {
        await h.close();
      } finally {
        await transport.disconnect();
      }
    });
    afterAll(() => transport.dispose());

    it('registers the device under its endpoint name', () => {
      expect(registered.endpoint).toBe(EP);
      expect(h.server.registration(EP)?.id).toBe(registered.id);
    });

    it('reads the Device object instance', async () => {
      const res = await h.server.send(EP, { kind: 'read', path: [3, 0], accept: CONTENT_FORMAT.SENML_CBOR });
      expect(res.code).toBe('2.05');
      expect(valueOf(res.node, 0)).toBe('farside');
      expect(valueOf(res.node, 17)).toBe('embServe Node');
    });

    it('writes a resource and reads it back', async () => {
      const write = await h.server.send(EP, { kind: 'write', path: [1, 0, 1], mode: 'replace', node: { kind: 'single', id: 1, type: 'integer', value: 120 } });
      expect(write.code).toBe('2.04');
      expect((await h.server.send(EP, { kind: 'read', path: [1, 0, 1] })).node).toMatchObject({ value: 120 });
    });

    it('executes a resource with arguments', async () => {
      const calls: (string | undefined)[] = [];
      device.tree.onExecute([3, 0, 4], (args) => calls.push(args));
      expect((await h.server.send(EP, { kind: 'execute', path: [3, 0, 4], args: "0='now'" })).code).toBe('2.04');
      expect(calls).toEqual(["0='now'"]);
    });

    // Instance 1: the simulator's shell may hold instance 0 of object 19.
    it('creates a data container, writes 4 KB into it block-wise and reads every byte back', async () => {
      const created = await h.server.send(EP, {
        kind: 'create',
        path: [19],
        instance: { kind: 'instance', id: 1, resources: new Map([[0, { kind: 'multiple', id: 0, type: 'opaque', instances: new Map([[0, new Uint8Array([1])]]) }]]) },
      });
      expect(created).toMatchObject({ code: '2.01', path: [19, 1] });
      const data = blob(4000, 3);
      const write = await h.server.send(EP, { kind: 'write', path: [19, 1, 0], mode: 'replace', node: { kind: 'multiple', id: 0, type: 'opaque', instances: new Map([[0, data]]) } });
      expect(write.code).toBe('2.04');
      const read = await h.server.send(EP, { kind: 'read', path: [19, 1, 0, 0], accept: CONTENT_FORMAT.OPAQUE });
      expect(read.code).toBe('2.05');
      expect(Buffer.from((read.node as { value: Uint8Array }).value).equals(Buffer.from(data))).toBe(true);
    });

    it('delivers notifications of an observed resource', async () => {
      const { response, observation } = await h.server.observe(EP, [4, 0, 2]);
      expect(response.code).toBe('2.05');
      const notified = notificationWith(h, -42);
      device.tree.setValue([4, 0, 2], -42);
      const n = await notified;
      expect(n.observation.id).toBe(observation?.id);
      expect(n.registration.endpoint).toBe(EP);
    });

    it('de-registers the device when it stops', async () => {
      const deregistered = h.next('deregistered');
      await device.stop();
      const [{ registration }] = await deregistered;
      expect(registration.endpoint).toBe(EP);
      expect(h.server.registration(EP)).toBeUndefined();
    });
  });
}

describeDeviceManagementOver(udp);
describeDeviceManagementOver(new SerialTransport());

const serial = new SerialTransport();
describe.skipIf(serial.missing !== undefined)(`a serial line that is pulled and plugged back in${serial.missing ? ` (skipped: ${serial.missing})` : ''}`, () => {
  let h: Harness;
  let device: SimulatedDevice;

  beforeEach(async () => {
    h = await new Harness().start();
    device = await h.device(EP, { server: await serial.connect(h) });
  });
  afterEach(async () => {
    try {
      await h.close();
    } finally {
      await serial.disconnect();
    }
  });
  afterAll(() => serial.dispose());

  it('shows the gateway the device at the gateway-side bridge', () => {
    expect(h.server.registration(EP)?.peer).toEqual(serial.gatewaySide?.address());
  });

  it('times out requests while the cable is out, then the device updates and answers once it is back', async () => {
    const bridges = [serial.gatewaySide!, serial.deviceSide!];
    const down = Promise.all(bridges.map((b) => once(b, 'lineDown')));
    await serial.pty!.unplug();
    await down;
    await expect(h.server.send(EP, { kind: 'read', path: [3, 0, 0] }, { timeoutMs: 300 })).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_TIMEOUT'));

    const up = Promise.all(bridges.map((b) => once(b, 'lineUp')));
    await serial.pty!.plug();
    await up;
    const updated = h.next('updated');
    await device.update();
    const [{ registration }] = await updated;
    expect(registration.endpoint).toBe(EP);
    const read = await h.server.send(EP, { kind: 'read', path: [3, 0, 0], accept: CONTENT_FORMAT.TEXT });
    expect(read.node).toMatchObject({ value: 'farside' });
    expect(serial.deviceSide!.counters.dropped.oversize).toBe(0);
  });

  it('registers the device again when the gateway forgot it during the outage', async () => {
    const bridges = [serial.gatewaySide!, serial.deviceSide!];
    const down = Promise.all(bridges.map((b) => once(b, 'lineDown')));
    await serial.pty!.unplug();
    await down;
    // The gateway drops the registration meanwhile, as when its lifetime runs out.
    const raw = await h.rawClient();
    const deregistered = h.next('deregistered');
    expect((await raw.request(h.address, { method: 'DELETE', path: ['rd', h.server.registration(EP)!.id] })).code).toBe('2.02');
    await deregistered;

    const up = Promise.all(bridges.map((b) => once(b, 'lineUp')));
    await serial.pty!.plug();
    await up;
    const registered = h.next('registered');
    await device.update();
    const [{ registration }] = await registered;
    expect(registration.endpoint).toBe(EP);
    expect(registration.peer).toEqual(serial.gatewaySide!.address());
  });
});
