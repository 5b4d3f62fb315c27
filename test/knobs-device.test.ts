/**
 * MLSysOps knobs on a simulated device through the gateway and SDF over MQTT (aedes): the
 * knob client, the `farside knobs` command, the knobs HTTP API and knob events over MQTT.
 * Every path's change must show in the device's RSSI (HIGH is +8 dBm over MED, LOW -8).
 */
import { once } from 'node:events';
import { Command } from 'commander';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerKnobsCommand } from '../cli/commands/knobs.js';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import { KnobClient, KnobEventsMqtt, KnobsApi, knobEventTopic, knobResultTopic } from '../kubelet/index.js';
import { DeviceShellClient, SdfClient } from '../sdf-models/index.js';
import type { Harness } from './harness.js';
import { startSdfGateway, type SdfGateway } from './support/sdf-gateway.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';
import { SdfDevice } from './support/sdf-device.js';

/** Long enough that the link's random walk does not move during a test: RSSI then moves only with TX_PWR. */
const FROZEN_TICK_MS = 3_600_000;

describe('MLSysOps knobs on a simulated device through the gateway', () => {
  let broker: TestBroker;
  let h: Harness;
  let gateway: SdfGateway;
  let client: SdfClient;
  let knobs: KnobClient;
  let dev: SdfDevice;
  const rssi = async (): Promise<number> => Number(await dev.get('Connectivity_Monitoring', '0', 'Radio_Signal_Strength'));

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    gateway = await startSdfGateway(broker.url, { requestTimeoutMs: 5_000 });
    ({ h, client: client } = gateway);
    knobs = new KnobClient(new DeviceShellClient(client));
    dev = new SdfDevice(client, 'dev');
    const announced = once(client, 'announce');
    await h.device('dev', { seed: 11, tickIntervalMs: FROZEN_TICK_MS });
    await announced;
  });
  afterEach(async () => {
    await gateway.close();
  });

  describe('KnobClient', () => {
    it('lists the knobs with their values and allowed values', async () => {
      expect(await knobs.list('dev')).toEqual([{ name: 'TX_PWR', value: 'MED', allowed: ['LOW', 'MED', 'HIGH'] }]);
    });

    it('sets a knob, confirms it by reading back, and the RSSI moves by the TX power step', async () => {
      const before = await rssi();
      expect(await knobs.set('dev', 'TX_PWR', 'high')).toEqual({ name: 'TX_PWR', value: 'HIGH' });
      expect(await knobs.get('dev', 'TX_PWR')).toEqual({ name: 'TX_PWR', value: 'HIGH' });
      expect(await rssi()).toBe(before + 8);
      await knobs.set('dev', 'TX_PWR', 'LOW');
      expect(await rssi()).toBe(before - 8);
    });

    it('refuses an unknown knob with NOT_FOUND naming the knobs the device has', async () => {
      const err = await knobs.set('dev', 'RX_GAIN', 'LOW').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FarsideError);
      expect((err as FarsideError).code).toBe(ERROR_CODES.NOT_FOUND);
      expect((err as FarsideError).message).toMatch(/no knob RX_GAIN.*TX_PWR/);
    });

    it('refuses a value the knob does not take with INVALID_INPUT listing the allowed ones, and changes nothing', async () => {
      const err = await knobs.set('dev', 'TX_PWR', 'MAX').catch((e: unknown) => e);
      expect((err as FarsideError).code).toBe(ERROR_CODES.INVALID_INPUT);
      expect((err as FarsideError).message).toMatch(/TX_PWR cannot be MAX.*LOW, MED, HIGH/);
      expect(await knobs.get('dev', 'TX_PWR')).toEqual({ name: 'TX_PWR', value: 'MED' });
    });

    it('refuses malformed names and values before reaching the device', async () => {
      const run = vi.fn();
      const offline = new KnobClient({ run });
      await expect(offline.set('dev', 'tx pwr', 'LOW')).rejects.toThrow(/not a knob name/);
      await expect(offline.set('dev', 'TX_PWR', 'LOW; reboot')).rejects.toThrow(/not a knob value/);
      expect(run).not.toHaveBeenCalled();
    });

    it('reports a device that reads back another value than it was set to', async () => {
      const liar = new KnobClient({
        run: (_thing, line) => Promise.resolve({ output: line.includes(' set ') ? 'TX_PWR=LOW' : 'TX_PWR=MED', exitCode: 0 }),
      });
      const err = await liar.set('dev', 'TX_PWR', 'LOW').catch((e: unknown) => e);
      expect((err as FarsideError).code).toBe(ERROR_CODES.NOT_ALLOWED);
      expect((err as FarsideError).message).toMatch(/reads back TX_PWR=MED after setting it to LOW/);
    });
  });

  describe('farside knobs', () => {
    let output: string[];
    const runCli = async (...args: string[]): Promise<void> => {
      const program = new Command().exitOverride();
      registerKnobsCommand(program);
      await program.parseAsync(['knobs', ...args, '--mqtt-url', broker.url], { from: 'user' });
    };
    beforeEach(() => {
      output = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        output.push(String(chunk));
        return true;
      });
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('lists, gets and sets a knob, printing NAME=VALUE lines, and the RSSI follows', async () => {
      const before = await rssi();
      await runCli('dev', 'list');
      await runCli('dev', 'set', 'TX_PWR', 'HIGH');
      await runCli('dev', 'get', 'TX_PWR');
      expect(output.join('')).toBe('TX_PWR=MED (LOW|MED|HIGH)\nTX_PWR=HIGH\nTX_PWR=HIGH\n');
      expect(await rssi()).toBe(before + 8);
    });

    it('fails with the device\'s reason for a bad value', async () => {
      await expect(runCli('dev', 'set', 'TX_PWR', 'MAX')).rejects.toThrow(/TX_PWR cannot be MAX on dev; allowed: LOW, MED, HIGH/);
      await expect(runCli('dev', 'get')).rejects.toThrow(/usage: farside knobs <thing> get <knob>/);
      await expect(runCli('dev', 'toggle')).rejects.toThrow(/unknown knobs action "toggle"/);
    });
  });

  describe('the knobs HTTP API', () => {
    let api: KnobsApi;
    let base: string;
    const call = async (method: string, path: string, body?: string): Promise<{ status: number; json: Record<string, unknown> }> => {
      const response = await fetch(`${base}${path}`, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    beforeEach(async () => {
      api = new KnobsApi({ knobs, port: 0 });
      const address = await api.start();
      base = `http://127.0.0.1:${address.port}`;
    });
    afterEach(() => api.close());

    it('sets a knob with PUT, reads it back with GET, and the RSSI follows', async () => {
      const before = await rssi();
      expect(await call('PUT', '/v1/things/dev/knobs/TX_PWR', '{"value":"LOW"}')).toEqual({ status: 200, json: { thing: 'dev', name: 'TX_PWR', value: 'LOW' } });
      expect(await call('GET', '/v1/things/dev/knobs/TX_PWR')).toEqual({ status: 200, json: { thing: 'dev', name: 'TX_PWR', value: 'LOW' } });
      expect((await call('GET', '/v1/things/dev/knobs')).json['knobs']).toEqual([{ name: 'TX_PWR', value: 'LOW', allowed: ['LOW', 'MED', 'HIGH'] }]);
      expect(await rssi()).toBe(before - 8);
    });

    it('applies an MLSysOps CONTROL_KNOB_EVENT posted to knob-events', async () => {
      const before = await rssi();
      const event = JSON.stringify({ event: 'CONTROL_KNOB_EVENT', payload: { control_knob: 'TX_PWR', action: 'SET', value: 'HIGH' } });
      expect(await call('POST', '/v1/things/dev/knob-events', event)).toEqual({ status: 200, json: { ok: true, thing: 'dev', knob: 'TX_PWR', value: 'HIGH' } });
      expect(await rssi()).toBe(before + 8);
    });

    it('answers bad requests with a 4xx and a clear message, changing nothing', async () => {
      const unknownKnob = await call('PUT', '/v1/things/dev/knobs/RX_GAIN', '{"value":"LOW"}');
      expect(unknownKnob.status).toBe(404);
      expect(unknownKnob.json['error']).toMatchObject({ code: ERROR_CODES.NOT_FOUND, message: expect.stringMatching(/no knob RX_GAIN/) as unknown });
      const badValue = await call('PUT', '/v1/things/dev/knobs/TX_PWR', '{"value":"MAX"}');
      expect(badValue.status).toBe(400);
      expect(badValue.json['error']).toMatchObject({ message: expect.stringMatching(/allowed: LOW, MED, HIGH/) as unknown });
      const badJson = await call('PUT', '/v1/things/dev/knobs/TX_PWR', '{"value":');
      expect(badJson.status).toBe(400);
      expect(badJson.json['error']).toMatchObject({ message: expect.stringMatching(/not JSON/) as unknown });
      const noValue = await call('PUT', '/v1/things/dev/knobs/TX_PWR', '{"level":"LOW"}');
      expect(noValue.status).toBe(400);
      expect(noValue.json['error']).toMatchObject({ message: expect.stringMatching(/\{"value": "<VALUE>"\}/) as unknown });
      const badEvent = await call('POST', '/v1/things/dev/knob-events', '{"event":"CONTROL_KNOB_EVENT","payload":{"control_knob":"TX_PWR","action":"TOGGLE"}}');
      expect(badEvent.status).toBe(400);
      expect((await call('GET', '/v1/things/ghost/knobs')).status).toBe(404);
      expect((await call('DELETE', '/v1/things/dev/knobs/TX_PWR')).status).toBe(405);
      expect(await knobs.get('dev', 'TX_PWR')).toEqual({ name: 'TX_PWR', value: 'MED' });
      expect(await call('GET', '/healthz')).toEqual({ status: 200, json: { status: 'ok' } });
    });

    it('answers 504 when the device does not reply in time', async () => {
      const slow = new KnobsApi({ knobs: new KnobClient({ run: () => Promise.reject(new FarsideError(ERROR_CODES.TIMEOUT, 'GET dev/... timed out')) }), port: 0 });
      const { port } = await slow.start();
      try {
        const response = await fetch(`http://127.0.0.1:${port}/v1/things/dev/knobs/TX_PWR`);
        expect(response.status).toBe(504);
        expect(await response.json()).toEqual({ error: { code: ERROR_CODES.TIMEOUT, message: 'GET dev/... timed out' } });
      } finally {
        await slow.close();
      }
    });
  });

  describe('knob events over MQTT', () => {
    let events: KnobEventsMqtt;
    let agent: MqttClient;
    const publish = async (payload: string): Promise<Record<string, unknown>> => {
      const reply = new Promise<[string, Buffer]>((resolve) => agent.once('message', (topic, bytes) => resolve([topic, bytes])));
      await agent.publishAsync(knobEventTopic('dev', 'farside'), payload, { qos: 1 });
      const [topic, bytes] = await reply;
      expect(topic).toBe(knobResultTopic('dev', 'farside'));
      return JSON.parse(bytes.toString()) as Record<string, unknown>;
    };
    beforeEach(async () => {
      events = new KnobEventsMqtt({ knobs, url: broker.url, prefix: 'farside' });
      await events.start();
      agent = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
      await agent.subscribeAsync(knobResultTopic('dev', 'farside'), { qos: 1 });
    });
    afterEach(async () => {
      await agent.endAsync(true);
      await events.close();
    });

    it('applies a CONTROL_KNOB_EVENT from mlsysops/<thing>/knobs, answers on its result topic, and the RSSI follows', async () => {
      const before = await rssi();
      const event = { event: 'CONTROL_KNOB_EVENT', payload: { control_knob: 'TX_PWR', action: 'SET', value: 'LOW' } };
      expect(await publish(JSON.stringify(event))).toEqual({ ok: true, knob: 'TX_PWR', value: 'LOW' });
      expect(await rssi()).toBe(before - 8);
      expect(await publish(JSON.stringify({ ...event, payload: { control_knob: 'TX_PWR', action: 'GET' } }))).toEqual({ ok: true, knob: 'TX_PWR', value: 'LOW' });
    });

    it('answers a bad event with an error result and changes nothing', async () => {
      const result = await publish('{"event":"KNOB","payload":{}}');
      expect(result).toMatchObject({ ok: false, error: { code: ERROR_CODES.INVALID_INPUT, message: expect.stringMatching(/"event" must be "CONTROL_KNOB_EVENT"/) as unknown } });
      expect(await publish('not json')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not JSON/) as unknown } });
      expect(await knobs.get('dev', 'TX_PWR')).toEqual({ name: 'TX_PWR', value: 'MED' });
    });
  });
});
