/**
 * Write-Attributes results kept per path level. A level stores only what was written
 * there; `effective` applies the inheritance of Core §5.1.2 (object → instance →
 * resource → resource instance, the lower level winning).
 */
import { formatPath, isPathWithin, parsePath, type LwM2mPath } from '../../lwm2m/path.js';
import { isEmpty, mergeLevels, type NotificationAttributes } from './attributes.js';

export class AttributeStore {
  readonly #byPath = new Map<string, NotificationAttributes>();

  /** Attributes written at exactly this level. */
  at(path: LwM2mPath): NotificationAttributes {
    return this.#byPath.get(formatPath(path)) ?? {};
  }

  set(path: LwM2mPath, attrs: NotificationAttributes): void {
    if (isEmpty(attrs)) this.#byPath.delete(formatPath(path));
    else this.#byPath.set(formatPath(path), attrs);
  }

  /** The attributes in force at `path`, with inherited ones filled in. */
  effective(path: LwM2mPath): NotificationAttributes {
    const levels: NotificationAttributes[] = [];
    for (let depth = 1; depth <= path.length; depth++) {
      levels.push(this.at(path.slice(0, depth) as unknown as LwM2mPath));
    }
    return mergeLevels(levels);
  }

  /** Forgets everything at or below `path` (e.g. a deleted instance). */
  deleteWithin(path: LwM2mPath): void {
    for (const key of [...this.#byPath.keys()]) {
      if (isPathWithin(parsePath(key), path)) this.#byPath.delete(key);
    }
  }
}
