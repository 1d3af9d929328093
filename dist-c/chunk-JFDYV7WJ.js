import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  decisionHint
} from "./chunk-P54O3VVF.js";
import {
  color
} from "./chunk-W7IXLVWU.js";
import {
  requireRole
} from "./chunk-CHZ3CMJ4.js";
import {
  DockerUnreachableError,
  ExitCode,
  IntegrityError,
  NotFoundError,
  exitCodeOfErrorCode
} from "./chunk-HPPMOGYY.js";

// dist/cli/commands/run/shared.js
import { constants } from "node:os";
function authorize(services, act, what) {
  requireRole(services.roleBook(), services.actor, act, what);
}
var DETACH = "detach";
function interruptedBy(result) {
  const reason = result.stopped?.reason;
  return reason && reason in constants.signals ? reason : void 0;
}
var KEPT_FAILURE_CODES = /* @__PURE__ */ new Set([NotFoundError.code, DockerUnreachableError.code, IntegrityError.code]);
function exitCodeForRun(result) {
  const signal = interruptedBy(result);
  if (signal)
    return 128 + constants.signals[signal];
  if (result.fault)
    return result.fault.exitCode;
  if (result.status === "succeeded")
    return ExitCode.OK;
  if (result.status === "waiting" || result.status === "needs_decision")
    return ExitCode.WAITING;
  if (result.status !== "failed")
    return ExitCode.FAILED;
  const code = result.failure?.code ?? "";
  return KEPT_FAILURE_CODES.has(code) && exitCodeOfErrorCode(code) || ExitCode.FAILED;
}
function lineObserver(output) {
  if (output.json)
    return {};
  return {
    phaseEntered: (phase) => output.err(color.bold(`\u2500\u2500 ${phase}`)),
    stepStarted: (stepId, action, _params, attempt) => output.err(`  \u25B6 ${stepId}  ${color.dim(action)}${attempt > 1 ? color.dim(` (attempt ${attempt})`) : ""}`),
    stepFinished: (stepId, result, ms) => output.err(`  ${result.outcome === "skipped" ? color.yellow("\u21B7") : color.green("\u2713")} ${stepId}  ${color.dim(`${ms} ms`)}  ${result.summary ?? ""}`),
    stepFailed: (stepId, message, willRetry) => output.err(`  ${color.red("\u2717")} ${stepId}  ${message}${willRetry ? color.dim(" \u2014 retrying") : ""}`),
    gateWaiting: (stepId, approval) => output.err(`  ${color.yellow("\u23F8")} ${stepId}  waiting for approval by ${approval.quorum} \xD7 ${approval.roles.join("/")}${approval.message ? `: ${approval.message}` : ""}`),
    stepUndone: (stepId, action, error) => output.err(error ? `  ${color.red("\u2717")} ${stepId}  undo of ${action} failed: ${error}` : `  ${color.yellow("\u21B6")} ${stepId}  undone (${color.dim(action)})`),
    escalated: (stepId, notify, after) => output.err(`  ${color.yellow("\u23EB")} ${stepId}  nobody decided in ${String(after)}: escalated to ${Array.isArray(notify) ? notify.join(", ") : String(notify)}`),
    humanNeeded: (stepId, action) => output.err(`  ${color.yellow("\u23F8")} ${stepId}  ${color.dim(action)} waits for a person to take over (irctl resume)`)
  };
}
function reportRunEnd(output, result) {
  if (output.json) {
    output.out(JSON.stringify(result, null, 2));
    return;
  }
  const id = result.incidentId;
  if (result.fault) {
    output.out(`interrupted: incident ${id} stopped at step "${result.fault.stepId}": ${result.fault.message}`);
    output.err(color.dim(`hint: ${result.fault.hint ? `${result.fault.hint}; ` : ""}the incident stays open: irctl resume ${id} retries the step`));
    return;
  }
  if (interruptedBy(result)) {
    const at = result.stopped?.stepId ? ` at step "${result.stopped.stepId}"` : "";
    const how = result.status === "needs_decision" && result.stopped?.stepId ? decisionHint(id, result.stopped.stepId, result.stopped.outputsReadBy ?? [], "the step is not safe to repeat on its own") : `irctl resume ${id}`;
    output.out(`interrupted: incident ${id} stopped${at}; continue with: ${how}`);
    return;
  }
  switch (result.status) {
    case "succeeded":
      output.out(`${color.green("incident")} ${id} ${color.green("succeeded")}`);
      break;
    case "waiting":
      if (result.waitingFor === "takeover") {
        output.out(`incident ${id} ran its automatic steps and waits at "${result.waitingOn}" for a person to take over`);
        output.err(color.dim(`hint: irctl resume ${id}`));
      } else {
        output.out(`incident ${id} is waiting for approval at "${result.waitingOn}"`);
        output.err(color.dim(`hint: irctl approve ${id} --step ${result.waitingOn} --resume`));
      }
      break;
    default:
      output.out(`incident ${id} ${color.red(result.status)}${result.failure ? `: step "${result.failure.stepId}" failed: ${result.failure.message}` : ""}`);
      output.err(color.dim(`hint: irctl status ${id}`));
  }
}

export {
  authorize,
  DETACH,
  exitCodeForRun,
  lineObserver,
  reportRunEnd
};
