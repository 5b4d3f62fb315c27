/**
 * Verifies a package written to Software Management before it is delivered (OMA
 * LwM2M Software Management, object 9): the bytes must be an embServe service.json, the
 * device must support its SDK API and have an engine for its module, every data model
 * mapping must name something the device knows, and it must fit flash and RAM. The
 * verdict carries the Update Result of the first problem; checking changes nothing.
 */
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import type { ModelLookup } from '../../lwm2m/index.js';
import { parseServiceJson, type ServiceJson } from '../../oci/index.js';
import { UPDATE_RESULT } from './contracts.js';
import { mappingProblem } from './data-model-mapping.js';
import type { WorkloadEngine, WorkloadRequirements } from './workload-engine.js';

/** embServe SDK API versions the simulated firmware offers (service.json `dependencies.sdk_api`). */
export const SUPPORTED_SDK_APIS: readonly number[] = [1];

/** PkgName and PkgVersion (/9/x/0, /9/x/1) hold at most this many bytes (OMA range 0..255 bytes). */
const MAX_PACKAGE_TEXT_BYTES = 255;

export interface VerifiedPackage {
  readonly service: ServiceJson;
  /** service.json `version` as PkgVersion shows it. */
  readonly version: string;
  readonly engine: WorkloadEngine;
  readonly requirements: WorkloadRequirements;
}

export type PackageVerdict =
  | { readonly ok: true; readonly verified: VerifiedPackage }
  | { readonly ok: false; readonly result: number; readonly reason: string };

/** What the device knows when it checks a package. */
export interface PackageCheckEnvironment {
  readonly models: ModelLookup;
  readonly engines: readonly WorkloadEngine[];
  readonly flashFree: number;
  /** The most RAM a workload could ever get, bytes. */
  readonly workloadRamCapacity: number;
  /** Whether the board runs TinyML models at all. */
  readonly tinyml: boolean;
}

const refuse = (result: number, reason: string): PackageVerdict => ({ ok: false, result, reason });

export function checkPackage(bytes: Uint8Array, env: PackageCheckEnvironment): PackageVerdict {
  let service: ServiceJson;
  try {
    service = parseServiceJson(bytes);
  } catch (err) {
    if (!isFarsideError(err, ERROR_CODES.INVALID_INPUT)) throw err;
    return refuse(UPDATE_RESULT.INTEGRITY_FAILURE, err.message);
  }
  const version = String(service.version);
  if (Buffer.byteLength(service.name) > MAX_PACKAGE_TEXT_BYTES || Buffer.byteLength(version) > MAX_PACKAGE_TEXT_BYTES) {
    return refuse(UPDATE_RESULT.INTEGRITY_FAILURE, `name and version must each fit in ${MAX_PACKAGE_TEXT_BYTES} bytes`);
  }
  const duplicate = duplicateKey(service);
  if (duplicate !== undefined) return refuse(UPDATE_RESULT.INTEGRITY_FAILURE, `value key "${duplicate}" is declared twice`);
  const sdkApi = service.dependencies?.sdk_api;
  if (sdkApi !== undefined && !SUPPORTED_SDK_APIS.some((api) => api === sdkApi || String(api) === sdkApi)) {
    return refuse(UPDATE_RESULT.UNSUPPORTED_PACKAGE, `sdk_api ${JSON.stringify(sdkApi)} is not supported (supported: ${SUPPORTED_SDK_APIS.join(', ')})`);
  }
  if (service.model !== undefined && !env.tinyml) return refuse(UPDATE_RESULT.UNSUPPORTED_PACKAGE, 'this board cannot run TinyML models');
  const engine = env.engines.find((candidate) => candidate.accepts(service));
  if (engine === undefined) {
    const why = env.engines.map((candidate) => candidate.problem?.(service)).find((problem) => problem !== undefined);
    return refuse(UPDATE_RESULT.UNSUPPORTED_PACKAGE, why ?? 'no engine on this device runs the package’s module');
  }
  for (const [direction, values] of [['input', service.inputs], ['output', service.outputs]] as const) {
    for (const value of values ?? []) {
      for (const text of value.data_model_mapping ?? []) {
        const problem = mappingProblem(env.models, text, direction);
        if (problem !== undefined) return refuse(UPDATE_RESULT.UNSUPPORTED_PACKAGE, `${direction} ${value.key}: ${problem}`);
      }
    }
  }
  const requirements = engine.requirements(service);
  if (requirements.flashBytes > env.flashFree) {
    return refuse(UPDATE_RESULT.NOT_ENOUGH_STORAGE, `not enough flash (need ${kb(requirements.flashBytes)} KB, ${Math.floor(env.flashFree / 1024)} KB free)`);
  }
  if (requirements.ramBytes > env.workloadRamCapacity) {
    return refuse(UPDATE_RESULT.OUT_OF_MEMORY, `needs ${kb(requirements.ramBytes)} KB of RAM; workloads get at most ${Math.floor(env.workloadRamCapacity / 1024)} KB`);
  }
  return { ok: true, verified: { service, version, engine, requirements } };
}

/** A key declared twice among the inputs or among the outputs. */
function duplicateKey(service: ServiceJson): string | undefined {
  for (const values of [service.inputs ?? [], service.outputs ?? []]) {
    const seen = new Set<string>();
    for (const { key } of values) {
      if (seen.has(key)) return key;
      seen.add(key);
    }
  }
  return undefined;
}

/** Bytes as whole KB, rounded up: what a need is reported as. */
export function kb(bytes: number): number {
  return Math.ceil(bytes / 1024);
}
