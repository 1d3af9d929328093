import { AlertRejectedError } from '../../../src/alerts/rejection.js';

/** The AlertRejectedError a call throws; any other outcome fails the test. */
export function rejectionOf(run: () => unknown): AlertRejectedError {
  try {
    run();
  } catch (error) {
    if (error instanceof AlertRejectedError) return error;
    throw error;
  }
  throw new Error('expected an AlertRejectedError, but nothing was thrown');
}
