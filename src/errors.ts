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
  constructor(message: string, options?: ErrorOptions) {
    super('USAGE', ExitCode.USAGE, message, options);
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
  readonly issues: RunbookIssue[];
  constructor(issues: RunbookIssue[], options?: ErrorOptions) {
    super('RUNBOOK_INVALID', ExitCode.USAGE, formatRunbookIssues(issues), options);
    this.issues = issues;
  }
}

export function formatRunbookIssues(issues: RunbookIssue[]): string {
  return issues
    .map((i) => `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`)
    .join('\n');
}

export class NotFoundError extends IrctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('NOT_FOUND', ExitCode.NOT_FOUND, message, options);
  }
}

export class RefusedError extends IrctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('REFUSED', ExitCode.REFUSED, message, options);
  }
}

export class DockerUnreachableError extends IrctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('DOCKER_UNREACHABLE', ExitCode.DOCKER_UNREACHABLE, message, options);
  }
}

export class IntegrityError extends IrctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('INTEGRITY', ExitCode.INTEGRITY, message, options);
  }
}

/** An action failed while acting; the run routes it by the step's on_failure. */
export class ActionFailedError extends IrctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('ACTION_FAILED', ExitCode.FAILED, message, options);
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

/** Faults that interrupt a step instead of failing it: the incident stays resumable. */
export function isResumableFault(error: unknown): error is IrctlError {
  return error instanceof DockerUnreachableError || error instanceof EvidenceDiskError;
}

/** The run cannot go on until a human decides (approval gate, or a half-done non-idempotent step). */
export class WaitingError extends IrctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('WAITING', ExitCode.WAITING, message, options);
  }
}

export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof IrctlError ? error.exitCode : ExitCode.BUG;
}
