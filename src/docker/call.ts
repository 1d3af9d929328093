import { mapDockerError, isTransientDockerError, type DockerOperation } from './errors.js';
import { withRetry, type RetryPolicy } from './retry.js';

export interface DockerCallOptions {
  signal?: AbortSignal;
  policy?: RetryPolicy;
  /** The call changes engine state (connect, update, pause, commit, create…). */
  changes?: boolean;
  /** The call opens a stream the step then reads (export, save). */
  streams?: boolean;
}

/**
 * Every Docker API call irctl makes goes through here: transient failures are retried with
 * backoff, and whatever still fails comes out as an irctl error naming the host and the call.
 */
export async function dockerCall<T>(op: DockerOperation, fn: () => Promise<T>, options: DockerCallOptions = {}): Promise<T> {
  let result: T;
  try {
    result = await withRetry(fn, { isTransient: isTransientDockerError, signal: options.signal, policy: options.policy });
  } catch (error) {
    throw mapDockerError(error, op);
  }
  if (options.changes || options.streams) killPointPassed();
  return result;
}

// TEST-ONLY fault injection, read here and nowhere else. With IRCTL_TEST_KILL_AFTER_DOCKER_CALL=N
// set, the process SIGKILLs itself right after the N-th call of this process that changed engine
// state or opened a stream, so the kill table (test/integration/kill-table.docker.test.ts) can
// land a crash between any two engine calls of a step. Unset (always, outside that test) it does
// nothing: the variable is read once, and a non-numeric or absent value disables it.
const KILL_AFTER = Number.parseInt(process.env.IRCTL_TEST_KILL_AFTER_DOCKER_CALL ?? '', 10);
let passed = 0;

function killPointPassed(): void {
  if (!(KILL_AFTER > 0)) return;
  passed += 1;
  if (passed === KILL_AFTER) process.kill(process.pid, 'SIGKILL');
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts: a caller stops
 *  waiting on work it shares with others (one engine call for many) without stopping the work. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
