import { coapCodeOfError } from './errors.js';

/**
 * CoAP response codes as LwM2M uses them (RFC 7252 §5.9, §12.1.2), in dotted form.
 * A device's answer is a value carrying one of these; only transport failures are errors.
 */
export const RESPONSE_CODE = {
  CREATED: '2.01',
  DELETED: '2.02',
  VALID: '2.03',
  CHANGED: '2.04',
  CONTENT: '2.05',
  CONTINUE: '2.31',
  BAD_REQUEST: '4.00',
  UNAUTHORIZED: '4.01',
  BAD_OPTION: '4.02',
  FORBIDDEN: '4.03',
  NOT_FOUND: '4.04',
  METHOD_NOT_ALLOWED: '4.05',
  NOT_ACCEPTABLE: '4.06',
  REQUEST_ENTITY_INCOMPLETE: '4.08',
  PRECONDITION_FAILED: '4.12',
  REQUEST_ENTITY_TOO_LARGE: '4.13',
  UNSUPPORTED_CONTENT_FORMAT: '4.15',
  INTERNAL_SERVER_ERROR: '5.00',
  NOT_IMPLEMENTED: '5.01',
  SERVICE_UNAVAILABLE: '5.03',
  GATEWAY_TIMEOUT: '5.04',
} as const;

export type ResponseCode = (typeof RESPONSE_CODE)[keyof typeof RESPONSE_CODE];

/** `'2.05'` → 69: the integer form SDF's `response_code` and CoAP's header use. */
export function responseCodeToNumber(code: string): number {
  const [cls, detail] = code.split('.').map(Number);
  return ((cls ?? 0) << 5) | (detail ?? 0);
}

export function responseCodeFromNumber(n: number): string {
  return `${n >> 5}.${String(n & 0x1f).padStart(2, '0')}`;
}

export function isSuccess(code: string): boolean {
  return code.startsWith('2.');
}

/** The CoAP code that stands for one of our errors (the mapping lives in errors/). */
export function responseCodeFromError(err: unknown): ResponseCode {
  return coapCodeOfError(err) as ResponseCode;
}
