/**
 * The subset of RFC 9880 (SDF) that farside writes: objects of properties and actions,
 * things composed of objects, and the data qualities an LwM2M resource needs. Field
 * names are the SDF quality names, so a value serialises to an SDF document as it is.
 */

/** RFC 9880 §4.7 data types (the JSO subset SDF keeps). */
export type SdfDataType = 'number' | 'string' | 'boolean' | 'integer' | 'array';

/** RFC 9880 §4.7.1: the sdfType values defined by base SDF. */
export type SdfTypeName = 'byte-string' | 'unix-time';

/** A pointer into an SDF document (`#/sdfObject/Device`) or a global name (`oma:#/...`). */
export type SdfPointer = string;

/** Qualities allowed on the items of an array (RFC 9880 Appendix A, `jso-items`). */
export interface SdfArrayItems {
  readonly sdfRef?: SdfPointer;
  readonly type?: Exclude<SdfDataType, 'array'>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** RFC 9880 §4.7 data qualities: an sdfData definition, and the data part of a property. */
export interface SdfDataDefinition {
  readonly label?: string;
  readonly description?: string;
  readonly sdfRef?: SdfPointer;
  readonly type?: SdfDataType;
  readonly sdfType?: SdfTypeName;
  /** A SenML unit name (RFC 9880 §4.7, note 1). */
  readonly unit?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly items?: SdfArrayItems;
}

/** RFC 9880 §5.2; absent `readable`/`writable`/`observable` mean true, farside always writes them. */
export interface SdfPropertyDefinition extends SdfDataDefinition {
  readonly readable?: boolean;
  readonly writable?: boolean;
  readonly observable?: boolean;
}

/** RFC 9880 §5.3 */
export interface SdfActionDefinition {
  readonly label?: string;
  readonly description?: string;
  readonly sdfInputData?: SdfDataDefinition;
  readonly sdfOutputData?: SdfDataDefinition;
}

/** Qualities objects and things share (RFC 9880 §5.1, §6.3); `minItems`/`maxItems` make them arrays of instances. */
interface SdfGroupingDefinition {
  readonly label?: string;
  readonly description?: string;
  readonly sdfRef?: SdfPointer;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly sdfRequired?: readonly SdfPointer[];
}

/** RFC 9880 §5.1 */
export interface SdfObjectDefinition extends SdfGroupingDefinition {
  readonly sdfProperty?: Readonly<Record<string, SdfPropertyDefinition>>;
  readonly sdfAction?: Readonly<Record<string, SdfActionDefinition>>;
  readonly sdfData?: Readonly<Record<string, SdfDataDefinition>>;
}

/** RFC 9880 §6.3 */
export interface SdfThingDefinition extends SdfGroupingDefinition {
  readonly sdfObject?: Readonly<Record<string, SdfObjectDefinition>>;
  readonly sdfThing?: Readonly<Record<string, SdfThingDefinition>>;
}

/** RFC 9880 §3.1 information block. */
export interface SdfInfo {
  readonly title?: string;
  readonly description?: string;
  readonly version?: string;
  readonly copyright?: string;
  readonly license?: string;
  readonly $comment?: string;
}

/** One SDF document. */
export interface SdfModel {
  readonly info?: SdfInfo;
  /** Short name → namespace URI (RFC 9880 §3.2). */
  readonly namespace?: Readonly<Record<string, string>>;
  readonly defaultNamespace?: string;
  readonly sdfThing?: Readonly<Record<string, SdfThingDefinition>>;
  readonly sdfObject?: Readonly<Record<string, SdfObjectDefinition>>;
}
