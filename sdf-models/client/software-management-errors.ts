import { FarsideError, type ErrorCode } from '../../errors/index.js';
import type { SdfResponse } from '../contract/payloads.js';
import { errorCodeOfReply } from '../contract/error-response.js';
import { sdfErrorTitle } from '../contract/response-code.js';

/**
 * A Software Management step that failed, with the protocol numbers behind it: the SDF
 * `response_code` of an error reply, or the device's Update Result, so a kubelet can put
 * the exact cause into a pod condition.
 */
export class SoftwareManagementError extends FarsideError {
  /** The SDF response_code (CoAP class × 32 + detail) when a reply was an error. */
  readonly responseCode: number | undefined;
  /** The device's Update Result when it refused or failed a package. */
  readonly updateResult: number | undefined;

  constructor(code: ErrorCode, message: string, details: { responseCode?: number; updateResult?: number; cause?: unknown } = {}) {
    super(code, message, { cause: details.cause });
    this.name = 'SoftwareManagementError';
    this.responseCode = details.responseCode;
    this.updateResult = details.updateResult;
  }
}

/** `response` (an error reply) as an error whose message starts with `what`, e.g. "Install of dev/…/0". */
export function errorFromSdfReply(response: SdfResponse, what: string): SoftwareManagementError {
  const code = response.response_code;
  const dotted = `${code >> 5}.${String(code & 0x1f).padStart(2, '0')}`;
  const detail = response.error?.detail === undefined ? '' : `: ${response.error.detail}`;
  const title = sdfErrorTitle(code) === dotted ? '' : ` ${sdfErrorTitle(code)}`;
  return new SoftwareManagementError(errorCodeOfReply(code), `${what} failed with ${dotted}${title}${detail}`, { responseCode: code });
}
