// One error type per kind of failure; each maps to one exit code, here and nowhere else.
// Only src/bin.ts turns these into process exits.

export const ExitCode = {
  OK: 0,
  FAILED: 1, // the run failed: an action failed, the run was aborted or rolled back
  USAGE: 2, // bad command line or invalid runbook
  WAITING: 3, // stopped at an approval gate or a decision a human must make
  REFUSED: 4, // role, separation of duties, quorum already met
  NOT_FOUND: 5, // incident, runbook, container, host
  DOCKER_UNREACHABLE: 6,
  INTEGRITY: 7, // custody or evidence mismatch
  BUG: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code means: `--help` prints this table, after it the signal codes bin.ts ends with. */
const EXIT_CODE_MEANINGS: Record<ExitCodeValue, string> = {
  0: 'ok',
  1: 'the run failed (an action failed, the run was aborted or rolled back)',
  2: 'usage error or invalid runbook',
  3: 'waiting for approval or for a human decision',
  4: 'refused (role, separation of duties, gate already decided)',
  5: 'not found (incident, runbook, container, host)',
  6: 'Docker engine unreachable',
  7: 'integrity failure (custody or evidence mismatch)',
  70: 'unexpected bug (please report)',
};

export const EXIT_CODES_HELP = [
  '',
  'Exit codes:',
  ...Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `  ${code.padEnd(3)} ${meaning}`),
  '  130 stopped by Ctrl-C (143: SIGTERM); irctl resume continues',
].join('\n');

export interface ErrorOptions {
  hint?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class IrctlError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;
  constructor(code: string, exitCode: ExitCodeValue, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }
}

export class UsageError extends IrctlError {
  static readonly code = 'USAGE';
  static readonly exitCode = ExitCode.USAGE;
  constructor(message: string, options?: ErrorOptions) {
    super(UsageError.code, UsageError.exitCode, message, options);
  }
}

/** One problem found in a runbook, located in its source. */
export interface RunbookIssue {
  file: string;
  line: number;
  column: number;
  path: string; // e.g. steps[2].with.container
  message: string; // what is wrong and what was expected
}

export class RunbookInvalidError extends IrctlError {
  static readonly code = 'RUNBOOK_INVALID';
  static readonly exitCode = ExitCode.USAGE;
  readonly issues: RunbookIssue[];
  constructor(issues: RunbookIssue[], options?: ErrorOptions) {
    super(RunbookInvalidError.code, RunbookInvalidError.exitCode, formatRunbookIssues(issues), options);
    this.issues = issues;
  }
}

export function formatRunbookIssues(issues: RunbookIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n');
}

export class NotFoundError extends IrctlError {
  static readonly code = 'NOT_FOUND';
  static readonly exitCode = ExitCode.NOT_FOUND;
  constructor(message: string, options?: ErrorOptions) {
    super(NotFoundError.code, NotFoundError.exitCode, message, options);
  }
}

export class RefusedError extends IrctlError {
  static readonly code = 'REFUSED';
  static readonly exitCode = ExitCode.REFUSED;
  constructor(message: string, options?: ErrorOptions) {
    super(RefusedError.code, RefusedError.exitCode, message, options);
  }
}

export class DockerUnreachableError extends IrctlError {
  static readonly code = 'DOCKER_UNREACHABLE';
  static readonly exitCode = ExitCode.DOCKER_UNREACHABLE;
  constructor(message: string, options?: ErrorOptions) {
    super(DockerUnreachableError.code, DockerUnreachableError.exitCode, message, options);
  }
}

export class IntegrityError extends IrctlError {
  static readonly code = 'INTEGRITY';
  static readonly exitCode = ExitCode.INTEGRITY;
  constructor(message: string, options?: ErrorOptions) {
    super(IntegrityError.code, IntegrityError.exitCode, message, options);
  }
}

/** An action failed while acting; the run routes it by the step's on_failure. */
export class ActionFailedError extends IrctlError {
  static readonly code = 'ACTION_FAILED';
  static readonly exitCode = ExitCode.FAILED;
  constructor(message: string, options?: ErrorOptions) {
    super(ActionFailedError.code, ActionFailedError.exitCode, message, options);
  }
}

/**
 * The evidence disk failed under a capture (full: ENOSPC/EDQUOT, or EIO). Like an unreachable
 * engine it is a fault of the surroundings, not of the step: the step ends interrupted and
 * `irctl resume` retries it once the disk is fixed.
 */
export class EvidenceDiskError extends IrctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('EVIDENCE_DISK', ExitCode.FAILED, message, options);
  }
}

/**
 * The disk of the store (--home) failed under a write (SQLITE_FULL, SQLITE_IOERR*): a fault of the
 * surroundings like a full evidence disk. The step ends interrupted and `irctl resume` continues
 * once there is room again.
 */
export class StoreDiskError extends IrctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('STORE_DISK', ExitCode.FAILED, message, options);
  }
}

/** better-sqlite3's error for a full or failing disk under the store. */
export function isStoreDiskFailure(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && error.name === 'SqliteError' && typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR'));
}

/** The resumable fault for a store write that failed on its disk (see isStoreDiskFailure). */
export function storeDiskError(error: Error & { code: string }, storePath: string, incidentId: string): StoreDiskError {
  const options = { cause: error, details: { code: error.code, store: storePath } };
  if (error.code === 'SQLITE_FULL') {
    return new StoreDiskError(`the store disk is full: the store at ${storePath} cannot be written; free space, then irctl resume ${incidentId}`, {
      ...options,
      hint: `free space on the disk of ${storePath}, then irctl resume ${incidentId} retries the step in the same incident`,
    });
  }
  return new StoreDiskError(
    `the store disk failed (${error.code}) writing the store at ${storePath}: check the disk, then irctl resume ${incidentId}`,
    options,
  );
}

/** Faults that interrupt a step instead of failing it: the incident stays resumable. */
export function isResumableFault(error: unknown): error is IrctlError {
  return error instanceof DockerUnreachableError || error instanceof EvidenceDiskError || error instanceof StoreDiskError;
}

/** The run cannot go on until a human decides (approval gate, or a half-done non-idempotent step). */
export class WaitingError extends IrctlError {
  static readonly code = 'WAITING';
  static readonly exitCode = ExitCode.WAITING;
  constructor(message: string, options?: ErrorOptions) {
    super(WaitingError.code, WaitingError.exitCode, message, options);
  }
}

export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof IrctlError ? error.exitCode : ExitCode.BUG;
}

/** The error classes behind `code` strings a run records (a failed step's error code). */
const ERROR_CLASSES = [UsageError, RunbookInvalidError, NotFoundError, RefusedError, DockerUnreachableError, IntegrityError, ActionFailedError, WaitingError];

/** The exit code of the error class with this code (as recorded in a run's failure), if there is one. */
export function exitCodeOfErrorCode(code: string): ExitCodeValue | undefined {
  return ERROR_CLASSES.find((errorClass) => errorClass.code === code)?.exitCode;
}
