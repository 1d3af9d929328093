import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/errors.js
var ExitCode = {
  OK: 0,
  FAILED: 1,
  // the run failed: an action failed, the run was aborted or rolled back
  USAGE: 2,
  // bad command line or invalid runbook
  WAITING: 3,
  // stopped at an approval gate or a decision a human must make
  REFUSED: 4,
  // role, separation of duties, quorum already met
  NOT_FOUND: 5,
  // incident, runbook, container, host
  DOCKER_UNREACHABLE: 6,
  INTEGRITY: 7,
  // custody or evidence mismatch
  BUG: 70
};
var EXIT_CODE_MEANINGS = {
  0: "ok",
  1: "the run failed (an action failed, the run was aborted or rolled back)",
  2: "usage error or invalid runbook",
  3: "waiting for approval or for a human decision",
  4: "refused (role, separation of duties, gate already decided)",
  5: "not found (incident, runbook, container, host)",
  6: "Docker engine unreachable",
  7: "integrity failure (custody or evidence mismatch)",
  70: "unexpected bug (please report)"
};
var EXIT_CODES_HELP = [
  "",
  "Exit codes:",
  ...Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `  ${code.padEnd(3)} ${meaning}`),
  "  130 stopped by Ctrl-C (143: SIGTERM); irctl resume continues"
].join("\n");
var IrctlError = class extends Error {
  code;
  exitCode;
  hint;
  details;
  constructor(code, exitCode, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }
};
var UsageError = class _UsageError extends IrctlError {
  static code = "USAGE";
  static exitCode = ExitCode.USAGE;
  constructor(message, options) {
    super(_UsageError.code, _UsageError.exitCode, message, options);
  }
};
var RunbookInvalidError = class _RunbookInvalidError extends IrctlError {
  static code = "RUNBOOK_INVALID";
  static exitCode = ExitCode.USAGE;
  issues;
  constructor(issues, options) {
    super(_RunbookInvalidError.code, _RunbookInvalidError.exitCode, formatRunbookIssues(issues), options);
    this.issues = issues;
  }
};
function formatRunbookIssues(issues) {
  return issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n");
}
var NotFoundError = class _NotFoundError extends IrctlError {
  static code = "NOT_FOUND";
  static exitCode = ExitCode.NOT_FOUND;
  constructor(message, options) {
    super(_NotFoundError.code, _NotFoundError.exitCode, message, options);
  }
};
var RefusedError = class _RefusedError extends IrctlError {
  static code = "REFUSED";
  static exitCode = ExitCode.REFUSED;
  constructor(message, options) {
    super(_RefusedError.code, _RefusedError.exitCode, message, options);
  }
};
var DockerUnreachableError = class _DockerUnreachableError extends IrctlError {
  static code = "DOCKER_UNREACHABLE";
  static exitCode = ExitCode.DOCKER_UNREACHABLE;
  constructor(message, options) {
    super(_DockerUnreachableError.code, _DockerUnreachableError.exitCode, message, options);
  }
};
var IntegrityError = class _IntegrityError extends IrctlError {
  static code = "INTEGRITY";
  static exitCode = ExitCode.INTEGRITY;
  constructor(message, options) {
    super(_IntegrityError.code, _IntegrityError.exitCode, message, options);
  }
};
var ActionFailedError = class _ActionFailedError extends IrctlError {
  static code = "ACTION_FAILED";
  static exitCode = ExitCode.FAILED;
  constructor(message, options) {
    super(_ActionFailedError.code, _ActionFailedError.exitCode, message, options);
  }
};
var EvidenceDiskError = class extends IrctlError {
  constructor(message, options) {
    super("EVIDENCE_DISK", ExitCode.FAILED, message, options);
  }
};
function isResumableFault(error) {
  return error instanceof DockerUnreachableError || error instanceof EvidenceDiskError;
}
var WaitingError = class _WaitingError extends IrctlError {
  static code = "WAITING";
  static exitCode = ExitCode.WAITING;
  constructor(message, options) {
    super(_WaitingError.code, _WaitingError.exitCode, message, options);
  }
};
function exitCodeOf(error) {
  return error instanceof IrctlError ? error.exitCode : ExitCode.BUG;
}
var ERROR_CLASSES = [UsageError, RunbookInvalidError, NotFoundError, RefusedError, DockerUnreachableError, IntegrityError, ActionFailedError, WaitingError];
function exitCodeOfErrorCode(code) {
  return ERROR_CLASSES.find((errorClass) => errorClass.code === code)?.exitCode;
}

export {
  ExitCode,
  EXIT_CODES_HELP,
  IrctlError,
  UsageError,
  RunbookInvalidError,
  NotFoundError,
  RefusedError,
  DockerUnreachableError,
  IntegrityError,
  ActionFailedError,
  EvidenceDiskError,
  isResumableFault,
  WaitingError,
  exitCodeOf,
  exitCodeOfErrorCode
};
