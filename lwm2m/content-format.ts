/** CoAP Content-Format numbers used by LwM2M 1.1 (Core §7.4, IANA CoAP registry). */
export const CONTENT_FORMAT = {
  TEXT: 0,
  LINK_FORMAT: 40,
  OPAQUE: 42,
  CBOR: 60,
  SENML_JSON: 110,
  SENML_CBOR: 112,
  TLV: 11542,
  LWM2M_JSON: 11543,
} as const;

export type ContentFormat = (typeof CONTENT_FORMAT)[keyof typeof CONTENT_FORMAT];

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(CONTENT_FORMAT).map(([k, v]) => [v, k.toLowerCase().replace('_', '-')]));

export function contentFormatName(format: number): string {
  return NAMES.get(format) ?? `content-format ${format}`;
}
