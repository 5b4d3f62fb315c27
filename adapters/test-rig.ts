/**
 * Test rigs for the HTTP API (named test-*.ts so the build leaves them out): the adapter in
 * front of a simulated device through the real gateway and the aedes broker, the container
 * version as a child process, and a reader of server-sent events.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventSource } from 'eventsource';
import { SdfMqttBinding } from '../gateway/index.js';
import { SdfClient } from '../sdf-models/index.js';
import { Harness } from '../test/harness.js';
import { startAedes, type TestBroker } from '../test/support/mqtt-brokers.js';
import { stopProcess } from '../test/support/processes.js';
import { AdapterServer, type AdapterServerOptions } from './index.js';

/** A running implementation of the API. */
export interface ApiUnderTest {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  stop(): Promise<void>;
}

export const THING = 'dev';

/** The gateway, its MQTT binding and broker, and an adapter's SDF client; devices are added by the test. */
export class DeviceRig {
  broker!: TestBroker;
  harness!: Harness;
  binding!: SdfMqttBinding;
  sdf!: SdfClient;
  readonly #adapters: AdapterServer[] = [];

  async start(): Promise<this> {
    this.broker = await startAedes();
    this.harness = await new Harness({ requestTimeoutMs: 2_000 }).start();
    this.binding = new SdfMqttBinding(this.harness.server, { url: this.broker.url, protocolVersion: 4 });
    await this.binding.start();
    this.sdf = new SdfClient({ url: this.broker.url, protocolVersion: 4, requestTimeoutMs: 5_000 });
    await this.sdf.start();
    return this;
  }

  /** The simulated nRF52840-like board: its own temperature sensor is Temperature/0, read every 200 ms. */
  device(thing = THING) {
    return this.harness.device(thing, { seed: 7, tickIntervalMs: 200 });
  }

  async adapter(options: Partial<AdapterServerOptions> = {}): Promise<{ server: AdapterServer; url: string }> {
    const server = new AdapterServer({ sdf: this.sdf, thing: THING, port: 0, host: '127.0.0.1', ...options });
    this.#adapters.push(server);
    const port = await server.start();
    return { server, url: `http://127.0.0.1:${port}` };
  }

  async close(): Promise<void> {
    for (const adapter of this.#adapters.splice(0)) await adapter.close();
    await this.sdf?.close();
    await this.harness?.close();
    await this.binding?.close();
    await this.broker?.close();
  }
}

/** The adapter in front of a registered simulated device. */
export async function startAdapterOnDevice(): Promise<ApiUnderTest> {
  const rig = await new DeviceRig().start();
  try {
    await rig.device();
    const { url } = await rig.adapter();
    return { url, stop: () => rig.close() };
  } catch (err) {
    await rig.close();
    throw err;
  }
}

const CONTAINER_SERVER = new URL('../examples/temperature-container/server.mjs', import.meta.url);

/** examples/temperature-container/server.mjs as a child process on a free port. */
export async function startContainerService(): Promise<ApiUnderTest> {
  const child: ChildProcess = spawn(process.execPath, [CONTAINER_SERVER.pathname], {
    env: { ...process.env, PORT: '0', THING, SAMPLE_INTERVAL_MS: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    // The service logs its port as JSON on its first line.
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const line = out.split('\n')[0];
        if (out.includes('\n') && line !== undefined) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', (code) => reject(new Error(`the container service exited (${code}) before listening: ${stderr}`)));
      child.once('error', reject);
    });
    return { url: `http://127.0.0.1:${port}`, stop: () => stopProcess(child) };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** The data of the first `count` events of an SSE stream, parsed as JSON; then the stream is closed. */
export function takeEvents<T = unknown>(url: string, count: number, timeoutMs = 10_000): Promise<T[]> {
  const source = new EventSource(url);
  const events: T[] = [];
  return new Promise<T[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${count} events from ${url} within ${timeoutMs} ms`)), timeoutMs);
    source.onmessage = (message) => {
      events.push(JSON.parse(message.data) as T);
      if (events.length < count) return;
      clearTimeout(timer);
      resolve(events);
    };
    source.onerror = (error) => {
      // EventSource reconnects by itself; a failed first connection is a test failure.
      if (events.length === 0) {
        clearTimeout(timer);
        reject(new Error(`the stream ${url} failed: ${error.message ?? error.code ?? 'unknown error'}`));
      }
    };
  }).finally(() => source.close());
}

/** A JSON request; resolves with the status and parsed body (undefined when empty). */
export async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
}

export const putJson = (url: string, body: string): Promise<{ status: number; body: unknown }> =>
  call(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
