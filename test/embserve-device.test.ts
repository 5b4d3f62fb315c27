/**
 * A simulated embServe node driven end to end through the gateway and SDF over MQTT, on
 * both brokers: the FITA 4-step deployment, monitoring, shell knobs, data routes, bad
 * packages and reboot.
 */
import { once } from 'node:events';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeRoutePayload } from '../firmware-sim/index.js';
import { SdfMqttBinding } from '../gateway/index.js';
import { SdfClient, type SdfAnnounce, type SdfTopic } from '../sdf-models/index.js';
import { Harness } from './harness.js';
import { startAedes, startMosquitto, type TestBroker } from './support/mqtt-brokers.js';
import { SdfDevice, hex, propertiesOf } from './support/sdf-device.js';
import { TEMPERATURE_SERVICE as TEMPERATURE_JSON } from './support/services.js';

const SM = 'LWM2M_Software_Management';
const prop = (thing: string, object: string, instance: string, property: string) => ({ level: 'property' as const, thing, object, instance, property });
const act = (thing: string, object: string, instance: string, action: string): SdfTopic => ({ level: 'action', thing, object, instance, action });

const TEMPERATURE_SERVICE = JSON.stringify(TEMPERATURE_JSON);


describe.each([
  ['the embedded aedes broker (MQTT 3.1.1)', 'aedes', 4 as const],
  ['mosquitto (MQTT 5)', 'mosquitto', 5 as const],
])('an embServe device through the gateway and %s', (_name, kind, protocolVersion) => {
  let broker: TestBroker;
  let h: Harness;
  let binding: SdfMqttBinding;
  let client: SdfClient;

  let dev: SdfDevice;
  const get = (object: string, instance: string, property: string): Promise<unknown> => dev.get(object, instance, property);
  const post = (topic: SdfTopic, data?: unknown): Promise<number> => dev.post(topic, data);
  const shell = (command: string): Promise<string> => dev.shell(command);
  const memoryFree = (): Promise<number> => dev.memoryFree();
  const deploy = (service: string, label = '0'): Promise<void> => dev.deploy(service, label);

  beforeAll(async () => {
    broker = kind === 'aedes' ? await startAedes() : await startMosquitto();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    h = await new Harness({ requestTimeoutMs: 2_000 }).start();
    binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion });
    await binding.start();
    client = new SdfClient({ url: broker.url, protocolVersion, requestTimeoutMs: 5_000 });
    await client.start();
    dev = new SdfDevice(client, 'dev');
    const announced = once(client, 'announce');
    await h.device('dev', { seed: 42, workloadPeriodMs: 100, tickIntervalMs: 200 });
    await announced;
  });
  afterEach(async () => {
    await client.close();
    await h.close();
    await binding.close();
  });

  it('deploys a FITA temperature service in four steps; its Temperature instance appears and can be observed', async () => {
    const announces: SdfAnnounce[] = [];
    client.on('announce', (a) => announces.push(a));
    await deploy(TEMPERATURE_SERVICE);
    expect(await get(SM, '0', 'Activation_State')).toBe('true');
    expect(await get(SM, '0', 'PkgName')).toBe('temperature');
    // The board's own sensor is Temperature/0; the workload's output gets the next instance.
    await expect.poll(() => announces.some((a) => a['dev']?.sdfObject['Temperature']?.some((i) => i.label === '1'))).toBe(true);
    const values: number[] = [];
    const observation = await client.observe(prop('dev', 'Temperature', '1', 'Sensor_Value'), (n) => values.push(Number(propertiesOf(n['dev']!, 'Temperature', '1')['Sensor_Value'])));
    await expect.poll(() => values.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await observation.stop();
    for (const value of values) {
      expect(value).toBeGreaterThan(10);
      expect(value).toBeLessThan(35);
    }
  });

  it('reports plausible monitoring for the device and the running workload', async () => {
    await deploy(TEMPERATURE_SERVICE);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const monitoring = await client.request({ level: 'object', thing: 'dev', object: 'Software_Package_Monitoring' }, 'GET');
    const instances = monitoring.sdfObject?.['Software_Package_Monitoring'] ?? [];
    const byLink = new Map(instances.map((i) => [String(i.sdfProperty?.['Sofware_Package']), i.sdfProperty ?? {}]));
    const workload = byLink.get(`${SM}/0`)!;
    const whole = byLink.get('Device/0')!;
    expect(Number(workload['CPU_Usage'])).toBeGreaterThan(0);
    expect(Number(workload['CPU_Usage'])).toBeLessThan(100);
    expect(Number(workload['Memory_Usage'])).toBeGreaterThan(1024);
    expect(Number(workload['Uptime'])).toBeGreaterThan(0);
    expect(Number(whole['Memory_Usage'])).toBeGreaterThan(Number(workload['Memory_Usage']));
    expect(Number(whole['Uptime'])).toBeGreaterThanOrEqual(Number(workload['Uptime']));
  });

  it('frees the memory of a workload when it is deactivated and uninstalled', async () => {
    const before = await memoryFree();
    await deploy(TEMPERATURE_SERVICE);
    expect(await memoryFree()).toBeLessThan(before);
    expect(await post(act('dev', SM, '0', 'Deactivate'))).toBe(68);
    expect(await post(act('dev', SM, '0', 'Uninstall'))).toBe(68);
    expect(await memoryFree()).toBe(before);
    expect(await get(SM, '0', 'Update_State')).toBe('0');
    expect(await shell('services')).not.toContain('temperature');
  });

  it('gives a bad package its Update Result and changes nothing else', async () => {
    const before = await memoryFree();
    expect((await client.request({ level: 'object', thing: 'dev', object: SM }, 'POST', { label: '0' })).response_code).toBe(65);
    expect(await post(prop('dev', SM, '0', 'Package'), hex('{"name": "broken"'))).toBe(68);
    expect(await get(SM, '0', 'Update_State')).toBe('0');
    expect(await get(SM, '0', 'Update_Result')).toBe('53');
    expect(await post(prop('dev', SM, '0', 'Package'), hex(TEMPERATURE_SERVICE.replace('"sdk_api":1', '"sdk_api":9')))).toBe(68);
    expect(await get(SM, '0', 'Update_Result')).toBe('54');
    expect(await post(act('dev', SM, '0', 'Install'))).toBe(133);
    const tooBigForRam = JSON.parse(TEMPERATURE_SERVICE) as Record<string, unknown>;
    tooBigForRam['model'] = { file: 'kws.tflite', tensor_arena_size: 300 * 1024 };
    expect(await post(prop('dev', SM, '0', 'Package'), hex(JSON.stringify(tooBigForRam)))).toBe(68);
    expect(await get(SM, '0', 'Update_Result')).toBe('51');
    expect(await post(act('dev', SM, '0', 'Install'))).toBe(133);
    expect(await memoryFree()).toBe(before);
    expect(await shell('log 5')).toMatch(/sdk_api/);
  });

  it('refuses a package larger than the free flash of a small board with Update Result 50', async () => {
    await h.device('small', { profile: 'qemu-cortex-m3' });
    const big = JSON.stringify({ ...(JSON.parse(TEMPERATURE_SERVICE) as object), service: Buffer.alloc(96 * 1024, 1).toString('base64') });
    expect((await client.request({ level: 'object', thing: 'small', object: SM }, 'POST', { label: '0' })).response_code).toBe(65);
    expect((await client.request(prop('small', SM, '0', 'Package'), 'POST', hex(big))).response_code).toBe(68);
    const result = await client.request(prop('small', SM, '0', 'Update_Result'), 'GET');
    expect(propertiesOf(result, SM, '0')['Update_Result']).toBe('50');
  });

  it('lists, gets and sets the TX_PWR knob through the shell object, and the RSSI follows', async () => {
    expect(await shell('mlsysops knobs list')).toMatch(/^TX_PWR=MED \(LOW\|MED\|HIGH\)$/m);
    expect(await shell('mlsysops knobs set TX_PWR LOW')).toBe('TX_PWR=LOW');
    expect(await shell('mlsysops knobs get TX_PWR')).toBe('TX_PWR=LOW');
    const low = Number(await get('Connectivity_Monitoring', '0', 'Radio_Signal_Strength'));
    expect(await shell('mlsysops knobs set TX_PWR HIGH')).toBe('TX_PWR=HIGH');
    const high = Number(await get('Connectivity_Monitoring', '0', 'Radio_Signal_Strength'));
    expect(high - low).toBeGreaterThanOrEqual(4);
    expect(await shell('mlsysops knobs set TX_PWR LOUD')).toMatch(/^error: /);
    expect(await shell('mlsysops knobs get TX_PWR')).toBe('TX_PWR=HIGH');
  });

  it('forwards a workload output to an MQTT topic through a data route', async () => {
    const subscriber = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
    try {
      await subscriber.subscribeAsync('farside-test/temp');
      const received = new Promise<Buffer>((resolve) => subscriber.once('message', (_topic, payload) => resolve(payload)));
      const brokerUri = `${broker.url}/farside-test/temp`;
      const created = await client.request({ level: 'object', thing: 'dev', object: 'Data_Route' }, 'POST', {
        label: '0',
        sdfProperty: { Origin_URI: 'local://temperature/temp', Destination_URI: brokerUri },
      });
      expect(created.response_code).toBe(65);
      await deploy(TEMPERATURE_SERVICE);
      const payload = await received;
      const value = decodeRoutePayload(new Uint8Array(payload));
      expect(value).toMatchObject({ key: 'temp', type: 1 });
      expect(value.value).toBeGreaterThan(10);
    } finally {
      await subscriber.endAsync();
    }
  });

  it('refuses a route with an unsupported URI and creates nothing', async () => {
    const created = await client.request({ level: 'object', thing: 'dev', object: 'Data_Route' }, 'POST', {
      label: '0',
      sdfProperty: { Origin_URI: 'local://temperature/temp', Destination_URI: 'http://example.com/x' },
    });
    expect(created.response_code).toBe(128);
    const routes = await client.request({ level: 'object', thing: 'dev', object: 'Data_Route' }, 'GET');
    expect(routes.sdfObject?.['Data_Route'] ?? []).toEqual([]);
  });

  it('comes back from a reboot registered, with what was active running again', async () => {
    await deploy(TEMPERATURE_SERVICE);
    const registered = h.next('registered', 10_000);
    expect(await post(act('dev', 'Device', '0', 'Reboot'))).toBe(68);
    await registered;
    await expect.poll(async () => (await client.request(prop('dev', SM, '0', 'Activation_State'), 'GET')).response_code, { timeout: 5_000 }).toBe(69);
    expect(await get(SM, '0', 'Activation_State')).toBe('true');
    expect(await get(SM, '0', 'Update_State')).toBe('4');
    expect(await shell('log 50')).toMatch(/power off[\s\S]*booting/);
  });
});
