/**
 * SDF mapping files (draft-ietf-asdf-sdf-mapping): ecosystem facts kept beside a model
 * rather than inside it, as a map from SDF pointers to qualities that a processor may
 * merge in. farside keeps the LwM2M ids there, so the models themselves stay plain SDF.
 */
import type { SdfInfo, SdfPointer } from './sdf-model.js';

/** Quality names of the LwM2M facts, under the `oma` quality name prefix (RFC 9880 §2.3.3). */
export const OMA_QUALITY = {
  /** Object or resource id. */
  id: 'oma:id',
  /** Object URN, e.g. `urn:oma:lwm2m:oma:3:1.2`. */
  urn: 'oma:urn',
  /** Object version. */
  version: 'oma:version',
  /** LwM2M enabler version of the object. */
  lwm2mVersion: 'oma:lwm2mVersion',
  /** Resource type as the OMA registry spells it (`Unsigned Integer`, `Objlnk`, ...). */
  type: 'oma:type',
} as const;

/** The qualities merged in at one pointer; values are any JSON. */
export type SdfMappingEntry = Readonly<Record<string, unknown>>;

export interface SdfMapping {
  readonly info?: SdfInfo;
  readonly namespace?: Readonly<Record<string, string>>;
  readonly defaultNamespace?: string;
  readonly map: Readonly<Record<SdfPointer, SdfMappingEntry>>;
}
