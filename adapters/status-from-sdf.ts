import { HTTP_STATUS } from './http-error.js';

/**
 * HTTP status codes of CoAP response codes as SDF carries them (class * 32 + detail), after
 * the HTTP-CoAP cross-proxy table of RFC 8075 §7 (Figure 11); CoAP's 4.xx details were
 * chosen to equal HTTP's, so most codes keep their number.
 */
const STATUS_OF_CODE: Readonly<Record<number, number>> = {
  /** 2.01 Created */ 65: 201,
  /** 2.02 Deleted */ 66: HTTP_STATUS.NO_CONTENT,
  /** 2.03 Valid */ 67: 304,
  /** 2.04 Changed */ 68: HTTP_STATUS.NO_CONTENT,
  /** 2.05 Content */ 69: HTTP_STATUS.OK,
  /** 4.00 Bad Request */ 128: HTTP_STATUS.BAD_REQUEST,
  // HTTP's 401 needs a WWW-Authenticate challenge CoAP has no equivalent of (RFC 8075 §7).
  /** 4.01 Unauthorized */ 129: 403,
  /** 4.02 Bad Option */ 130: HTTP_STATUS.BAD_REQUEST,
  /** 4.03 Forbidden */ 131: 403,
  /** 4.04 Not Found */ 132: HTTP_STATUS.NOT_FOUND,
  /** 4.05 Method Not Allowed */ 133: HTTP_STATUS.METHOD_NOT_ALLOWED,
  /** 4.06 Not Acceptable */ 134: 406,
  /** 4.08 Request Entity Incomplete */ 136: HTTP_STATUS.BAD_REQUEST,
  /** 4.09 Conflict */ 137: 409,
  /** 4.12 Precondition Failed */ 140: 412,
  /** 4.13 Request Entity Too Large */ 141: HTTP_STATUS.PAYLOAD_TOO_LARGE,
  /** 4.15 Unsupported Content-Format */ 143: HTTP_STATUS.UNSUPPORTED_MEDIA_TYPE,
  /** 4.22 Unprocessable Entity */ 150: 422,
  /** 4.29 Too Many Requests */ 157: 429,
  /** 5.00 Internal Server Error */ 160: HTTP_STATUS.INTERNAL_SERVER_ERROR,
  /** 5.01 Not Implemented */ 161: 501,
  /** 5.02 Bad Gateway */ 162: HTTP_STATUS.BAD_GATEWAY,
  /** 5.03 Service Unavailable (a sleeping or unreachable device) */ 163: HTTP_STATUS.SERVICE_UNAVAILABLE,
  /** 5.04 Gateway Timeout */ 164: HTTP_STATUS.GATEWAY_TIMEOUT,
  /** 5.05 Proxying Not Supported */ 165: HTTP_STATUS.BAD_GATEWAY,
};

/** The HTTP status of an SDF `response_code`; a code RFC 8075 does not list gets its class's generic status. */
export function httpStatusFromSdfCode(responseCode: number): number {
  const known = STATUS_OF_CODE[responseCode];
  if (known !== undefined) return known;
  switch (responseCode >> 5) {
    case 2:
      return HTTP_STATUS.OK;
    case 4:
      return HTTP_STATUS.BAD_REQUEST;
    default:
      return HTTP_STATUS.INTERNAL_SERVER_ERROR;
  }
}
