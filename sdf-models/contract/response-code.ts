/**
 * SDF `response_code` values: the CoAP response code as one integer, class * 32 + detail
 * (RFC 7252 §3 and §12.1.2; sdf-models/CONTRACT.md "Replies").
 */
export const SDF_RESPONSE_CODE = {
  /** 2.01 */
  CREATED: 65,
  /** 2.02 */
  DELETED: 66,
  /** 2.04 */
  CHANGED: 68,
  /** 2.05 */
  CONTENT: 69,
  /** 4.00 */
  BAD_REQUEST: 128,
  /** 4.04 */
  NOT_FOUND: 132,
  /** 4.05 */
  METHOD_NOT_ALLOWED: 133,
  /** 4.15 */
  UNSUPPORTED_CONTENT_FORMAT: 143,
  /** 5.00 */
  INTERNAL_SERVER_ERROR: 160,
  /** 5.03: a sleeping or unreachable device. */
  SERVICE_UNAVAILABLE: 163,
  /** 5.04 */
  GATEWAY_TIMEOUT: 164,
} as const;

export type SdfResponseCode = (typeof SDF_RESPONSE_CODE)[keyof typeof SDF_RESPONSE_CODE];

/** The reason phrases of RFC 7252 §12.1.2, used as `error.title` in error replies. */
export const SDF_RESPONSE_TITLE: Readonly<Record<SdfResponseCode, string>> = {
  65: 'Created',
  66: 'Deleted',
  68: 'Changed',
  69: 'Content',
  128: 'Bad Request',
  132: 'Not Found',
  133: 'Method Not Allowed',
  143: 'Unsupported Content-Format',
  160: 'Internal Server Error',
  163: 'Service Unavailable',
  164: 'Gateway Timeout',
};

/** The `error.title` for any code: the RFC phrase when we know it, else the dotted form ("4.03"). */
export function sdfErrorTitle(code: number): string {
  return SDF_RESPONSE_TITLE[code as SdfResponseCode] ?? `${code >> 5}.${String(code & 0x1f).padStart(2, '0')}`;
}

/** Whether `code` is of class 2 (2.00 to 2.31, 64 to 95): a success; classes 4 and 5 are error replies. */
export function isSdfSuccess(code: number): boolean {
  return code >> 5 === 2;
}
