import { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { NodeController, PodController, withPods } from '../../kubelet/index.js';
import { invalidInput } from '../../lwm2m/index.js';
import { SdfClient, SoftwareManagementClient } from '../../sdf-models/index.js';
import { ThingWatcher } from '../../watcher/index.js';
import { serveUntilSignal } from '../serve.js';

interface KubeletOptions {
  readonly kubeconfig?: string;
  readonly mqttUrl: string;
  readonly mqttPrefix?: string;
  readonly protocol: 4 | 5;
  readonly nodePrefix: string;
}

/** How often the kubelet compares its nodes with the gateway's things, ms. */
const RESYNC_MS = 5 * 60_000;

function kubeConfigFrom(path: string | undefined): KubeConfig {
  const config = new KubeConfig();
  try {
    if (path !== undefined) config.loadFromFile(path);
    else config.loadFromDefault();
  } catch (err) {
    throw invalidInput(`cannot load the kubeconfig${path ? ` ${path}` : ''}: ${(err as Error).message}`, err);
  }
  if (config.getCurrentCluster() === null) throw invalidInput('no Kubernetes cluster: give --kubeconfig, set KUBECONFIG, or run in a pod');
  return config;
}

export function registerKubeletCommand(program: Command): void {
  program
    .command('kubelet')
    .description('one Kubernetes node (with its lease) per device the gateway announces; pods bound to those nodes run as workloads on the devices')
    .option('--kubeconfig <path>', 'cluster to register nodes with (default: KUBECONFIG, ~/.kube/config, or the in-cluster account)')
    .option('--mqtt-url <url>', 'the gateway\'s MQTT broker', 'mqtt://127.0.0.1:1883')
    .option('--mqtt-prefix <prefix>', 'the gateway\'s topic prefix, if it has one')
    .option('--protocol <version>', 'MQTT protocol: 5, or 4 (3.1.1, as the embedded broker speaks)', (v) => (v === '5' ? 5 : v === '4' ? 4 : Number.NaN), 4)
    .option('--node-prefix <prefix>', 'nodes are named <prefix>-<thing>', 'farside')
    .action((options: KubeletOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const kubeConfig = kubeConfigFrom(options.kubeconfig);
        if (options.protocol !== 4 && options.protocol !== 5) throw invalidInput('--protocol must be 4 or 5');
        const client = new SdfClient({ url: options.mqttUrl, protocolVersion: options.protocol, ...(options.mqttPrefix ? { prefix: options.mqttPrefix } : {}) });
        await client.start();
        const controller = new NodeController({ kubeConfig, prefix: options.nodePrefix, logger: log });
        const pods = new PodController({ kubeConfig, prefix: options.nodePrefix, workloads: new SoftwareManagementClient(client), logger: log });
        const watcher = new ThingWatcher({ source: client, sink: withPods(controller, pods), logger: log });
        watcher.on('upsert', (thing) => log.info({ thing }, `${thing}: node ${options.nodePrefix}-${thing} is up to date`));
        watcher.on('remove', (thing) => log.info({ thing }, `${thing}: gone; its node turns NotReady, then is removed`));
        await watcher.start();
        // A gateway restart that keeps the broker up sends no signal: reconcile now and then.
        const resync = setInterval(() => void watcher.reconcile(), RESYNC_MS);
        log.info({ cluster: kubeConfig.getCurrentCluster()?.server }, `virtual nodes for the devices on ${options.mqttUrl}`);
        return async () => {
          clearInterval(resync);
          await watcher.stop();
          pods.stop();
          controller.stop();
          await client.close();
        };
      }),
    );
}
