import type { FastifyError } from 'fastify';
import { IntegrityError, IrctlError, NotFoundError, RefusedError, UsageError, WaitingError } from '../../errors.js';
import { RequestRejectedError } from '../http-error.js';

/** The HTTP status of a console failure, by error type (as the JSON API decides it), and what to tell the responder. */
export function consoleStatusOf(error: unknown): { status: number; message: string; hint?: string } {
  if (error instanceof RequestRejectedError) return { status: error.httpStatus, message: error.message, hint: error.hint };
  if (error instanceof NotFoundError) return { status: 404, message: error.message, hint: error.hint };
  if (error instanceof RefusedError) return { status: 403, message: error.message, hint: error.hint };
  if (error instanceof UsageError) return { status: 400, message: error.message, hint: error.hint };
  if (error instanceof WaitingError) return { status: 409, message: error.message, hint: error.hint };
  if (error instanceof IntegrityError) return { status: 409, message: error.message, hint: error.hint };
  if (error instanceof IrctlError) return { status: 500, message: error.message, hint: error.hint };
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, message: fastifyError.message };
  }
  return { status: 500, message: 'the console hit an unexpected error; it is logged' };
}
