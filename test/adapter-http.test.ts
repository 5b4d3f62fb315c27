/**
 * One HTTP API, two implementations: the communication adapter in front of a simulated
 * device (through the gateway and SDF over MQTT), and the temperature service built as a
 * plain Linux container. The same assertions run against both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, putJson, startAdapterOnDevice, startContainerService, takeEvents, type ApiUnderTest } from '../adapters/test-rig.js';

const PROPERTY = '/v1/Temperature/0/Sensor_Value';
const RESET = '/v1/Temperature/0/actions/Reset_Min_and_Max_Measured_Values';
/** Indoor temperatures the simulated board and the container report, °C. */
const PLAUSIBLE = { min: 0, max: 50 } as const;
/** How far the reading may move between the reset and reading it back, °C. */
const TOLERANCE = 1;

export function describeTemperatureApi(name: string, start: () => Promise<ApiUnderTest>): void {
  describe(`the temperature HTTP API served by ${name}`, () => {
    let api: ApiUnderTest | undefined;
    const url = (path: string): string => `${api!.url}${path}`;
    const value = async (path: string): Promise<number> => {
      const { status, body } = await call(url(path));
      expect(status).toBe(200);
      return (body as { value: number }).value;
    };

    beforeAll(async () => {
      api = await start();
    });
    afterAll(() => api?.stop());

    it('lists Temperature instance 0 among the objects of its thing', async () => {
      const { status, body } = await call(url('/v1'));
      expect(status).toBe(200);
      expect(body).toMatchObject({ thing: 'dev', objects: { Temperature: expect.arrayContaining(['0']) } });
    });

    it('answers a property read with a JSON number in a plausible range', async () => {
      const reading = await value(PROPERTY);
      expect(typeof reading).toBe('number');
      expect(reading).toBeGreaterThan(PLAUSIBLE.min);
      expect(reading).toBeLessThan(PLAUSIBLE.max);
      expect(await call(url('/v1/Temperature/0/Sensor_Units'))).toMatchObject({ status: 200, body: { value: 'Cel' } });
    });

    it('streams the current value and then changes as server-sent events with numbers and times', async () => {
      const events = await takeEvents<{ value: unknown; time: string }>(url(`${PROPERTY}/stream`), 2);
      for (const event of events) {
        expect(typeof event.value).toBe('number');
        expect(Number.isNaN(Date.parse(event.time))).toBe(false);
      }
    });

    it('resets the minimum and maximum to the current reading when the reset action is called', async () => {
      expect((await call(url(RESET), { method: 'POST' })).status).toBe(204);
      const [min, max, current] = await Promise.all(['Min_Measured_Value', 'Max_Measured_Value', 'Sensor_Value'].map((p) => value(`/v1/Temperature/0/${p}`)));
      expect(Math.abs(max! - min!)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(current! - min!)).toBeLessThanOrEqual(TOLERANCE);
    });

    it('answers 404 naming an unknown property', async () => {
      const { status, body } = await call(url('/v1/Temperature/0/No_Such_Property'));
      expect(status).toBe(404);
      expect((body as { error: string }).error).toContain('No_Such_Property');
    });

    it('answers 400 to a PUT whose body is not JSON, lacks a value, or writes a read-only property', async () => {
      for (const body of ['{"value":', '{"temperature": 3}', '{"value": 21.5}']) {
        const answer = await putJson(url(PROPERTY), body);
        expect(answer.status).toBe(400);
        expect((answer.body as { error: string }).error).toMatch(/JSON|value|read-only|cannot be written/);
      }
    });
  });
}

describeTemperatureApi('the communication adapter for the simulated device', startAdapterOnDevice);
describeTemperatureApi('the Linux container version', startContainerService);
