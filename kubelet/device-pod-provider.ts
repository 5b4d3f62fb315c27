import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import { isSdfSuccess, type SdfRequester, type SoftwareManagementClient } from '../sdf-models/index.js';
import { parseDeviceLogLine, type ContainerWorkload, type KubeletApiProvider, type ShellResult, type WorkloadUsage } from './kubelet-api/index.js';
import { instanceOf } from './pod-lifecycle.js';

/** The device log keeps 200 lines: ask for all of them and keep the workload's. */
const DEVICE_LOG_LINES = 200;
/** A device's CPU is one core: monitoring's percentage is of that core. */
const NANOCORES_PER_CORE = 1e9;

/** The device shell, as DeviceShellClient offers it. */
export interface DeviceShell {
  run(thing: string, commandLine: string, options?: { readonly signal?: AbortSignal }): Promise<ShellResult>;
  recentLog(thing: string, lines: number, options?: { readonly signal?: AbortSignal }): Promise<readonly string[]>;
}

/** The pods a PodController runs, node by node. */
export interface NodePods {
  podsOf(nodeName: string): readonly V1Pod[];
  thingOf(nodeName: string): string | undefined;
}

export interface DevicePodProviderOptions {
  readonly pods: NodePods;
  readonly workloads: Pick<SoftwareManagementClient, 'list'>;
  readonly shell: DeviceShell;
  /** Reads the Device object (3) for memory figures. */
  readonly sdf: SdfRequester;
}

// Compat replies carry numbers as text.
const kilobytes = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(0));
const deviceMemory = z.object({ Memory_Total: kilobytes.optional(), Memory_Free: kilobytes.optional() });

/** Lines the device log holds for Software Management instance `instance`: `[stamp] /9/<instance>[ name]: text`. */
export function isWorkloadLine(line: string, instance: number): boolean {
  const parsed = parseDeviceLogLine(line);
  return parsed.uptimeMs !== undefined && parsed.instance === instance;
}

/** The kubelet HTTP API's view of the devices: pods from the PodController, everything else over SDF. */
export class DevicePodProvider implements KubeletApiProvider {
  readonly #options: DevicePodProviderOptions;

  constructor(options: DevicePodProviderOptions) {
    this.#options = options;
  }

  podsOf(nodeName: string): readonly V1Pod[] {
    return this.#options.pods.podsOf(nodeName);
  }

  workloadOf(nodeName: string, namespace: string, name: string, container?: string): ContainerWorkload | undefined {
    const thing = this.#options.pods.thingOf(nodeName);
    const pod = this.podsOf(nodeName).find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name);
    const instance = pod === undefined ? undefined : instanceOf(pod);
    if (thing === undefined || pod === undefined || instance === undefined || !Number.isInteger(instance)) return undefined;
    const only = pod.spec?.containers[0]?.name ?? '';
    if (container !== undefined && container !== '' && container !== only) return undefined;
    return { pod, container: only, thing, instance };
  }

  async logLines(workload: ContainerWorkload, options: { readonly signal?: AbortSignal }): Promise<readonly string[]> {
    const lines = await this.#options.shell.recentLog(workload.thing, DEVICE_LOG_LINES, options);
    return lines.filter((line) => isWorkloadLine(line, workload.instance));
  }

  async shell(nodeName: string, commandLine: string, options: { readonly signal?: AbortSignal }): Promise<ShellResult> {
    return this.#options.shell.run(this.#thing(nodeName), commandLine, options);
  }

  async usage(nodeName: string, options: { readonly signal?: AbortSignal }) {
    const thing = this.#thing(nodeName);
    const [statuses, memory] = await Promise.all([this.#options.workloads.list(thing, options), this.#deviceMemory(thing, options.signal)]);
    const workloads = new Map<number, WorkloadUsage>();
    let cpuNanoCores = 0;
    let workloadBytes = 0;
    for (const status of statuses) {
      if (!status.active || status.monitoring === undefined) continue;
      const usage = { cpuNanoCores: Math.round((status.monitoring.cpuPercent / 100) * NANOCORES_PER_CORE), memoryBytes: status.monitoring.memoryBytes, uptimeMs: status.monitoring.uptimeMs };
      workloads.set(status.instance, usage);
      cpuNanoCores += usage.cpuNanoCores;
      workloadBytes += usage.memoryBytes;
    }
    const totalBytes = (memory.Memory_Total ?? 0) * 1024;
    const freeBytes = (memory.Memory_Free ?? 0) * 1024;
    // The firmware's own RAM is in use too: total minus free when the device says, else the workloads' sum.
    const memoryBytes = totalBytes > 0 ? Math.max(workloadBytes, totalBytes - freeBytes) : workloadBytes;
    const uptimeMs = Math.max(0, ...[...workloads.values()].map((w) => w.uptimeMs));
    return { device: { cpuNanoCores, memoryBytes, uptimeMs, memoryAvailableBytes: freeBytes }, workloads };
  }

  #thing(nodeName: string): string {
    const thing = this.#options.pods.thingOf(nodeName);
    if (thing === undefined) throw new FarsideError(ERROR_CODES.NOT_FOUND, `node ${nodeName} stands for no device this kubelet knows`);
    return thing;
  }

  async #deviceMemory(thing: string, signal: AbortSignal | undefined): Promise<z.infer<typeof deviceMemory>> {
    const response = await this.#options.sdf.request({ level: 'instance', thing, object: 'Device', instance: '0' }, 'GET', undefined, { signal });
    if (!isSdfSuccess(response.response_code)) return {};
    const properties = response.sdfObject?.['Device']?.find((i) => i.label === '0')?.sdfProperty ?? {};
    const parsed = deviceMemory.safeParse(properties);
    return parsed.success ? parsed.data : {};
  }
}
