import { ExitCode, IrctlError, type ErrorOptions } from '../errors.js';

/**
 * 400: the body is not usable JSON at all (syntax, too deep, too many values).
 * 422: it is JSON, but not a payload of the named source (wrong shape, nothing usable in it).
 */
export type RejectionStatus = 400 | 422;

/** An alert payload that cannot be used, with the reason. The HTTP server maps `httpStatus` to the reply. */
export class AlertRejectedError extends IrctlError {
  readonly httpStatus: RejectionStatus;
  readonly reason: string;
  constructor(reason: string, httpStatus: RejectionStatus, options: ErrorOptions = {}) {
    super('ALERT_REJECTED', ExitCode.USAGE, `alert payload rejected: ${reason}`, options);
    this.reason = reason;
    this.httpStatus = httpStatus;
  }
}

/** Reject JSON that parsed but has the wrong shape for its source. */
export function rejectShape(source: string, reason: string): AlertRejectedError {
  return new AlertRejectedError(`not a usable ${source} payload: ${reason}`, 422, {
    hint: `see docs/alerts.md for the ${source} payload irctl accepts`,
    details: { source },
  });
}
