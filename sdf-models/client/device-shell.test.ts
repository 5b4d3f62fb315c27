import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import type { SdfResponse } from '../contract/payloads.js';
import type { SdfTopic } from '../contract/topics.js';
import type { SdfRequestOptions } from './options.js';
import { DeviceShellClient } from './device-shell.js';
import type { SdfRequester } from './software-management-requests.js';

interface SentRequest {
  readonly topic: SdfTopic | 'things';
  readonly operation: string;
  readonly data: unknown;
  readonly options: SdfRequestOptions | undefined;
}

/** A gateway with one device whose shell echoes `reply(command)`; each request answers on a later turn, as over MQTT. */
function fakeGateway(reply: (command: string) => string, overrides: { write?: SdfResponse; read?: SdfResponse } = {}) {
  const sent: SentRequest[] = [];
  let data: Record<string, string> = { '0': '', '1': '' };
  const sdf: SdfRequester = {
    async request(topic, operation, payload, options) {
      sent.push({ topic, operation, data: payload, options });
      await new Promise((resolve) => setImmediate(resolve));
      if (operation === 'POST') {
        if (overrides.write) return overrides.write;
        const command = Buffer.from((payload as Record<string, string>)['0']!, 'hex').toString('utf8');
        data = { '0': (payload as Record<string, string>)['0']!, '1': Buffer.from(reply(command)).toString('hex') };
        return { response_code: 68 };
      }
      if (overrides.read) return overrides.read;
      return { response_code: 69, sdfObject: { BinaryAppDataContainer: [{ label: '0', sdfProperty: { Data: { ...data } } }] } };
    },
  };
  return { sdf, sent };
}

async function rejection(promise: Promise<unknown>): Promise<FarsideError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FarsideError);
  return err as FarsideError;
}

describe('DeviceShellClient', () => {
  it('writes the command as hex to Data/0 of BinaryAppDataContainer/0 and answers with the reply from Data/1', async () => {
    const { sdf, sent } = fakeGateway((command) => (command === 'mlsysops knobs get TX_PWR' ? 'TX_PWR=MED' : 'error: ?'));
    const shell = new DeviceShellClient(sdf, { requestTimeoutMs: 1234 });
    expect(await shell.run('dev', 'mlsysops knobs get TX_PWR')).toEqual({ output: 'TX_PWR=MED', exitCode: 0 });
    const topic = { level: 'property', thing: 'dev', object: 'BinaryAppDataContainer', instance: '0', property: 'Data' };
    expect(sent).toEqual([
      { topic, operation: 'POST', data: { '0': Buffer.from('mlsysops knobs get TX_PWR').toString('hex') }, options: { values: 'compat', timeoutMs: 1234 } },
      { topic, operation: 'GET', data: undefined, options: { values: 'compat', timeoutMs: 1234 } },
    ]);
  });

  it('gives exit code 1 when the shell replies with an error', async () => {
    const { sdf } = fakeGateway((command) => `error: unknown command ${JSON.stringify(command)}`);
    expect(await new DeviceShellClient(sdf).run('dev', 'frobnicate')).toEqual({ output: 'error: unknown command "frobnicate"', exitCode: 1 });
  });

  it('runs commands for one thing one at a time, so each gets its own reply', async () => {
    const { sdf } = fakeGateway((command) => `you said ${command}`);
    const shell = new DeviceShellClient(sdf);
    const replies = await Promise.all(['a', 'b', 'c'].map((word) => shell.run('dev', `echo ${word}`)));
    expect(replies.map((r) => r.output)).toEqual(['you said echo a', 'you said echo b', 'you said echo c']);
  });

  it.each([
    ['an empty command line', ''],
    ['a blank command line', '   '],
    ['a command line with a newline', 'help\nservices'],
    ['a command line with a control character', 'help\u0007'],
    ['a command line over 200 characters', `mlsysops ${'x'.repeat(200)}`],
  ])('refuses %s without sending anything', async (_name, commandLine) => {
    const { sdf, sent } = fakeGateway(() => 'ok');
    const err = await rejection(new DeviceShellClient(sdf).run('dev', commandLine));
    expect(err.code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(sent).toEqual([]);
  });

  it('refuses a thing name that cannot be a topic', async () => {
    const { sdf, sent } = fakeGateway(() => 'ok');
    expect((await rejection(new DeviceShellClient(sdf).run('a/b', 'help'))).code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(sent).toEqual([]);
  });

  it('turns an error reply into a FarsideError of its category', async () => {
    const notFound = fakeGateway(() => 'ok', { write: { response_code: 132, error: { title: 'Not Found', detail: 'no thing "ghost"' } } });
    const err = await rejection(new DeviceShellClient(notFound.sdf).run('ghost', 'help'));
    expect(err.code).toBe(ERROR_CODES.NOT_FOUND);
    expect(err.message).toMatch(/ghost.*4\.04 Not Found: no thing "ghost"/);
    const asleep = fakeGateway(() => 'ok', { read: { response_code: 163 } });
    expect((await rejection(new DeviceShellClient(asleep.sdf).run('dev', 'help'))).code).toBe(ERROR_CODES.DEVICE_UNAVAILABLE);
  });

  it('rejects a reply without a readable Data/1', async () => {
    const { sdf } = fakeGateway(() => 'ok', { read: { response_code: 69, sdfObject: { BinaryAppDataContainer: [{ label: '0', sdfProperty: { Data: { '1': 'zz' } } }] } } });
    expect((await rejection(new DeviceShellClient(sdf).run('dev', 'help'))).code).toBe(ERROR_CODES.INTERNAL);
  });

  it('does not send a command whose signal is already aborted', async () => {
    const { sdf, sent } = fakeGateway(() => 'ok');
    const err = await rejection(new DeviceShellClient(sdf).run('dev', 'help', { signal: AbortSignal.abort() }));
    expect(err.code).toBe(ERROR_CODES.CANCELLED);
    expect(sent).toEqual([]);
  });

  it('reads the recent device log as lines with the log command', async () => {
    const { sdf, sent } = fakeGateway((command) => (command === 'log 2' ? '[00:00:01.000] boot\n[00:00:02.500] /9/0 temp: 21.5' : ''));
    expect(await new DeviceShellClient(sdf).recentLog('dev', 2)).toEqual(['[00:00:01.000] boot', '[00:00:02.500] /9/0 temp: 21.5']);
    expect(sent[0]?.data).toEqual({ '0': Buffer.from('log 2').toString('hex') });
  });

  it('reads an empty log as no lines and refuses line counts outside 1 to 200', async () => {
    const { sdf } = fakeGateway(() => '');
    const shell = new DeviceShellClient(sdf);
    expect(await shell.recentLog('dev', 5)).toEqual([]);
    for (const lines of [0, 201, 1.5]) expect((await rejection(shell.recentLog('dev', lines))).code).toBe(ERROR_CODES.INVALID_INPUT);
  });

  it('rejects the log of a device whose shell has no log command', async () => {
    const { sdf } = fakeGateway(() => 'error: unknown command "log"');
    expect((await rejection(new DeviceShellClient(sdf).recentLog('dev', 5))).message).toMatch(/unknown command "log"/);
  });

  it('refuses bad options', () => {
    const { sdf } = fakeGateway(() => '');
    expect(() => new DeviceShellClient(sdf, { requestTimeoutMs: -1 })).toThrow(FarsideError);
  });
});
