import { describe, expect, it } from 'vitest';
import { isTransientDockerError, mapDockerError } from '../../../src/docker/errors.js';
import { ActionFailedError, DockerUnreachableError, NotFoundError, UsageError } from '../../../src/errors.js';

const op = { host: 'prod-a', url: 'tcp://10.0.0.5:2376', what: 'pause container "web-1"' };

// shaped like docker-modem's errors: statusCode + json body, or a socket error code
function daemonError(statusCode: number, message: string) {
  return Object.assign(new Error(`(HTTP code ${statusCode}) server error - ${message} `), { statusCode, json: { message } });
}
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('mapDockerError', () => {
  it('turns a refused connection into DockerUnreachableError naming the engine and how to check it', () => {
    const mapped = mapDockerError(socketError('ECONNREFUSED'), op) as DockerUnreachableError;
    expect(mapped).toBeInstanceOf(DockerUnreachableError);
    expect(mapped.message).toBe('Docker engine at tcp://10.0.0.5:2376 is unreachable (ECONNREFUSED) while trying to pause container "web-1" on host "prod-a"');
    expect(mapped.hint).toContain('docker -H tcp://10.0.0.5:2376 version');
  });

  it('treats a missing socket file as an unreachable engine', () => {
    expect(mapDockerError(socketError('ENOENT'), op)).toBeInstanceOf(DockerUnreachableError);
  });

  it('tells a responder without socket permission to join the docker group', () => {
    expect((mapDockerError(socketError('EACCES'), op) as DockerUnreachableError).hint).toContain('docker group');
  });

  it('turns a 404 into NotFoundError carrying the engine’s words', () => {
    const mapped = mapDockerError(daemonError(404, 'No such container: web-1'), op) as NotFoundError;
    expect(mapped).toBeInstanceOf(NotFoundError);
    expect(mapped.message).toBe('could not pause container "web-1" on host "prod-a": No such container: web-1');
  });

  it('turns a 409 into an action failure that says the container state conflicts', () => {
    const mapped = mapDockerError(daemonError(409, 'Container abc is already paused'), op) as ActionFailedError;
    expect(mapped).toBeInstanceOf(ActionFailedError);
    expect(mapped.message).toContain("conflicts with the container's current state: Container abc is already paused");
    expect(mapped.details).toMatchObject({ statusCode: 409, host: 'prod-a' });
  });

  it('passes irctl errors and aborts through unchanged', () => {
    const usage = new UsageError('bad');
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(mapDockerError(usage, op)).toBe(usage);
    expect(mapDockerError(abort, op)).toBe(abort);
  });
});

describe('isTransientDockerError', () => {
  it('retries a connection reset and a bare server error', () => {
    expect(isTransientDockerError(socketError('ECONNRESET'))).toBe(true);
    expect(isTransientDockerError(daemonError(500, 'context deadline exceeded'))).toBe(true);
    expect(isTransientDockerError(daemonError(503, 'service unavailable'))).toBe(true);
  });

  it('does not retry state answers the engine sends as HTTP 500', () => {
    expect(isTransientDockerError(daemonError(500, 'Container abc is not paused'))).toBe(false);
    expect(isTransientDockerError(daemonError(500, 'Container abc is not running'))).toBe(false);
    expect(isTransientDockerError(daemonError(500, 'container abc is not connected to network q'))).toBe(false);
  });

  it('does not retry client errors, unreachable engines or aborts', () => {
    expect(isTransientDockerError(daemonError(404, 'No such container'))).toBe(false);
    expect(isTransientDockerError(daemonError(409, 'conflict'))).toBe(false);
    expect(isTransientDockerError(socketError('ECONNREFUSED'))).toBe(false);
    expect(isTransientDockerError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
  });
});
