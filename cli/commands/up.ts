import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { KnobClient, KnobEventsMqtt, KnobsApi, TelemetryBridge, serveMetrics } from '../../kubelet/index.js';
import { LayoutTarget, packEmbServeArtifact, storePacked } from '../../oci/index.js';
import { DeviceShellClient, SdfClient } from '../../sdf-models/index.js';
import { DEFAULT_STORE } from '../oci-targets.js';
import { intOption, positiveIntOption } from '../options.js';
import { serveUntilSignal } from '../serve.js';
import { startGateway } from './gateway.js';
import { startKubelet, withKubeletOptions, type KubeletCommandOptions } from './kubelet.js';
import { startFleet } from './sim.js';

interface UpOptions extends Omit<KubeletCommandOptions, 'mqttUrl' | 'protocol' | 'podManifests'> {
  readonly port: number;
  readonly devices: number;
  readonly lifetime: number;
  readonly mqttPort: number;
  readonly kubelet: boolean;
  readonly podManifests: string;
  readonly store: string;
  readonly workloads: string;
  readonly metricsPort: number;
  readonly knobsPort: number;
}

/** Built by `npm run build` (examples/workloads/build.ts). */
const EXAMPLE_WORKLOADS = 'examples/workloads/dist';
const EXAMPLE_PODS = 'examples/pods';
/** Packing is deterministic: the same workload gives the same digest on every start. */
const EPOCH = new Date(0);

/** Packs each `<name>.service.json` of `dir` into the store as `<name>`, so that pods can name `oci-layout:<store>:<name>`. */
async function seedStore(dir: string, store: string, log: Logger): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const target = await LayoutTarget.open(store, { create: true });
  const tags: string[] = [];
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.service.json')).sort()) {
    const tag = file.slice(0, -'.service.json'.length);
    await storePacked(target, packEmbServeArtifact({ service: await readFile(join(dir, file)), created: EPOCH }), tag);
    tags.push(tag);
  }
  log.info({ store, tags }, `example workloads in oci-layout:${store}: ${tags.join(', ')}`);
  return tags;
}

export function registerUpCommand(program: Command): void {
  withKubeletOptions(
    program
      .command('up')
      .description('everything on one machine: MQTT broker, gateway, simulated devices and the virtual kubelet (static pods, or a cluster with --kubeconfig); what `npm start` runs')
      .option('-p, --port <port>', 'UDP port of the LwM2M server', intOption, 5683)
      .option('-n, --devices <n>', 'simulated devices to start', positiveIntOption, 3)
      .option('--lifetime <seconds>', 'registration lifetime of the simulated devices', positiveIntOption, 60)
      .option('--mqtt-port <port>', 'port of the embedded MQTT broker', intOption, 1883)
      .option('--no-kubelet', 'run no kubelet')
      .option('--kubeconfig <path>', 'register the devices as nodes of this cluster (default: run static pods, no cluster)')
      .option('--store <dir>', 'OCI image layout the example workloads are packed into', DEFAULT_STORE)
      .option('--workloads <dir>', 'service.json files to pack into the store', EXAMPLE_WORKLOADS)
      .option('--metrics-port <port>', 'Prometheus /metrics of the devices (RSSI, monitoring, sensors); 0 for none', intOption, 9464)
      .option('--knobs-port <port>', 'the knobs HTTP API (and MLSysOps knob events over MQTT); 0 for none', intOption, 8090),
  )
    .option('--pod-manifests <dir>', 'static pods to run on the devices', EXAMPLE_PODS)
    .action((options: UpOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const gateway = await startGateway({ port: options.port, address: '0.0.0.0', requestTimeout: 93, mqtt: true, mqttPort: options.mqttPort }, log);
        const server = gateway.server;
        const running = await startFleet({ address: '127.0.0.1', port: server.address().port }, { count: options.devices, namePrefix: 'sim-', lifetime: options.lifetime }, log);
        const stops: (() => Promise<void>)[] = [() => running.stop(), () => gateway.close()];
        const stopAll = async (): Promise<void> => {
          for (const stop of stops.splice(0)) await stop();
        };
        try {
          if (options.kubelet) {
            await seedStore(options.workloads, options.store, log);
            const mqttUrl = gateway.broker?.url ?? `mqtt://127.0.0.1:${options.mqttPort}`;
            const client = new SdfClient({ url: mqttUrl, protocolVersion: 4 });
            await client.start();
            stops.unshift(() => client.close());
            const kubelet = await startKubelet(
              { ...options, mqttUrl, protocol: 4, podManifests: options.kubeconfig === undefined ? options.podManifests : undefined, nodeIp: options.nodeIp ?? '127.0.0.1' },
              client,
              log,
            );
            stops.unshift(() => kubelet.stop());
            if (options.kubeconfig === undefined) log.info(`try: curl -sk https://127.0.0.1:${options.kubeletPort}/pods   (the pods of the first node to register, from its kubelet API)`);
            if (options.metricsPort > 0) {
              const bridge = new TelemetryBridge({ sdf: client, nodePrefix: options.nodePrefix, logger: log });
              await bridge.start();
              stops.unshift(() => bridge.stop());
              const metrics = await serveMetrics(bridge, { port: options.metricsPort, host: '127.0.0.1' });
              stops.unshift(() => new Promise<void>((resolve) => metrics.close(() => resolve())));
              log.info(`try: curl -s http://127.0.0.1:${options.metricsPort}/metrics | grep farside_device_rssi_dbm   (device telemetry for Prometheus)`);
            }
            if (options.knobsPort > 0) {
              const knobs = new KnobClient(new DeviceShellClient(client));
              const api = new KnobsApi({ knobs, port: options.knobsPort, logger: log });
              await api.start();
              stops.unshift(() => api.close());
              const events = new KnobEventsMqtt({ knobs, url: mqttUrl, logger: log });
              await events.start();
              stops.unshift(() => events.close());
              log.info(`try: curl -s -X PUT -d '{"value":"HIGH"}' http://127.0.0.1:${options.knobsPort}/v1/things/sim-1/knobs/TX_PWR   (a radio knob, read back from the device)`);
            }
          }
        } catch (error) {
          await stopAll();
          throw error;
        }
        const first = server.registration('sim-1');
        if (first) {
          log.info(`try: coap-client-notls -m get -A 110 coap://127.0.0.1:${first.peer.port}/3/0   (reads sim-1's Device object; Ctrl-C stops)`);
          log.info(`try: npx farside sdf --mqtt-url ${gateway.broker?.url ?? `mqtt://127.0.0.1:${options.mqttPort}`} workloads sim-1   (the workloads on sim-1, over SDF)`);
        }
        return stopAll;
      }),
    );
}
