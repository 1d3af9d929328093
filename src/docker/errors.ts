import { ActionFailedError, DockerUnreachableError, IrctlError, NotFoundError } from '../errors.js';

/** Which call on which engine failed: enough for a responder to repeat it by hand. */
export interface DockerOperation {
  host: string; // host name from the config ("local", "prod-a")
  url: string; // where that host's engine is reached
  what: string; // e.g. 'pause container "web-1"'
}

interface DockerodeError {
  statusCode?: number;
  code?: string;
  json?: unknown;
  message?: string;
  name?: string;
}

// Socket-level failures that mean "nobody answers there": the engine is down, the socket path is
// wrong, the address does not resolve, or ssh could not log in.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EACCES', 'ENOTSOCK']);

// Errors worth a second try: the connection broke mid-request, or a proxy in front of the engine
// hiccuped. Everything else is an answer and repeating the call would give the same answer.
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

// The Docker engine reports some state conflicts as HTTP 500 with only a message to tell them
// apart from a real server fault ("Container … is not paused"). This is the one place that reads
// daemon message text, so those are never retried as if they were transient.
const SEMANTIC_DAEMON_MESSAGE =
  /is (not running|paused|not paused|already paused|restarting|dead|being removed|marked for removal)|not connected to network|already exists|no such|not found|conflict/i;

function asDockerodeError(error: unknown): DockerodeError {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The engine's own words, without dockerode's "(HTTP code 500) server error - " prefix. */
export function daemonMessage(error: unknown): string {
  const raw = asDockerodeError(error);
  const json = raw.json as { message?: unknown } | null | undefined;
  if (json && typeof json === 'object' && typeof json.message === 'string') return json.message.trim();
  return String(raw.message ?? error).trim();
}

export function isAbortError(error: unknown): boolean {
  return asDockerodeError(error).name === 'AbortError';
}

/** True when repeating the same call may well succeed. */
export function isTransientDockerError(error: unknown): boolean {
  if (error instanceof IrctlError || isAbortError(error)) return false;
  const raw = asDockerodeError(error);
  if (raw.code && TRANSIENT_CODES.has(raw.code)) return true;
  if (raw.statusCode !== undefined && raw.statusCode >= 500) {
    return !SEMANTIC_DAEMON_MESSAGE.test(daemonMessage(error));
  }
  return false;
}

export function isUnreachableError(error: unknown): boolean {
  const raw = asDockerodeError(error);
  if (raw.code && UNREACHABLE_CODES.has(raw.code)) return true;
  // ssh2 reports failed logins and dead connections with a `level` instead of a code
  const level = (error as { level?: unknown } | null)?.level;
  return level === 'client-authentication' || level === 'client-socket' || level === 'client-timeout';
}

/**
 * Turn a dockerode failure into the irctl error a responder can act on. Errors that already are
 * irctl errors, and aborts (the step was cancelled), pass through unchanged.
 */
export function mapDockerError(error: unknown, op: DockerOperation): unknown {
  if (error instanceof IrctlError || isAbortError(error)) return error;
  const raw = asDockerodeError(error);
  const details = { host: op.host, url: op.url, statusCode: raw.statusCode ?? null, code: raw.code ?? null };
  // a connection cut mid-call that the retries did not get past: the engine is as good as gone
  if (isUnreachableError(error) || (raw.code !== undefined && TRANSIENT_CODES.has(raw.code))) {
    const why = raw.code ?? daemonMessage(error);
    const hint =
      raw.code === 'EACCES'
        ? `the irctl user may not open the socket: run as a member of the docker group, or point host "${op.host}" elsewhere`
        : `check that dockerd runs there (docker -H ${op.url} version), or fix hosts.${op.host}.url in the config file`;
    return new DockerUnreachableError(`Docker engine at ${op.url} is unreachable (${why}) while trying to ${op.what} on host "${op.host}"`, {
      hint,
      cause: error,
      details,
    });
  }
  const said = daemonMessage(error);
  if (raw.statusCode === 404) {
    return new NotFoundError(`could not ${op.what} on host "${op.host}": ${said}`, {
      hint: `list what exists there: docker -H ${op.url} ps -a (or network ls)`,
      cause: error,
      details,
    });
  }
  if (raw.statusCode === 409 || raw.statusCode === 304) {
    return new ActionFailedError(`could not ${op.what} on host "${op.host}": it conflicts with the container's current state: ${said || 'no change'}`, {
      hint: 'inspect the container (evidence.inspect or docker inspect) and adjust the runbook step to its state',
      cause: error,
      details,
    });
  }
  const status = raw.statusCode === undefined ? (raw.code ?? 'error') : `HTTP ${raw.statusCode}`;
  return new ActionFailedError(`could not ${op.what} on host "${op.host}" (${status}): ${said}`, {
    hint: `the engine refused or failed the call; its log (journalctl -u docker.service) may say more`,
    cause: error,
    details,
  });
}
