/**
 * Driving one simulated device over SDF-over-MQTT the way an integrator (or FITA's
 * kubelet) does: read and write properties, run actions, talk to the shell, deploy a
 * package in FITA's four steps. Each step asserts the response code it expects.
 */
import { expect } from 'vitest';
import type { SdfClient, SdfNotification, SdfResponse, SdfTopic } from '../../sdf-models/index.js';

export const SOFTWARE_MANAGEMENT = 'LWM2M_Software_Management';
export const MONITORING = 'Software_Package_Monitoring';

export const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');
export const fromHex = (value: unknown): string => Buffer.from(String(value), 'hex').toString('utf8');

/** The properties of instance `label` of `object` in a reply or notification. */
export function propertiesOf(response: SdfResponse | SdfNotification[string], object: string, label = '0'): Record<string, unknown> {
  const objects = (response as SdfResponse).sdfObject ?? {};
  return (objects[object]?.find((i) => i.label === label)?.sdfProperty ?? {}) as Record<string, unknown>;
}

export class SdfDevice {
  constructor(
    readonly client: SdfClient,
    readonly thing: string,
  ) {}

  property(object: string, instance: string, property: string) {
    return { level: 'property' as const, thing: this.thing, object, instance, property };
  }

  action(object: string, instance: string, action: string): SdfTopic {
    return { level: 'action', thing: this.thing, object, instance, action };
  }

  object(object: string): SdfTopic {
    return { level: 'object', thing: this.thing, object };
  }

  async get(object: string, instance: string, property: string): Promise<unknown> {
    const response = await this.client.request(this.property(object, instance, property), 'GET');
    expect(response.response_code).toBe(69);
    return propertiesOf(response, object, instance)[property];
  }

  async post(topic: SdfTopic, data?: unknown): Promise<number> {
    return (await this.client.request(topic, 'POST', data)).response_code;
  }

  /** Writes a command to the shell's Data/0 and returns the reply from Data/1. */
  async shell(command: string): Promise<string> {
    expect(await this.post(this.property('BinaryAppDataContainer', '0', 'Data'), { '0': hex(command) })).toBe(68);
    return fromHex(((await this.get('BinaryAppDataContainer', '0', 'Data')) as Record<string, string>)['1']);
  }

  async memoryFree(): Promise<number> {
    return Number(await this.get('Device', '0', 'Memory_Free'));
  }

  /** FITA's flow: create the Software Management instance, write the package (hex), Install, Activate. */
  async deploy(serviceJson: string, label = '0'): Promise<void> {
    expect((await this.client.request(this.object(SOFTWARE_MANAGEMENT), 'POST', { label })).response_code).toBe(65);
    expect(await this.post(this.property(SOFTWARE_MANAGEMENT, label, 'Package'), hex(serviceJson))).toBe(68);
    expect(await this.get(SOFTWARE_MANAGEMENT, label, 'Update_State')).toBe('3');
    expect(await this.post(this.action(SOFTWARE_MANAGEMENT, label, 'Install'))).toBe(68);
    expect(await this.post(this.action(SOFTWARE_MANAGEMENT, label, 'Activate'))).toBe(68);
  }
}
