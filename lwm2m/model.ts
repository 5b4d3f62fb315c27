/**
 * The object model: what the OMA registry says about an object and its resources.
 * Facts only (ids, names, operations, types, multiplicity, mandatory flags, units,
 * ranges); the registry's description prose is not shipped.
 */

/** OMA resource types (LwM2M 1.1 Core Appendix C), in our spelling. */
export type ResourceType =
  | 'string'
  | 'integer'
  | 'unsigned'
  | 'float'
  | 'boolean'
  | 'opaque'
  | 'time'
  | 'objlnk'
  | 'corelnk'
  | 'none';

/** `''` is an operation-less resource (rare, e.g. a placeholder). */
export type Operations = 'R' | 'W' | 'RW' | 'E' | '';

export interface ResourceModel {
  readonly id: number;
  readonly name: string;
  readonly operations: Operations;
  readonly multiple: boolean;
  readonly mandatory: boolean;
  readonly type: ResourceType;
  /** The registry's RangeEnumeration text, e.g. `0..100` or `1..5`. */
  readonly range?: string;
  readonly units?: string;
}

export interface ObjectModel {
  readonly id: number;
  readonly name: string;
  readonly urn: string;
  /** Object version, e.g. `1.0`. */
  readonly version: string;
  /** LwM2M enabler version the object was written for, e.g. `1.1`. */
  readonly lwm2mVersion: string;
  readonly multiple: boolean;
  readonly mandatory: boolean;
  readonly resources: ReadonlyMap<number, ResourceModel>;
}

/** Read-only access to object models; codecs take it to learn resource types. */
export interface ModelLookup {
  object(objectId: number): ObjectModel | undefined;
  resource(objectId: number, resourceId: number): ResourceModel | undefined;
}

/** A lookup that knows nothing: codecs then fall back to the types the payload carries. */
export const EMPTY_MODELS: ModelLookup = {
  object: () => undefined,
  resource: () => undefined,
};
