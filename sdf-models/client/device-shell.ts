import { z } from 'zod';
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { errorCodeOfReply } from '../contract/error-response.js';
import { parseShape, type SdfResponse } from '../contract/payloads.js';
import { isSdfSuccess, sdfErrorTitle } from '../contract/response-code.js';
import { isValidThingName, type SdfTopic } from '../contract/topics.js';
import type { SdfRequestOptions } from './options.js';
import { KeyedSerializer } from './software-management-lock.js';
import type { SdfRequester } from './software-management-requests.js';

/**
 * embServe's shell is LwM2M BinaryAppDataContainer (object 19) instance 0: the command is
 * written to Data resource instance 0 and the device puts its reply in Data instance 1.
 */
export const DEVICE_SHELL_SDF = { OBJECT: 'BinaryAppDataContainer', INSTANCE: '0', DATA: 'Data', COMMAND: '0', REPLY: '1' } as const;

/** The longest command line accepted, characters; the device's own buffer is 256 bytes, and this leaves room for UTF-8. */
export const MAX_SHELL_COMMAND_CHARS = 200;

/** The most lines `log N` returns: the device log is a ring of this many. */
export const MAX_LOG_LINES = 200;

export interface DeviceShellClientOptions {
  /** How long each request (write, then read) waits for its reply, ms. Default: the SdfClient's requestTimeoutMs. */
  readonly requestTimeoutMs?: number;
}

export interface ShellCallOptions {
  /** Aborting it rejects with FarsideError CANCELLED. Default none. */
  readonly signal?: AbortSignal;
}

/** The device's reply to one command line. */
export interface DeviceShellResult {
  readonly output: string;
  /** 0, or 1 when the shell replied `error: …`. */
  readonly exitCode: number;
}

const optionsSchema = z.object({ requestTimeoutMs: z.number().int().min(1).max(2 ** 31 - 1).optional() });
const linesSchema = z.number().int().min(1).max(MAX_LOG_LINES);
// Control characters (newline included) would split one command into two on a line-based console.
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `commandLine` cannot go to a device shell, or undefined when it can. */
export function shellCommandProblem(commandLine: unknown): string | undefined {
  if (typeof commandLine !== 'string' || commandLine.trim() === '') return 'the command line is empty';
  if (commandLine.length > MAX_SHELL_COMMAND_CHARS) return `the command line is ${commandLine.length} characters long; at most ${MAX_SHELL_COMMAND_CHARS} are allowed`;
  if (CONTROL.test(commandLine) || LONE_SURROGATE.test(commandLine)) return 'the command line must be one line of printable text';
  return undefined;
}

/**
 * The embServe device shell over SDF on MQTT (`help`, `services`, `log [n]`, MLSysOps knobs):
 * what `kubectl exec` and `kubectl logs` run on. A write and the read of its reply are two
 * requests the device does not tie together, so calls on one thing run one at a time.
 * Failed calls reject with FarsideError: INVALID_INPUT for a bad thing or command line, the
 * category of an error reply (NOT_FOUND for an unknown thing or a device without a shell),
 * and transport failures as the SdfClient reports them.
 */
export class DeviceShellClient {
  readonly #sdf: SdfRequester;
  readonly #requestOptions: SdfRequestOptions;
  readonly #serializer = new KeyedSerializer();

  constructor(sdf: SdfRequester, options: DeviceShellClientOptions = {}) {
    const { requestTimeoutMs } = parseShape(optionsSchema, options, 'DeviceShellClient options');
    this.#sdf = sdf;
    // Compat values: the command and reply travel as hex, which NextGenGW and farside's gateway both read.
    this.#requestOptions = requestTimeoutMs === undefined ? { values: 'compat' } : { values: 'compat', timeoutMs: requestTimeoutMs };
  }

  /** Runs `commandLine` on the shell of `thing` and resolves with its reply. */
  async run(thing: string, commandLine: string, options: ShellCallOptions = {}): Promise<DeviceShellResult> {
    if (!isValidThingName(thing)) throw invalidInput(`${JSON.stringify(thing)} is not a thing name`);
    const problem = shellCommandProblem(commandLine);
    if (problem !== undefined) throw invalidInput(problem);
    const output = await this.#serializer.run(thing, () => this.#exchange(thing, commandLine, options.signal));
    return { output, exitCode: output.startsWith('error:') ? 1 : 0 };
  }

  /** The last `lines` (1 to 200) lines of the device log, oldest first, each with the device's uptime stamp. */
  async recentLog(thing: string, lines: number, options: ShellCallOptions = {}): Promise<string[]> {
    const count = parseShape(linesSchema, lines, 'the number of log lines');
    const { output, exitCode } = await this.run(thing, `log ${count}`, options);
    if (exitCode !== 0) throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `${thing} did not give its log: ${output}`);
    return output === '' ? [] : output.split(/\r?\n/);
  }

  async #exchange(thing: string, commandLine: string, signal: AbortSignal | undefined): Promise<string> {
    if (signal?.aborted) throw new FarsideError(ERROR_CODES.CANCELLED, `the shell command for ${thing} was cancelled`);
    const options = signal === undefined ? this.#requestOptions : { ...this.#requestOptions, signal };
    const topic: SdfTopic = { level: 'property', thing, object: DEVICE_SHELL_SDF.OBJECT, instance: DEVICE_SHELL_SDF.INSTANCE, property: DEVICE_SHELL_SDF.DATA };
    const command = Buffer.from(commandLine, 'utf8').toString('hex');
    const written = await this.#sdf.request(topic, 'POST', { [DEVICE_SHELL_SDF.COMMAND]: command }, options);
    check(written, `writing a command to the shell of ${thing}`);
    const read = await this.#sdf.request(topic, 'GET', undefined, options);
    check(read, `reading the shell reply of ${thing}`);
    const data = read.sdfObject?.[DEVICE_SHELL_SDF.OBJECT]?.find((i) => i.label === DEVICE_SHELL_SDF.INSTANCE)?.sdfProperty?.[DEVICE_SHELL_SDF.DATA];
    const reply = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[DEVICE_SHELL_SDF.REPLY] : undefined;
    if (typeof reply !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(reply)) {
      throw new FarsideError(ERROR_CODES.INTERNAL, `the shell of ${thing} gave no readable reply (Data/${DEVICE_SHELL_SDF.REPLY} is ${JSON.stringify(reply)})`);
    }
    return Buffer.from(reply, 'hex').toString('utf8');
  }
}

function check(response: SdfResponse, what: string): void {
  const code = response.response_code;
  if (isSdfSuccess(code)) return;
  const dotted = `${code >> 5}.${String(code & 0x1f).padStart(2, '0')}`;
  const detail = response.error?.detail === undefined ? '' : `: ${response.error.detail}`;
  const title = sdfErrorTitle(code) === dotted ? '' : ` ${sdfErrorTitle(code)}`;
  throw new FarsideError(errorCodeOfReply(code), `${what} failed with ${dotted}${title}${detail}`);
}
