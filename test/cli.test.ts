import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { farside, killFarsideChildren, lastFailedStderr, runFarside } from './support/farside-process.js';
import { startKubeApiServer } from './support/kube-api-server.js';
import { TEMPERATURE_SERVICE } from './support/services.js';
import { PtyPair, socatMissing } from './support/serial-pty.js';

const run = runFarside;

/** Collects JSON log lines of a running command and waits for ones matching a predicate. */
function logLines(child: ChildProcess) {
  const lines: { msg?: string; [k: string]: unknown }[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      return;
    }
    for (const w of waiters.splice(0)) w();
  });
  return {
    lines,
    async until(predicate: (l: (typeof lines)[number][]) => boolean, timeoutMs = 15_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(lines)) {
        if (Date.now() > deadline) throw new Error(`timed out; log so far:\n${lines.map((l) => l.msg).join('\n')}\nstderr of a failed command: ${lastFailedStderr()}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
  };
}

/** GETs JSON from a kubelet API, whose certificate is self-signed. */
function httpsJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(body) as unknown));
    }).on('error', reject);
  });
}

afterEach(killFarsideChildren);

describe('the farside command', () => {
  it('explains itself with --help, listing its commands', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of ['up', 'gateway', 'sim', 'sdf']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('runs a gateway and a fleet of simulated devices that register, then de-register on stop', async () => {
    const gateway = farside(['gateway', '--port', '0', '--address', '127.0.0.1', '--mqtt-port', '0', '--log-format', 'json']);
    const gatewayLog = logLines(gateway);
    await gatewayLog.until((l) => l.some((x) => typeof x.port === 'number'));
    const port = gatewayLog.lines.find((x) => typeof x.port === 'number')!.port as number;

    const sim = farside(['sim', '--gateway', `coap://127.0.0.1:${port}`, '--count', '3', '--name-prefix', 'cli-', '--log-format', 'json']);
    await gatewayLog.until((l) => l.filter((x) => /^cli-\d registered/.test(x.msg ?? '')).length === 3);

    // An integrator's view of the same devices, over SDF on the embedded broker.
    const mqttUrl = gatewayLog.lines.find((x) => typeof x.url === 'string' && String(x.url).startsWith('mqtt://'))!.url as string;
    const things = await run(['sdf', '--mqtt-url', mqttUrl, 'things']);
    expect(things.code).toBe(0);
    expect(Object.keys(JSON.parse(things.stdout).things).sort()).toEqual(['cli-1', 'cli-2', 'cli-3']);
    const read = await run(['sdf', '--mqtt-url', mqttUrl, 'request', 'get', 'cli-2/Device/0/Property/Manufacturer']);
    expect(JSON.parse(read.stdout)).toEqual({ response_code: 69, sdfObject: { Device: [{ label: '0', sdfProperty: { Manufacturer: 'farside' } }] } });

    sim.kill('SIGTERM');
    await gatewayLog.until((l) => l.filter((x) => /^cli-\d deregistered/.test(x.msg ?? '')).length === 3);
    const [simExit] = await once(sim, 'exit');
    expect(simExit).toBe(0);
    gateway.kill('SIGTERM');
    const [gatewayExit] = await once(gateway, 'exit');
    expect(gatewayExit).toBe(0);
  });

  it.skipIf(socatMissing())('serves a device without IP over a serial line: gateway --serial and sim --serial', async () => {
    const pty = await PtyPair.create();
    try {
      const gateway = farside(['gateway', '--port', '0', '--address', '127.0.0.1', '--no-mqtt', '--serial', pty.gwPath, '--log-format', 'json']);
      const gatewayLog = logLines(gateway);
      await gatewayLog.until((l) => l.some((x) => String(x.msg).startsWith('CoAP over SLIP')));
      const sim = farside(['sim', '--serial', pty.devPath, '--name-prefix', 'wired-', '--profile', 'qemu-cortex-m3', '--log-format', 'json']);
      await gatewayLog.until((l) => l.some((x) => /^wired-1 registered/.test(x.msg ?? '')));
      sim.kill('SIGTERM');
      await gatewayLog.until((l) => l.some((x) => /^wired-1 deregistered/.test(x.msg ?? '')));
      expect((await once(sim, 'exit'))[0]).toBe(0);
      gateway.kill('SIGTERM');
      expect((await once(gateway, 'exit'))[0]).toBe(0);
    } finally {
      await pty.dispose();
    }
  });

  it('runs a kubelet that gives each simulated device a Kubernetes node and runs a pod on it', async () => {
    const api = await startKubeApiServer();
    try {
      const kubeconfig = await api.writeKubeconfig(await mkdtemp(join(tmpdir(), 'farside-kube-')));
      const gateway = farside(['gateway', '--port', '0', '--address', '127.0.0.1', '--mqtt-port', '0', '--log-format', 'json']);
      const gatewayLog = logLines(gateway);
      await gatewayLog.until((l) => l.some((x) => typeof x.port === 'number') && l.some((x) => String(x.url ?? '').startsWith('mqtt://')));
      const port = gatewayLog.lines.find((x) => typeof x.port === 'number')!.port as number;
      const mqttUrl = gatewayLog.lines.find((x) => String(x.url ?? '').startsWith('mqtt://'))!.url as string;
      farside(['sim', '--gateway', `coap://127.0.0.1:${port}`, '--count', '2', '--name-prefix', 'kube-', '--log-format', 'json']);
      await gatewayLog.until((l) => l.filter((x) => /^kube-\d registered/.test(x.msg ?? '')).length === 2);
      const kubelet = farside(['kubelet', '--kubeconfig', kubeconfig, '--mqtt-url', mqttUrl, '--log-format', 'json']);
      await expect.poll(() => api.objects('nodes').map((n) => n.metadata?.name).sort(), { timeout: 15_000 }).toEqual(['farside-kube-1', 'farside-kube-2']);
      const node = api.objects('nodes')[0]!;
      expect(node.metadata?.labels?.['extra.resources.fhp/embserve']).toBe('true');

      // A pod on one of those nodes, from an image packed by `farside pack`, runs on the device.
      const dir = await mkdtemp(join(tmpdir(), 'farside-image-'));
      await writeFile(join(dir, 'service.json'), JSON.stringify(TEMPERATURE_SERVICE));
      expect((await run(['pack', join(dir, 'service.json'), `oci-layout:${dir}/store:temp-1`])).code).toBe(0);
      const core = api.kubeConfig().makeApiClient(CoreV1Api);
      await core.createNamespacedPod({
        namespace: 'default',
        body: { metadata: { name: 'temp' }, spec: { nodeName: 'farside-kube-1', containers: [{ name: 'main', image: `oci-layout:${dir}/store:temp-1` }] } },
      });
      await expect.poll(() => (api.objects('pods', 'default').find((p) => p.metadata?.name === 'temp')?.status as { phase?: string } | undefined)?.phase, { timeout: 15_000 }).toBe('Running');
      kubelet.kill('SIGTERM');
      expect((await once(kubelet, 'exit'))[0]).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('runs static pods from a directory with no API server, and shows them on the node\'s kubelet API', async () => {
    const gateway = farside(['gateway', '--port', '0', '--address', '127.0.0.1', '--mqtt-port', '0', '--log-format', 'json']);
    const gatewayLog = logLines(gateway);
    await gatewayLog.until((l) => l.some((x) => typeof x.port === 'number') && l.some((x) => String(x.url ?? '').startsWith('mqtt://')));
    const port = gatewayLog.lines.find((x) => typeof x.port === 'number')!.port as number;
    const mqttUrl = gatewayLog.lines.find((x) => String(x.url ?? '').startsWith('mqtt://'))!.url as string;
    farside(['sim', '--gateway', `coap://127.0.0.1:${port}`, '--count', '1', '--name-prefix', 'static-', '--log-format', 'json']);
    await gatewayLog.until((l) => l.some((x) => /^static-1 registered/.test(x.msg ?? '')));
    const dir = await mkdtemp(join(tmpdir(), 'farside-static-cli-'));
    await writeFile(join(dir, 'service.json'), JSON.stringify(TEMPERATURE_SERVICE));
    expect((await run(['pack', join(dir, 'service.json'), `oci-layout:${dir}/store:temp-1`])).code).toBe(0);
    await mkdir(join(dir, 'pods'));
    await writeFile(join(dir, 'pods', 'temp.yaml'), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: temp\nspec:\n  nodeName: farside-static-1\n  containers:\n    - name: main\n      image: oci-layout:${dir}/store:temp-1\n`);
    const kubeletPort = 30_000 + Math.floor(Math.random() * 20_000);
    const kubelet = farside(['kubelet', '--pod-manifests', join(dir, 'pods'), '--mqtt-url', mqttUrl, '--kubelet-port', String(kubeletPort), '--log-format', 'json']);
    const kubeletLog = logLines(kubelet);
    await kubeletLog.until((l) => l.some((x) => x.reason === 'Started'));
    // The first free port from --kubelet-port: read it from the log rather than assume it.
    const announced = kubeletLog.lines.map((x) => /its kubelet API on port (\d+)/.exec(x.msg ?? '')?.[1]).find((p) => p !== undefined);
    expect(Number(announced)).toBeGreaterThanOrEqual(kubeletPort);
    const listed = await httpsJson(`https://127.0.0.1:${announced}/pods`);
    expect(listed).toMatchObject({ kind: 'PodList', items: [{ metadata: { name: 'temp' }, status: { phase: 'Running' } }] });
    kubelet.kill('SIGTERM');
    expect((await once(kubelet, 'exit'))[0]).toBe(0);
  });

  it('inspects and runs a TinyML model', async () => {
    const inspect = await run(['tinyml', 'inspect', 'firmware-sim/tinyml/testdata/micro_speech_quantized.tflite']);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/DEPTHWISE_CONV_2D/);
    expect(inspect.stdout).toMatch(/^arena: \d+ bytes/m);
    const dir = await mkdtemp(join(tmpdir(), 'farside-tinyml-'));
    await writeFile(join(dir, 'x.json'), '[0.5]');
    const ran = await run(['tinyml', 'run', 'firmware-sim/tinyml/testdata/hello_world_float.tflite', '--input', join(dir, 'x.json')]);
    expect(ran.code).toBe(0);
    const [output] = (JSON.parse(ran.stdout) as { outputs: { shape: number[]; values: number[] }[] }).outputs;
    expect(output!.shape).toEqual([1, 1]);
    expect(output!.values[0]).toBeCloseTo(Math.sin(0.5), 1);
    const refused = await run(['tinyml', 'run', 'firmware-sim/tinyml/testdata/hello_world_int8.tflite', '--input', join(dir, 'x.json')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not a valid int8/);
  });

  it.each([
    [['sim', '--gateway', 'http://127.0.0.1:5683'], /coap:\/\//],
    [['tinyml', 'inspect', 'no-such-model.tflite'], /cannot read model no-such-model.tflite: ENOENT/],
    [['tinyml', 'inspect', 'package.json'], /not a TFLite model|tflite|TFL3/i],
    [['sim', '--profile', 'esp32'], /unknown profile "esp32"; known: nrf52840, qemu-cortex-m3/],
    [['sim', '--loss', '150'], /percentage from 0 to 100/],
    [['sim', '--serial', '/dev/null/none', '--count', '2'], /one device per serial line/],
    [['sim', '--count', '0'], /at least 1/],
    [['gateway', '--port', 'eighty'], /not a non-negative integer/],
    [['gateway', '--port', '0', '--state-file', 'package.json'], /not a farside registration file/],
    [['sdf', 'request', 'FETCH', 'dev-1/Device'], /operation must be one of/],
    [['sdf', 'request', 'GET', 'a/b/c/d'], /not a thing topic/],
  ])('refuses bad options %j with a clear message', async (args, message) => {
    const { code, stderr } = await run([...args, '--log-format', 'json']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
  });
});
