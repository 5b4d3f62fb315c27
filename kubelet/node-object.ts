import type { V1Node, V1NodeAddress, V1NodeCondition } from '@kubernetes/client-node';
import { z } from 'zod';
import { invalidInput } from '../errors/index.js';
import { isValidThingName, type SdfInstance, type SdfObjects, type SdfValue } from '../sdf-models/index.js';
import { nodeNameFromThing } from './node-name.js';

/** FITA's keys (DESIGN.md "Kubernetes"), kept byte for byte so FITA workloads schedule unchanged. */
export const FITA_RESOURCE_LABEL_PREFIX = 'extra.resources.fhp/';
export const FITA_TAINT = { key: 'fita.fhp.pt/type', value: 'far-edge', effect: 'NoSchedule' } as const;
export const EMBSERVE_ANNOTATION_PREFIX = 'embserve.fhp.pt/';

/** Without TinyML evidence from the device, a board with at least this much RAM (KB) runs models; the QEMU M3 (64 KB) does not, the nRF52840 (256 KB) does. */
export const TINYML_MIN_MEMORY_KB = 128;
export const DEFAULT_MAX_PODS = 8;

export interface NodeFromThingOptions {
  /** Node names are `<prefix>-<thing>`, made DNS-1123 safe. */
  readonly prefix: string;
  /** nodeInfo.kubeletVersion; default `v1.31.0-farside`. */
  readonly kubeletVersion?: string;
  /** status.capacity.pods; default 8. */
  readonly maxPods?: number;
  /** The kubelet's API port (status.daemonEndpoints); default 10250. */
  readonly kubeletPort?: number;
  /**
   * The address the API server reaches this kubelet at (its pod IP), the node's InternalIP,
   * so that logs, exec and metrics are proxied here. Without it the device's own IP is used.
   */
  readonly kubeletAddress?: string;
  /** Whether the device runs TinyML models; default: its `tinyml` capability, or, with no DevCapMgmt at all, Memory_Total ≥ 128 KB. */
  readonly tinyml?: boolean;
  /** The Ready condition; default registered and answering since now. */
  readonly state?: DeviceState;
}

export interface DeviceState {
  /** The device holds a live LwM2M registration at the gateway. */
  readonly registered: boolean;
  /** Its last request got an answer (not a timeout). */
  readonly answering: boolean;
  /** When this state began: the conditions' transition time. */
  readonly since: Date;
}

// Compat values are text ("256"), typed ones numbers: both are accepted, anything else is ignored.
const kilobytes = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive().max(2 ** 32));
const text = z.union([z.string(), z.number().transform(String)]).pipe(z.string().min(1).max(256));
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
// A label name part: DNS-1123-ish, at most 63 characters (Kubernetes qualified name).
const capabilityName = z.string().regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
const ipAddress = z.string().regex(/^[0-9a-fA-F:.]{2,45}$/);

function property<T>(instance: SdfInstance | undefined, name: string, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(instance?.sdfProperty?.[name]);
  return parsed.success ? parsed.data : undefined;
}

function firstOf(value: SdfValue | undefined): SdfValue | undefined {
  return value !== null && typeof value === 'object' && !(value instanceof Uint8Array) ? Object.values(value)[0] : value;
}

/** Enabled, attached DevCapMgmt capabilities (their `Property`), in instance order. */
export function capabilitiesFromThing(description: SdfObjects): string[] {
  const names = (description['DevCapMgmt'] ?? []).flatMap((instance) => {
    const usable = property(instance, 'Enabled', flag) !== false && property(instance, 'Attached', flag) !== false;
    const name = property(instance, 'Property', capabilityName);
    return usable && name !== undefined ? [name] : [];
  });
  return [...new Set(names)];
}

/** The Node object of a thing from its SDF description (`sdfObject` as announced or read). Throws FarsideError INVALID_INPUT for a bad thing name. */
export function nodeFromThing(thing: string, description: SdfObjects, options: NodeFromThingOptions): V1Node {
  if (!isValidThingName(thing)) throw invalidInput(`invalid SDF thing name ${JSON.stringify(thing)}`);
  const name = nodeNameFromThing(options.prefix, thing);
  const device = description['Device']?.find((instance) => instance.label === '0');
  const memoryKB = property(device, 'Memory_Total', kilobytes);
  const capabilities = capabilitiesFromThing(description);
  // A device that lists its capabilities says whether it runs models; only without a list does its RAM decide.
  const tinyml = options.tinyml ?? (description['DevCapMgmt'] !== undefined ? capabilities.includes('tinyml') : (memoryKB ?? 0) >= TINYML_MIN_MEMORY_KB);
  const labels: Record<string, string> = {
    type: 'virtual-kubelet',
    'kubernetes.io/role': 'agent',
    'kubernetes.io/os': 'zephyr',
    'kubernetes.io/arch': 'arm',
    'kubernetes.io/hostname': name.slice(0, 63),
    [`${FITA_RESOURCE_LABEL_PREFIX}embserve`]: 'true',
  };
  for (const capability of capabilities) labels[`${FITA_RESOURCE_LABEL_PREFIX}${capability}`] = 'true';
  // The tinyml label says what the kubelet decided, even against the device's own capability list.
  if (tinyml) labels[`${FITA_RESOURCE_LABEL_PREFIX}tinyml`] = 'true';
  else delete labels[`${FITA_RESOURCE_LABEL_PREFIX}tinyml`];

  const facts = {
    model: property(device, 'Model_Number', text),
    firmware: property(device, 'Firmware_Version', text),
    manufacturer: property(device, 'Manufacturer', text),
    serial: property(device, 'Serial_Number', text),
    software: property(device, 'Software_Version', text),
  };
  const annotations: Record<string, string> = { [`${EMBSERVE_ANNOTATION_PREFIX}thing`]: thing };
  for (const [key, value] of Object.entries(facts)) if (value !== undefined) annotations[`${EMBSERVE_ANNOTATION_PREFIX}${key}`] = value;

  const capacity: Record<string, string> = { cpu: '1', pods: String(options.maxPods ?? DEFAULT_MAX_PODS) };
  if (memoryKB !== undefined) capacity['memory'] = `${memoryKB}Ki`;
  const connectivity = description['Connectivity_Monitoring']?.find((instance) => instance.label === '0');
  const ip = ipAddress.safeParse(firstOf(connectivity?.sdfProperty?.['IP_Addresses']));
  if (ip.success) annotations[`${EMBSERVE_ANNOTATION_PREFIX}ip`] = ip.data;
  const internal = options.kubeletAddress ?? (ip.success ? ip.data : undefined);
  const addresses: V1NodeAddress[] = [...(internal === undefined ? [] : [{ type: 'InternalIP', address: internal }]), { type: 'Hostname', address: name }];

  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, annotations },
    spec: { taints: [{ ...FITA_TAINT }] },
    status: {
      capacity,
      allocatable: { ...capacity },
      addresses,
      daemonEndpoints: { kubeletEndpoint: { Port: options.kubeletPort ?? 10250 } },
      nodeInfo: {
        operatingSystem: 'zephyr',
        architecture: 'arm',
        kubeletVersion: options.kubeletVersion ?? 'v1.31.0-farside',
        osImage: facts.software ?? 'embServe',
        kernelVersion: facts.firmware ?? '',
        containerRuntimeVersion: `embserve://${facts.software ?? 'unknown'}`,
        machineID: facts.serial ?? thing,
        systemUUID: '',
        bootID: '',
        kubeProxyVersion: '',
      },
      conditions: nodeConditions(options.state ?? { registered: true, answering: true, since: new Date() }),
    },
  };
}

/** The node's conditions as the device's state dictates; the pressures are never reported by devices, so False. */
export function nodeConditions(state: DeviceState): V1NodeCondition[] {
  const at = { lastHeartbeatTime: state.since, lastTransitionTime: state.since };
  const pressure = (type: string, reason: string, what: string): V1NodeCondition => ({ type, status: 'False', reason, message: `${what}: the device checks every workload package against its free memory and flash before accepting it`, ...at });
  return [readyCondition(state, at), pressure('MemoryPressure', 'DeviceHasSufficientMemory', 'no memory pressure'), pressure('DiskPressure', 'DeviceHasNoDiskPressure', 'no flash pressure'), pressure('PIDPressure', 'DeviceHasSufficientPID', 'no process pressure')];
}

function readyCondition(state: DeviceState, at: Pick<V1NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>): V1NodeCondition {
  if (!state.registered) {
    return { type: 'Ready', status: 'False', reason: 'DeviceNotRegistered', message: 'the device is not registered with the gateway: it de-registered or its LwM2M registration lifetime expired', ...at };
  }
  if (!state.answering) {
    return { type: 'Ready', status: 'Unknown', reason: 'DeviceNotAnswering', message: 'the device is registered but stopped answering the gateway (asleep, out of radio range or powered off)', ...at };
  }
  return { type: 'Ready', status: 'True', reason: 'DeviceReady', message: 'the device is registered with the gateway and answers requests', ...at };
}
