import { ExitCode, IrctlError, type ErrorOptions } from '../errors.js';

/**
 * A request the server turns away before anything runs: bad auth, replay, unknown source, rate
 * limit. `httpStatus` is the reply's status, `reason` the label it is counted under in /metrics.
 */
export class RequestRejectedError extends IrctlError {
  readonly httpStatus: number;
  readonly reason: string;
  /** Reply headers, e.g. Retry-After on a 429. */
  readonly headers: Record<string, string>;
  constructor(httpStatus: number, reason: string, message: string, options: ErrorOptions & { headers?: Record<string, string> } = {}) {
    super(reason.toUpperCase(), ExitCode.REFUSED, message, options);
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.headers = options.headers ?? {};
  }
}
