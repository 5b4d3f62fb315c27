import type { ModelLookup, ObjectModel, ResourceModel } from '../../lwm2m/index.js';
import { namedResources, sdfName, type SdfResourceKind } from '../../sdf-models/index.js';

interface ResourceNameIndex {
  /** Names are unique within a kind: a property and an action may share one. */
  readonly idByName: Readonly<Record<SdfResourceKind, ReadonlyMap<string, number>>>;
  readonly nameById: ReadonlyMap<number, string>;
}

/**
 * SDF names of LwM2M objects and resources, as NextGenGW spells them: the OMA
 * name through `sdfName`. An object the registry does not know is named by its id.
 */
export class SdfNames {
  readonly #objectIdByName = new Map<string, number>();
  readonly #resourceNames = new Map<number, ResourceNameIndex>();

  constructor(private readonly models: ModelLookup) {}

  objectName(objectId: number): string {
    const model = this.models.object(objectId);
    return model ? sdfName(model.name) : String(objectId);
  }

  resourceName(objectId: number, resourceId: number): string {
    return this.#resourceIndex(objectId)?.nameById.get(resourceId) ?? String(resourceId);
  }

  /**
   * The object id an SDF name stands for, among the objects a device has: two OMA
   * objects may share a name (6 and 3336 are both "Location"), so the device's
   * own object list decides.
   */
  objectId(name: string, candidates: Iterable<number>): number | undefined {
    for (const id of candidates) if (this.objectName(id) === name) return id;
    if (/^\d+$/.test(name)) {
      const id = Number(name);
      for (const c of candidates) if (c === id) return id;
    }
    return undefined;
  }

  /**
   * The resource an SDF name stands for, looked up among `kind` first (a property and an
   * action may share a name), then the other kind, so a caller can say "that is an
   * action"; a numeric name is taken as the id.
   */
  resource(objectId: number, name: string, kind: SdfResourceKind): ResourceModel | undefined {
    const byKind = this.#resourceIndex(objectId)?.idByName;
    const other: SdfResourceKind = kind === 'property' ? 'action' : 'property';
    const id = byKind?.[kind].get(name) ?? byKind?.[other].get(name) ?? (/^\d+$/.test(name) ? Number(name) : undefined);
    return id === undefined ? undefined : this.models.resource(objectId, id);
  }


  objectModel(objectId: number): ObjectModel | undefined {
    return this.models.object(objectId);
  }

  /** Resolves `"<Obj>/<inst>"` (or `"3:0"`) back to an object link. */
  objectLink(text: string): { objectId: number; instanceId: number } | undefined {
    const colon = /^(\d+):(\d+)$/.exec(text);
    if (colon) return { objectId: Number(colon[1]), instanceId: Number(colon[2]) };
    const slash = /^(.+)\/(\d+)$/.exec(text);
    if (!slash) return undefined;
    const name = slash[1]!;
    let objectId = this.#objectIdByName.get(name);
    if (objectId === undefined && /^\d+$/.test(name)) objectId = Number(name);
    return objectId === undefined ? undefined : { objectId, instanceId: Number(slash[2]) };
  }

  /** Remembers the names of the objects a device announced, for object-link lookups. */
  learnObjects(objectIds: Iterable<number>): void {
    for (const id of objectIds) if (!this.#objectIdByName.has(this.objectName(id))) this.#objectIdByName.set(this.objectName(id), id);
  }

  /** Names as the shipped SDF models spell them (sdf-models' namedResources, which makes clashing names unique). */
  #resourceIndex(objectId: number): ResourceNameIndex | undefined {
    let index = this.#resourceNames.get(objectId);
    if (index) return index;
    const model = this.models.object(objectId);
    if (!model) return undefined;
    const named = namedResources(model);
    const idsOf = (kind: SdfResourceKind) => new Map(named.filter((n) => n.kind === kind).map((n) => [n.name, n.resource.id]));
    index = { idByName: { property: idsOf('property'), action: idsOf('action') }, nameById: new Map(named.map((n) => [n.resource.id, n.name])) };
    this.#resourceNames.set(objectId, index);
    return index;
  }
}
