/** Where converted LwM2M definitions live (RFC 9880 §3.2, §4). */

export interface SdfNamespace {
  /** The short name used in `namespace` and `defaultNamespace`, and in references (`oma:#/...`). */
  readonly prefix: string;
  readonly uri: string;
}

/**
 * The LwM2M object URN space (objects are `urn:oma:lwm2m:oma:3`, `urn:oma:lwm2m:ext:3303`,
 * `urn:oma:lwm2m:x:35001`), so a global name reads `urn:oma:lwm2m#/sdfObject/Device`.
 * RFC 9880 §4.1 suggests https URIs for namespaces; pass another one where that matters.
 */
export const LWM2M_SDF_NAMESPACE: SdfNamespace = { prefix: 'oma', uri: 'urn:oma:lwm2m' };
