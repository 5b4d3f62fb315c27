/**
 * An sdfThing composed of converted LwM2M objects (RFC 9880 §6.3), each taken by
 * reference (`sdfRef`, §4.4) from the namespace the object models contribute to, so the
 * thing model stays small and says only which objects a node has.
 */
import { invalidInput } from '../../errors/index.js';
import { LWM2M_SDF_NAMESPACE, type SdfNamespace } from './namespace.js';
import { sdfPointer } from './pointer.js';
import type { SdfInfo, SdfModel, SdfObjectDefinition, SdfPointer } from './sdf-model.js';

export interface SdfThingOptions {
  /** Namespace the object models were contributed to. Default: LWM2M_SDF_NAMESPACE. */
  readonly namespace?: SdfNamespace;
  /** Human name of the thing. Default: none (the given name serves, RFC 9880 §4.6). */
  readonly label?: string;
  /** Info block. Default: `{ title: thingName }`. */
  readonly info?: SdfInfo;
  /** SDF names of the objects every such thing has (they must be among `objectNames`). Default: none. */
  readonly required?: readonly string[];
}

/**
 * A thing model named `thingName` made of the objects with the SDF names `objectNames`.
 * The model sets no default namespace: it uses the LwM2M definitions, it adds none.
 */
export function sdfThingModel(thingName: string, objectNames: readonly string[], options: SdfThingOptions = {}): SdfModel {
  const namespace = options.namespace ?? LWM2M_SDF_NAMESPACE;
  for (const name of [thingName, ...objectNames]) checkGivenName(name);
  if (new Set(objectNames).size !== objectNames.length) throw invalidInput(`thing ${thingName}: an object is listed twice`);
  const required = options.required ?? [];
  const missing = required.find((name) => !objectNames.includes(name));
  if (missing !== undefined) throw invalidInput(`thing ${thingName}: required object '${missing}' is not one of its objects`);
  const objects: Record<string, SdfObjectDefinition> = Object.fromEntries(
    objectNames.map((name) => [name, { sdfRef: `${namespace.prefix}:${sdfPointer('sdfObject', name)}` }]),
  );
  const requiredPointers: SdfPointer[] = required.map((name) => sdfPointer('sdfThing', thingName, 'sdfObject', name));
  return {
    info: options.info ?? { title: thingName },
    namespace: { [namespace.prefix]: namespace.uri },
    sdfThing: {
      [thingName]: {
        ...(options.label === undefined ? {} : { label: options.label }),
        ...(requiredPointers.length > 0 ? { sdfRequired: requiredPointers } : {}),
        sdfObject: objects,
      },
    },
  };
}

function checkGivenName(name: string): void {
  // RFC 9880 §2.3.3 reserves given names with a colon.
  if (typeof name !== 'string' || name === '' || name.includes(':')) throw invalidInput(`'${String(name)}' cannot be an SDF name`);
}
