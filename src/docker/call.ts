import { mapDockerError, isTransientDockerError, type DockerOperation } from './errors.js';
import { withRetry, type RetryPolicy } from './retry.js';

/**
 * Every Docker API call irctl makes goes through here: transient failures are retried with
 * backoff, and whatever still fails comes out as an irctl error naming the host and the call.
 */
export async function dockerCall<T>(
  op: DockerOperation,
  fn: () => Promise<T>,
  options: { signal?: AbortSignal; policy?: RetryPolicy } = {},
): Promise<T> {
  try {
    return await withRetry(fn, { isTransient: isTransientDockerError, signal: options.signal, policy: options.policy });
  } catch (error) {
    throw mapDockerError(error, op);
  }
}
