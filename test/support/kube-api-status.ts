/** Kubernetes `Status` failures (meta/v1 Status), thrown by the store and sent as the response body. */

export type StatusReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'BadRequest' | 'Invalid' | 'MethodNotAllowed' | 'Expired' | 'Gone' | 'UnsupportedMediaType';

const CODE_OF_REASON: Record<StatusReason, number> = {
  NotFound: 404, AlreadyExists: 409, Conflict: 409, BadRequest: 400, Invalid: 422, MethodNotAllowed: 405, Expired: 410, Gone: 410, UnsupportedMediaType: 415,
};

export class KubeStatusError extends Error {
  readonly code: number;
  constructor(readonly reason: StatusReason, message: string, readonly details?: { readonly name?: string; readonly kind?: string; readonly group?: string }) {
    super(message);
    this.code = CODE_OF_REASON[reason];
  }

  toStatus(): object {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, details: this.details ?? {}, code: this.code };
  }
}
