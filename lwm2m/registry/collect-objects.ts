/**
 * Turns a set of registry files into one list of object models, one per object id,
 * sorted by id, so the generated module is the same whatever order the files come in.
 */
import { isFarsideError } from '../errors.js';
import type { ObjectModel } from '../model.js';
import { objectsFromXml } from './oma-xml.js';

export interface RegistryFile {
  /** File name, used in log lines and to break ties. */
  readonly name: string;
  readonly text: string;
}

export interface CollectedObjects {
  readonly objects: readonly ObjectModel[];
  /** Every file, object or resource that was skipped or patched up, and why. */
  readonly log: readonly string[];
}

interface Candidate {
  readonly model: ObjectModel;
  readonly file: string;
}

export function collectObjects(files: Iterable<RegistryFile>): CollectedObjects {
  const log: string[] = [];
  const byId = new Map<number, Candidate>();
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const file of sorted) {
    let parsed;
    try {
      parsed = objectsFromXml(file.text, file.name);
    } catch (err) {
      if (!isFarsideError(err)) throw err;
      log.push(`skipped file: ${err.message}`);
      continue;
    }
    log.push(...parsed.warnings);
    for (const model of parsed.objects) {
      const held = byId.get(model.id);
      if (held === undefined) {
        byId.set(model.id, { model, file: file.name });
        continue;
      }
      // Highest object version wins; on a tie the file that sorts first stays.
      const [kept, dropped] =
        compareVersions(model.version, held.model.version) > 0 ? [{ model, file: file.name }, held] : [held, { model, file: file.name }];
      byId.set(model.id, kept);
      log.push(
        `object ${model.id}: kept version ${kept.model.version} from ${kept.file}, ` +
          `skipped version ${dropped.model.version} from ${dropped.file}`,
      );
    }
  }
  const objects = [...byId.values()].map((c) => c.model).sort((a, b) => a.id - b.id);
  return { objects, log };
}

/** Compares dotted versions numerically (`1.10` > `1.2`); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(toNumber);
  const pb = b.split('.').map(toNumber);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function toNumber(part: string): number {
  return /^\d+$/.test(part) ? Number(part) : 0;
}
