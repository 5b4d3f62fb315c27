/**
 * What the converter reads about an LwM2M object. Declared here, not imported, because
 * sdf-models depends on nothing of ours at run time; it is shaped so that lwm2m's
 * `ObjectModel` (and so every registry entry) can be passed in as it is.
 */

/** OMA resource types (LwM2M 1.1 Core Appendix C), spelled as lwm2m/model.ts spells them. */
export type Lwm2mResourceType =
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

/** `''` is a resource without operations, e.g. the Security object's (bootstrap-only) ones. */
export type Lwm2mOperations = 'R' | 'W' | 'RW' | 'E' | '';

export interface Lwm2mResourceInput {
  readonly id: number;
  readonly name: string;
  readonly operations: Lwm2mOperations;
  readonly multiple: boolean;
  readonly mandatory: boolean;
  readonly type: Lwm2mResourceType;
  /** The registry's RangeEnumeration text, e.g. `0..100`. */
  readonly range?: string;
  readonly units?: string;
}

export interface Lwm2mObjectInput {
  readonly id: number;
  readonly name: string;
  readonly urn: string;
  /** Object version, e.g. `1.2`. */
  readonly version: string;
  /** LwM2M enabler version the object was written for, e.g. `1.1`. */
  readonly lwm2mVersion: string;
  readonly multiple: boolean;
  readonly mandatory: boolean;
  readonly resources: ReadonlyMap<number, Lwm2mResourceInput>;
}
