/**
 * Names ↔ LwM2M ids, looked up in SDF mapping files: what a binding needs to turn
 * `Device/…/Property/Battery_Level` into /3/…/9 and back. Pure: built once from
 * mappings (sdfFromLwm2m's, or files read with sdfMappingFromJson), then read only.
 */
import { invalidInput } from '../../errors/index.js';
import { mappingKeyTokens } from './mapping-keys.js';
import type { SdfResourceKind } from './resource-names.js';
import { OMA_QUALITY, type SdfMapping, type SdfMappingEntry } from './sdf-mapping.js';

interface ResourceEntry {
  readonly id: number;
  readonly name: string;
  readonly kind: SdfResourceKind;
}

interface ObjectEntry {
  readonly name: string;
  readonly byId: Map<number, ResourceEntry>;
  readonly byName: Map<string, ResourceEntry[]>;
}

const KIND_OF_GROUP: ReadonlyMap<string, SdfResourceKind> = new Map([
  ['sdfProperty', 'property'],
  ['sdfAction', 'action'],
]);

export class SdfNameIndex {
  readonly #objects = new Map<number, ObjectEntry>();
  readonly #objectIdByName = new Map<string, number>();

  /**
   * Indexes every `#/sdfObject/<O>` and `#/sdfObject/<O>/sdfProperty|sdfAction/<R>` entry
   * that carries `oma:id`; other entries are ignored. Throws FARSIDE_ERR_INVALID_INPUT
   * for a bad pointer or id, a resource whose object has no id in the same mapping, or
   * two mappings that disagree (one object id under two names, one name for two resources).
   */
  static fromMappings(mappings: Iterable<SdfMapping>): SdfNameIndex {
    const index = new SdfNameIndex();
    for (const mapping of mappings) index.#add(mapping);
    return index;
  }

  private constructor() {}

  /** The id of the object named `objectName`; when several objects share it (6 and 3336 are both Location), the lowest. */
  objectId(objectName: string): number | undefined {
    return this.#objectIdByName.get(objectName);
  }

  objectName(objectId: number): string | undefined {
    return this.#objects.get(objectId)?.name;
  }

  /**
   * The id of the property or action `name` of object `objectName`. Without `kind`, a
   * name that is both a property and an action of the object is ambiguous: undefined.
   */
  resourceId(objectName: string, name: string, kind?: SdfResourceKind): number | undefined {
    const objectId = this.objectId(objectName);
    const found = (objectId === undefined ? undefined : this.#objects.get(objectId)?.byName.get(name)) ?? [];
    const matching = kind === undefined ? found : found.filter((entry) => entry.kind === kind);
    return matching.length === 1 ? matching[0]?.id : undefined;
  }

  resourceName(objectId: number, resourceId: number): string | undefined {
    return this.#objects.get(objectId)?.byId.get(resourceId)?.name;
  }

  /** Whether the resource is an SDF property or action. */
  resourceKind(objectId: number, resourceId: number): SdfResourceKind | undefined {
    return this.#objects.get(objectId)?.byId.get(resourceId)?.kind;
  }

  /** Ids of all indexed objects, ascending. */
  objectIds(): number[] {
    return [...this.#objects.keys()].sort((a, b) => a - b);
  }

  #add(mapping: SdfMapping): void {
    const parsed = Object.entries(mapping.map).map(([key, qualities]) => ({ key, tokens: mappingKeyTokens(key, mapping), qualities }));
    // Objects first: within a map, the order of keys carries no meaning.
    const local = new Map<string, number>();
    for (const { key, tokens, qualities } of parsed) {
      const [group, objectName, ...rest] = tokens;
      if (group !== 'sdfObject' || objectName === undefined || rest.length > 0) continue;
      const id = omaId(key, qualities);
      if (id !== undefined) local.set(objectName, this.#addObject(id, objectName));
    }
    for (const { key, tokens, qualities } of parsed) {
      const [group, objectName, resourceGroup, name, ...rest] = tokens;
      const kind = resourceGroup === undefined ? undefined : KIND_OF_GROUP.get(resourceGroup);
      if (group !== 'sdfObject' || objectName === undefined || kind === undefined || name === undefined || rest.length > 0) continue;
      const id = omaId(key, qualities);
      if (id === undefined) continue;
      const objectId = local.get(objectName);
      if (objectId === undefined) throw invalidInput(`SDF mapping: '${key}' has an id but object '${objectName}' has none`);
      this.#addResource(objectId, { id, name, kind });
    }
  }

  #addObject(id: number, name: string): number {
    const known = this.#objects.get(id);
    if (known && known.name !== name) throw invalidInput(`SDF mapping: object ${id} is named both '${known.name}' and '${name}'`);
    if (!known) this.#objects.set(id, { name, byId: new Map(), byName: new Map() });
    const held = this.#objectIdByName.get(name);
    if (held === undefined || id < held) this.#objectIdByName.set(name, id);
    return id;
  }

  #addResource(objectId: number, entry: ResourceEntry): void {
    const object = this.#objects.get(objectId);
    if (!object) return;
    const known = object.byId.get(entry.id);
    if (known && (known.name !== entry.name || known.kind !== entry.kind)) {
      throw invalidInput(`SDF mapping: resource ${objectId}/${entry.id} is both ${known.kind} '${known.name}' and ${entry.kind} '${entry.name}'`);
    }
    const sameName = object.byName.get(entry.name) ?? [];
    const clash = sameName.find((other) => other.kind === entry.kind && other.id !== entry.id);
    if (clash) throw invalidInput(`SDF mapping: ${entry.kind} '${entry.name}' of object ${objectId} is both resource ${clash.id} and ${entry.id}`);
    if (known) return;
    object.byId.set(entry.id, entry);
    object.byName.set(entry.name, [...sameName, entry]);
  }
}

/** LwM2M object and resource ids are 16-bit (LwM2M 1.1 Core §7.1). */
function omaId(key: string, qualities: SdfMappingEntry): number | undefined {
  const id = qualities[OMA_QUALITY.id];
  if (id === undefined) return undefined;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 65535) {
    throw invalidInput(`SDF mapping: '${key}' has ${OMA_QUALITY.id} ${typeof id === 'string' ? `'${id}'` : String(id)}, not an id from 0 to 65535`);
  }
  return id;
}
