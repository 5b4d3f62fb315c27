/**
 * Getting a package into a Software Management instance: pushed (Write Package, /9/x/2)
 * or pulled (Write Package URI, /9/x/3, then an http(s) download). Either way it is
 * verified before it counts as delivered; a refused package leaves the instance in
 * INITIAL with the Update Result saying why, and nothing else changes.
 */
import { MAX_SERVICE_JSON_BYTES } from '../../oci/index.js';
import type { ModelLookup } from '../../lwm2m/index.js';
import type { Clock, ObjectTree } from '../objects/index.js';
import { UPDATE_RESULT, UPDATE_STATE, type DeviceLog } from './contracts.js';
import type { MemoryBudget } from './memory-budget.js';
import { checkPackage, kb, type PackageVerdict } from './package-check.js';
import { downloadPackage, packageUrl, type DownloadOutcome, type PackageFetch } from './package-download.js';
import { publishSlot, slotLabel, type SoftwareSlot } from './software-slot.js';
import type { WorkloadEngine } from './workload-engine.js';

export interface PackageDeliveryOptions {
  readonly tree: ObjectTree;
  readonly models: ModelLookup;
  readonly memory: MemoryBudget;
  readonly log: DeviceLog;
  readonly engines: readonly WorkloadEngine[];
  /** Whether the board runs TinyML models. */
  readonly tinyml: boolean;
  readonly clock: Clock;
  readonly fetch: PackageFetch;
  /** Longest a Package URI download may take, ms. */
  readonly downloadTimeoutMs: number;
  /** A package was delivered: publish the slot and refresh monitoring. */
  readonly delivered: (slot: SoftwareSlot) => void;
}

export class PackageDelivery {
  readonly #options: PackageDeliveryOptions;

  constructor(options: PackageDeliveryOptions) {
    this.#options = options;
  }

  /** Verifies `bytes` and delivers them into the slot (flash held from now on) or refuses them. */
  deliver(slot: SoftwareSlot, bytes: Uint8Array): void {
    const { memory, log } = this.#options;
    const verdict = this.#check(bytes);
    if (!verdict.ok) return this.#refuse(slot, verdict.result, `package refused: ${verdict.reason}`);
    const { service, version, requirements } = verdict.verified;
    if (!memory.reserveFlash(slot.instanceId, requirements.flashBytes)) {
      return this.#refuse(slot, UPDATE_RESULT.NOT_ENOUGH_STORAGE, 'package refused: not enough flash');
    }
    slot.pkg = verdict.verified;
    slot.name = service.name;
    slot.version = version;
    slot.state = UPDATE_STATE.DELIVERED;
    slot.result = UPDATE_RESULT.DOWNLOADED_VERIFIED;
    log.write(`${slotLabel(slot)}: delivered version ${version} (${kb(requirements.flashBytes)} KB flash, ${kb(requirements.ramBytes)} KB RAM when active)`);
    this.#options.delivered(slot);
  }

  /** Starts a download from an http(s) URI; an empty URI just resets the Update Result. */
  download(slot: SoftwareSlot, uri: string): void {
    const { tree, log, clock } = this.#options;
    if (uri === '') return this.#refuse(slot, UPDATE_RESULT.INITIAL, undefined);
    const url = packageUrl(uri);
    if (url === undefined) return this.#refuse(slot, UPDATE_RESULT.INVALID_URI, 'package URI refused: only http and https URIs of up to 255 bytes');
    const controller = new AbortController();
    slot.download = controller;
    slot.state = UPDATE_STATE.DOWNLOAD_STARTED;
    slot.result = UPDATE_RESULT.DOWNLOADING;
    publishSlot(tree, slot);
    // Host and path only: a URI may carry credentials.
    log.write(`${slotLabel(slot)}: downloading ${url.protocol}//${url.host}${url.pathname}`);
    const options = { fetch: this.#options.fetch, clock, timeoutMs: this.#options.downloadTimeoutMs, maxBytes: MAX_SERVICE_JSON_BYTES, signal: controller.signal };
    void downloadPackage(url, options).then((outcome) => this.#downloaded(slot, controller, outcome));
  }

  /** Abandons a download in progress; true when there was one. */
  cancel(slot: SoftwareSlot): boolean {
    const download = slot.download;
    slot.download = undefined;
    download?.abort();
    return download !== undefined;
  }

  #downloaded(slot: SoftwareSlot, controller: AbortController, outcome: DownloadOutcome): void {
    // Cancelled meanwhile: the instance is gone or the device powered off.
    if (slot.download !== controller) return;
    slot.download = undefined;
    if (!outcome.ok) return this.#refuse(slot, outcome.result, `download failed: ${outcome.reason}`);
    slot.state = UPDATE_STATE.DOWNLOADED;
    publishSlot(this.#options.tree, slot);
    this.deliver(slot, outcome.bytes);
  }

  #check(bytes: Uint8Array): PackageVerdict {
    const { models, engines, tinyml, memory } = this.#options;
    try {
      return checkPackage(bytes, { models, engines, tinyml, flashFree: memory.report().flashFree, workloadRamCapacity: memory.workloadRamCapacity });
    } catch (err) {
      // An engine that throws on a package is a device bug; the server still gets a result code.
      return { ok: false, result: UPDATE_RESULT.UPDATE_ERROR, reason: `internal error: ${(err as Error).message}` };
    }
  }

  /** Back to INITIAL with `result`; only the Update State and Result change. */
  #refuse(slot: SoftwareSlot, result: number, reason: string | undefined): void {
    slot.state = UPDATE_STATE.INITIAL;
    slot.result = result;
    publishSlot(this.#options.tree, slot);
    if (reason !== undefined) this.#options.log.write(`${slotLabel(slot)}: ${reason} (result ${result})`);
  }
}
