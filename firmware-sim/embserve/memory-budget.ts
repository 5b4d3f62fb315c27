/**
 * RAM and flash as the device accounts them. The base firmware keeps its share of both;
 * active workloads hold RAM, delivered and installed packages hold flash. Device
 * Memory_Free (/3/0/10) is rewritten on every RAM change so a server reads the truth.
 */
import type { DeviceProfile, ObjectTree } from '../objects/index.js';
import { DEVICE_RESOURCE, OBJECT_ID } from '../objects/index.js';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import type { DeviceMemory, MemoryReport } from './contracts.js';

const BYTES_PER_KB = 1024;

/** Who holds memory: the Software Management (9) instance of the workload or package. */
export type MemoryHolder = number;

export class MemoryBudget implements DeviceMemory {
  readonly #tree: ObjectTree;
  readonly #ramTotal: number;
  readonly #ramFirmware: number;
  readonly #flashTotal: number;
  readonly #flashFirmware: number;
  readonly #ram = new Map<MemoryHolder, number>();
  readonly #flash = new Map<MemoryHolder, number>();

  constructor(tree: ObjectTree, profile: DeviceProfile) {
    this.#tree = tree;
    this.#ramTotal = profile.memoryTotalKB * BYTES_PER_KB;
    this.#ramFirmware = profile.firmwareRamKB * BYTES_PER_KB;
    this.#flashTotal = profile.flashTotalKB * BYTES_PER_KB;
    this.#flashFirmware = profile.firmwareFlashKB * BYTES_PER_KB;
  }

  /** The most RAM any workload could ever get: all the firmware leaves, bytes. */
  get workloadRamCapacity(): number {
    return this.#ramTotal - this.#ramFirmware;
  }

  report(): MemoryReport {
    return {
      ramTotal: this.#ramTotal,
      ramFree: this.#ramTotal - this.#ramFirmware - sum(this.#ram),
      flashTotal: this.#flashTotal,
      flashFree: this.#flashTotal - this.#flashFirmware - sum(this.#flash),
    };
  }

  /** RAM in use by firmware and workloads, bytes. */
  ramUsed(): number {
    return this.#ramFirmware + sum(this.#ram);
  }

  ramHeldBy(holder: MemoryHolder): number {
    return this.#ram.get(holder) ?? 0;
  }

  flashHeldBy(holder: MemoryHolder): number {
    return this.#flash.get(holder) ?? 0;
  }

  /** Takes `bytes` of RAM for `holder` (replacing what it held); false, and nothing changes, when they are not free. */
  reserveRam(holder: MemoryHolder, bytes: number): boolean {
    if (!reserve(this.#ram, holder, bytes, this.report().ramFree)) return false;
    this.publish();
    return true;
  }

  releaseRam(holder: MemoryHolder): void {
    if (this.#ram.delete(holder)) this.publish();
  }

  /** Takes `bytes` of flash for `holder` (replacing what it held); false, and nothing changes, when they are not free. */
  reserveFlash(holder: MemoryHolder, bytes: number): boolean {
    return reserve(this.#flash, holder, bytes, this.report().flashFree);
  }

  releaseFlash(holder: MemoryHolder): void {
    this.#flash.delete(holder);
  }

  /** Writes Memory_Free (KB, rounded down) into Device /3/0/10, when the tree has a Device instance. */
  publish(): void {
    try {
      this.#tree.setValue([OBJECT_ID.DEVICE, 0, DEVICE_RESOURCE.MEMORY_FREE], Math.floor(this.report().ramFree / BYTES_PER_KB));
    } catch (err) {
      // A bare tree (tests, other boards) may have no Device instance to report into.
      if (!isFarsideError(err, ERROR_CODES.INVALID_INPUT)) throw err;
    }
  }
}

function sum(held: ReadonlyMap<MemoryHolder, number>): number {
  let total = 0;
  for (const bytes of held.values()) total += bytes;
  return total;
}

function reserve(held: Map<MemoryHolder, number>, holder: MemoryHolder, bytes: number, free: number): boolean {
  if (!Number.isSafeInteger(bytes) || bytes < 0) return false;
  if (bytes > free + (held.get(holder) ?? 0)) return false;
  held.set(holder, bytes);
  return true;
}
