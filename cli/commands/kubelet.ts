import { readFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { VirtualKubelet, type KubeletApiSettings } from '../../kubelet/index.js';
import { invalidInput } from '../../lwm2m/index.js';
import { credentialsFromDockerConfig, readDockerConfig } from '../../oci/index.js';
import { SdfClient } from '../../sdf-models/index.js';
import { intOption } from '../options.js';
import { serveUntilSignal } from '../serve.js';

export interface KubeletCommandOptions {
  readonly kubeconfig?: string;
  readonly podManifests?: string;
  readonly mqttUrl: string;
  readonly mqttPrefix?: string;
  readonly protocol: 4 | 5;
  readonly nodePrefix: string;
  readonly nodeIp?: string;
  readonly kubeletPort: number;
  readonly api: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly plainHttp?: boolean;
  readonly insecure?: boolean;
  readonly dockerConfig?: string;
  readonly adapterMqttUrl?: string;
}

/** How many nodes can get a kubelet API port: the range starts at --kubelet-port. */
const API_PORTS = 2_000;

function kubeConfigFrom(path: string | undefined): KubeConfig {
  const config = new KubeConfig();
  try {
    if (path !== undefined) config.loadFromFile(path);
    else config.loadFromDefault();
  } catch (err) {
    throw invalidInput(`cannot load the kubeconfig${path ? ` ${path}` : ''}: ${(err as Error).message}`, err);
  }
  if (config.getCurrentCluster() === null) throw invalidInput('no Kubernetes cluster: give --kubeconfig, set KUBECONFIG, run in a pod, or run static pods with --pod-manifests');
  return config;
}

async function apiSettings(options: KubeletCommandOptions): Promise<KubeletApiSettings | false> {
  if (!options.api) return false;
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw invalidInput('--tls-cert and --tls-key go together');
  if (!(options.kubeletPort >= 1 && options.kubeletPort <= 65535)) throw invalidInput('--kubelet-port must be a port number');
  const tls = options.tlsCert !== undefined && options.tlsKey !== undefined ? { cert: await readFile(options.tlsCert, 'utf8'), key: await readFile(options.tlsKey, 'utf8') } : undefined;
  return { firstPort: options.kubeletPort, lastPort: Math.min(65535, options.kubeletPort + API_PORTS - 1), ...(tls === undefined ? {} : { tls }) };
}

/**
 * Starts the virtual kubelet on a started SDF client: cluster mode with a kubeconfig (given,
 * KUBECONFIG, ~/.kube/config or in-cluster), static pods with --pod-manifests alone.
 */
export async function startKubelet(options: KubeletCommandOptions, client: SdfClient, log: Logger): Promise<VirtualKubelet> {
  if (options.podManifests !== undefined && options.kubeconfig !== undefined) {
    throw invalidInput('--pod-manifests runs static pods without a cluster; give it or --kubeconfig, not both');
  }
  const staticOnly = options.podManifests !== undefined;
  const kubeConfig = staticOnly ? undefined : kubeConfigFrom(options.kubeconfig);
  const dockerConfig = options.dockerConfig === undefined ? undefined : await readDockerConfig(options.dockerConfig);
  const kubelet = new VirtualKubelet({
    sdf: client,
    kubeConfig,
    podManifests: options.podManifests,
    nodePrefix: options.nodePrefix,
    nodeAddress: options.nodeIp ?? process.env['FARSIDE_NODE_IP'],
    api: await apiSettings(options),
    registry: { plainHttp: options.plainHttp, insecure: options.insecure, ...(dockerConfig === undefined ? {} : { credentials: credentialsFromDockerConfig(dockerConfig) }) },
    adapterEnvironment: { mqttUrl: options.adapterMqttUrl ?? options.mqttUrl, ...(options.mqttPrefix ? { sdfPrefix: options.mqttPrefix } : {}) },
    logger: log,
  });
  kubelet.watcher.on('upsert', (thing) => log.info({ thing }, `${thing}: node ${kubelet.pods.nodeNameOf(thing)} is up to date${kubelet.portOf(kubelet.pods.nodeNameOf(thing)) === undefined ? '' : `, its kubelet API on port ${kubelet.portOf(kubelet.pods.nodeNameOf(thing))}`}`));
  kubelet.watcher.on('remove', (thing) => log.info({ thing }, `${thing}: gone; its node turns NotReady, then is removed with its pods`));
  await kubelet.start();
  log.info(
    { cluster: kubeConfig?.getCurrentCluster()?.server, podManifests: options.podManifests },
    kubeConfig === undefined ? `static pods from ${options.podManifests} on the devices of ${options.mqttUrl}` : `virtual nodes for the devices on ${options.mqttUrl}`,
  );
  return kubelet;
}

export function withKubeletOptions(command: Command): Command {
  return command
    .option('--node-prefix <prefix>', 'nodes are named <prefix>-<thing>', 'farside')
    .option('--node-ip <address>', 'the address the API server reaches this kubelet at, the nodes\' InternalIP (default $FARSIDE_NODE_IP, else the device\'s IP)')
    .option('--kubelet-port <port>', `first port of the kubelet API (logs, exec, metrics); each node takes the next free one of ${API_PORTS}`, intOption, 10250)
    .option('--no-api', 'serve no kubelet API')
    .option('--tls-cert <path>', 'PEM certificate of the kubelet API (default: a self-signed one made at start)')
    .option('--tls-key <path>', 'PEM key of --tls-cert')
    .option('--plain-http', 'pull images over HTTP, not HTTPS (local registries)')
    .option('--insecure', 'do not verify registries\' TLS certificates')
    .option('--docker-config <path>', 'registry credentials from this docker config.json, besides the pods\' imagePullSecrets')
    .option('--adapter-mqtt-url <url>', 'the broker as communication adapters reach it from their pods (default: --mqtt-url)');
}

export function registerKubeletCommand(program: Command): void {
  withKubeletOptions(
    program
      .command('kubelet')
      .description('one Kubernetes node (with its lease and kubelet API) per device the gateway announces; pods bound to those nodes run as workloads on the devices')
      .option('--kubeconfig <path>', 'cluster to register nodes with (default: KUBECONFIG, ~/.kube/config, or the in-cluster account)')
      .option('--pod-manifests <dir>', 'run the pod manifests (.yaml/.json) of this directory instead; with no --kubeconfig no API server is needed')
      .option('--mqtt-url <url>', 'the gateway\'s MQTT broker', 'mqtt://127.0.0.1:1883')
      .option('--mqtt-prefix <prefix>', 'the gateway\'s topic prefix, if it has one')
      .option('--protocol <version>', 'MQTT protocol: 5, or 4 (3.1.1, as the embedded broker speaks)', (v) => (v === '5' ? 5 : v === '4' ? 4 : Number.NaN), 4),
  ).action((options: KubeletCommandOptions, command: Command) =>
    serveUntilSignal(command, async (log) => {
      if (options.protocol !== 4 && options.protocol !== 5) throw invalidInput('--protocol must be 4 or 5');
      const client = new SdfClient({ url: options.mqttUrl, protocolVersion: options.protocol, ...(options.mqttPrefix ? { prefix: options.mqttPrefix } : {}) });
      await client.start();
      try {
        const kubelet = await startKubelet(options, client, log);
        return async () => {
          await kubelet.stop();
          await client.close();
        };
      } catch (error) {
        await client.close();
        throw error;
      }
    }),
  );
}
