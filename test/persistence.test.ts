import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRegistrationStore } from '../gateway/index.js';
import { CONTENT_FORMAT, isFarsideError } from '../lwm2m/index.js';
import { Harness } from './harness.js';

describe('registrations kept in a file across gateway restarts', () => {
  let dir: string;
  let file: string;
  const harnesses: Harness[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farside-state-'));
    file = join(dir, 'registrations.json');
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function gateway(port = 0): Promise<Harness> {
    const h = await new Harness({ port, store: await FileRegistrationStore.open(file, { writeDelayMs: 10 }) }).start();
    harnesses.push(h);
    return h;
  }

  it('keeps a device registered through a restart: it updates at its old location and answers requests', async () => {
    const first = await gateway();
    const port = first.address.port;
    const device = await first.device('survivor', { lifetimeS: 60 });
    const registration = first.server.registration('survivor')!;
    // Stop only the gateway; the device keeps running, as it would in the field.
    await first.server.close();

    const second = await gateway(port);
    expect(second.server.registration('survivor')).toEqual(registration);
    const updated = second.next('updated');
    await device.update();
    const [{ registration: after }] = await updated;
    expect(after.id).toBe(registration.id);
    const read = await second.server.send('survivor', { kind: 'read', path: [3, 0, 0], accept: CONTENT_FORMAT.TEXT });
    expect(read.node).toMatchObject({ value: 'farside' });
  });

  it('expires on start a registration whose lifetime ran out while the gateway was down', async () => {
    const first = await gateway();
    const client = await first.rawClient();
    await client.request(first.address, { method: 'POST', path: ['rd'], query: ['ep=brief', 'lt=1', 'lwm2m=1.1'], contentFormat: 40, payload: new TextEncoder().encode('</3/0>') });
    await first.close();
    await new Promise((r) => setTimeout(r, 1_100));
    const second = new Harness({ store: await FileRegistrationStore.open(file) });
    harnesses.push(second);
    const expired = second.next('expired');
    await second.start();
    const [{ registration }] = await expired;
    expect(registration.endpoint).toBe('brief');
    expect(second.server.registrationCount).toBe(0);
  });

  it('refuses a state file that is not a registration file, and leaves it untouched', async () => {
    await writeFile(file, '{"hello":"world"}');
    await expect(FileRegistrationStore.open(file)).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_INVALID_INPUT'));
    await writeFile(file, 'not json at all');
    await expect(FileRegistrationStore.open(file)).rejects.toThrow(/not JSON/);
    expect(await readFile(file, 'utf8')).toBe('not json at all');
  });

  it('starts empty when the state file does not exist yet', async () => {
    const store = await FileRegistrationStore.open(join(dir, 'new', 'registrations.json'));
    expect(store.size).toBe(0);
  });
});
