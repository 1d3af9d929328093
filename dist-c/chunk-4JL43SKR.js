import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  cliNotifier
} from "./chunk-P656BVA2.js";
import {
  driveIncident
} from "./chunk-MMP33AR4.js";
import {
  DETACH,
  lineObserver
} from "./chunk-JFDYV7WJ.js";
import {
  findGate,
  gateState,
  mayDecide,
  recordDecision
} from "./chunk-IN4RJBDR.js";
import {
  scopeOf,
  stepPhases
} from "./chunk-TY2NB5FY.js";
import {
  loadRunbook
} from "./chunk-ZXGC47PD.js";
import {
  chooseImage,
  describeChoice,
  plural,
  resolveContainer
} from "./chunk-QXBLVMJS.js";
import {
  interpolate,
  isActionStep,
  isApprovalStep
} from "./chunk-C77XJCVS.js";
import {
  color,
  formatError
} from "./chunk-W7IXLVWU.js";
import {
  requireRole
} from "./chunk-CHZ3CMJ4.js";
import {
  getIncident,
  listTimeline
} from "./chunk-LUHRMFHS.js";
import {
  IrctlError
} from "./chunk-HPPMOGYY.js";

// dist/cli/live/next-steps.js
var describe = (step) => isActionStep(step) ? `${step.id} (${step.uses})` : isApprovalStep(step) ? `${step.id} (another approval gate)` : `${step.id} (in parallel: ${step.parallel.map((b) => b.uses).join(", ")})`;
function routeText(runbook, value) {
  if (value === "abort")
    return "the run stops as failed";
  if (value === "continue")
    return "the run goes on with the next step";
  if (value === "rollback")
    return "finished steps are rolled back";
  const step = runbook.steps.find((s) => s.id === value);
  return step ? `the run goes to ${describe(step)}` : `the run goes to ${value}`;
}
function previewGate(runbook, gateId, limit = 6) {
  const index = runbook.steps.findIndex((s) => s.id === gateId);
  const gate = runbook.steps[index];
  if (!gate || !isApprovalStep(gate))
    return { onApprove: [], onReject: "" };
  const phases = stepPhases(runbook);
  const onApprove = [];
  let position = typeof gate.next === "string" && gate.next !== "end" ? runbook.steps.findIndex((s) => s.id === gate.next) : gate.next === "end" ? -1 : index + 1;
  while (position >= 0 && position < runbook.steps.length && onApprove.length < limit) {
    const step = runbook.steps[position];
    onApprove.push(`[${phases.get(step.id)}] ${describe(step)}${step.if ? ` if ${step.if}` : ""}`);
    if (isApprovalStep(step) || Array.isArray(step.next))
      break;
    position = typeof step.next === "string" ? step.next === "end" ? -1 : runbook.steps.findIndex((s) => s.id === step.next) : position + 1;
  }
  return {
    onApprove,
    onReject: routeText(runbook, gate.approval.on_reject),
    onTimeout: gate.approval.timeout ? `after ${gate.approval.timeout} ${routeText(runbook, gate.approval.on_timeout)}` : void 0
  };
}

// dist/cli/live/gate-describe.js
function describeGate(output, context) {
  const { gate, state, runbook } = context;
  const preview = previewGate(runbook, gate.id);
  const lines = [
    "",
    `${color.yellow("\u23F8  approval needed")} at ${color.bold(gate.id)}${gate.name ? ` \u2014 ${gate.name}` : ""}`,
    ...context.message ?? gate.approval.message ? [`   ${context.message ?? gate.approval.message}`] : [],
    `   needs ${plural(gate.approval.quorum, "approval")} by ${gate.approval.roles.join("/")}${gate.approval.separate_from_initiator ? `, not by the initiator (${context.initiator})` : ""}${gate.approval.require_comment ? ", with a comment" : ""}`,
    `   approvals so far: ${state.approvers.length ? state.approvers.join(", ") : "none"} (${state.approvers.length} of ${gate.approval.quorum})`,
    `   if approved, next: ${preview.onApprove.length ? "" : "the run ends"}`,
    ...preview.onApprove.map((step) => `     ${step}`),
    ...(context.recreateImages ?? []).map((line) => `   ${color.bold("image:")} ${line}`),
    `   if rejected: ${preview.onReject}`,
    ...preview.onTimeout ? [`   if nobody decides: ${preview.onTimeout}`] : [],
    ""
  ];
  output.err(lines.join("\n"));
}

// dist/cli/live/recreate-preview.js
var MAX_STEPS = 6;
async function recreateImagesAfterGate(services, incident, runbook, gateId, signal) {
  const index = runbook.steps.findIndex((step) => step.id === gateId);
  const steps = runbook.steps.slice(index + 1, index + 1 + MAX_STEPS).filter((step) => isActionStep(step) && step.uses === "recover.recreate");
  if (index < 0 || steps.length === 0)
    return [];
  const context = runContextOf(incident);
  const lines = [];
  for (const step of steps) {
    if (!isActionStep(step))
      continue;
    try {
      const params = interpolate(step.with ?? {}, scopeOf(context));
      if (typeof params.container !== "string")
        throw new Error("its container is not known yet");
      const host = typeof params.host === "string" ? params.host : "local";
      const target = await resolveContainer(services.docker, { container: params.container, host }, { signal });
      const named = typeof params.image === "string" && params.image !== "" ? params.image : void 0;
      const choice = await chooseImage({ docker: target.docker, db: services.db, incidentId: incident.id, old: target.info, named, signal });
      lines.push(`${step.id} recreates ${params.container} from ${describeChoice(choice)}`);
    } catch (error) {
      lines.push(`${step.id}: cannot tell which image it will use yet (${error.message})`);
    }
  }
  return lines;
}
function runContextOf(incident) {
  const persisted = incident.snapshot ? JSON.parse(incident.snapshot).context : void 0;
  return {
    incidentId: incident.id,
    inputs: persisted?.inputs ?? JSON.parse(incident.inputs),
    alert: persisted?.alert ?? (incident.alert ? JSON.parse(incident.alert) : null),
    steps: persisted?.steps ?? {},
    visits: persisted?.visits ?? {}
  };
}

// dist/cli/commands/approvals/decide.js
function decideGate(services, request) {
  const roles = requireRole(services.roleBook(), services.actor, "gate.decide", `${request.decision} a gate of ${request.incidentId}`);
  const gate = findGate(services.db, request.incidentId, request.stepId);
  const state = recordDecision(services.db, {
    incidentId: request.incidentId,
    stepId: gate.id,
    approval: gate.approval,
    actor: services.actor,
    roles,
    decision: request.decision,
    comment: request.comment
  });
  return { gate, state };
}

// dist/cli/commands/run/gate-session.js
var DECIDED_ELSEWHERE_POLL_MS = 200;
async function decideAtTerminal(services, at, output, signal) {
  const { incidentId, stepId, visit } = at;
  const incident = getIncident(services.db, incidentId);
  const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
  const gate = findGate(services.db, incidentId, stepId);
  const cancel = cancelWhenDecided(services, at, signal);
  const message = waitingMessage(services, incidentId, stepId);
  const recreateImages = await recreateImagesAfterGate(services, incident, runbook, stepId, signal);
  try {
    for (; ; ) {
      const state = gateState(services.db, incidentId, stepId, visit);
      if (state.outcome)
        return "decided";
      const refusal = whyNot(services, incident, gate, state);
      describeGate(output, { runbook, gate, state, actor: services.actor, initiator: incident.initiator, message, recreateImages });
      if (refusal)
        output.err(color.yellow(refusal));
      let choice;
      try {
        const { promptAtGate } = await import("./gate-prompt-CQ2ITJHN.js");
        choice = await promptAtGate({ runbook, gate, state, actor: services.actor, initiator: incident.initiator, mayDecide: !refusal }, cancel.signal);
      } catch (error) {
        const name = error.name;
        if (name === "ExitPromptError")
          return "detach";
        if (name === "AbortPromptError")
          return gateState(services.db, incidentId, stepId, visit).outcome ? "decided" : "detach";
        throw error;
      }
      if (choice.kind === "wait" || choice.kind === "detach")
        return choice.kind;
      try {
        const { state: after } = decideGate(services, { incidentId, stepId, decision: choice.kind, comment: choice.comment });
        if (after.outcome) {
          output.err(`gate ${stepId} ${after.outcome === "approved" ? color.green(after.outcome) : color.red(after.outcome)}`);
          return "decided";
        }
        output.err(`your ${choice.kind === "approve" ? "approval" : "rejection"} is recorded; ${after.approvers.length} of ${gate.approval.quorum} approvals so far`);
      } catch (error) {
        if (!(error instanceof IrctlError))
          throw error;
        output.err(formatError(error, false));
      }
    }
  } finally {
    cancel.dispose();
  }
}
function whyNot(services, incident, gate, state) {
  const roles = services.roleBook().rolesOf(services.actor);
  const check = mayDecide({
    incidentId: incident.id,
    stepId: gate.id,
    approval: gate.approval,
    initiator: incident.initiator,
    actor: services.actor,
    roles,
    state
  });
  if (check.allowed)
    return void 0;
  const needs = gate.approval.roles.join(" or ");
  switch (check.why) {
    case "separation_of_duties":
      return `you (${services.actor}) opened this incident and may not decide this gate (separation of duties); it needs ${needs}, someone else`;
    case "role":
      return `you (${services.actor}: ${roles[0] ?? "no role"}) may not decide this gate; it needs ${needs}`;
    case "already_decided": {
      const more = gate.approval.quorum - state.approvers.length;
      return `you ${state.approvers.includes(services.actor) ? "approved" : "rejected"}; waiting for ${more} more approval${more === 1 ? "" : "s"} from ${needs}`;
    }
    default:
      return check.refusal.message;
  }
}
function cancelWhenDecided(services, at, outer) {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted)
    onOuter();
  outer?.addEventListener("abort", onOuter, { once: true });
  const timer = setInterval(() => {
    if (gateState(services.db, at.incidentId, at.stepId, at.visit).outcome)
      controller.abort("decided");
  }, DECIDED_ELSEWHERE_POLL_MS);
  return {
    signal: controller.signal,
    dispose: () => {
      clearInterval(timer);
      outer?.removeEventListener("abort", onOuter);
    }
  };
}
function waitingMessage(services, incidentId, stepId) {
  const entry = listTimeline(services.db, incidentId).filter((e) => e.kind === "gate_waiting" && e.step_id === stepId).pop();
  const detail = entry ? JSON.parse(entry.detail) : void 0;
  return typeof detail?.message === "string" ? detail.message : void 0;
}

// dist/cli/live/format.js
function formatBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
function progressBar(done, total, width = 24) {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${"\u2588".repeat(filled)}${"\u2591".repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%`;
}
function formatElapsed(ms) {
  return ms < 1e4 ? `${(ms / 1e3).toFixed(1)}s` : `${Math.round(ms / 1e3)}s`;
}
var SPINNER_FRAMES = ["\u280B", "\u2819", "\u2839", "\u2838", "\u283C", "\u2834", "\u2826", "\u2827", "\u2807", "\u280F"];

// dist/cli/live/status-line.js
var CLEAR_LINE = "\r\x1B[2K";
function statusLine(stream, frameMs = 80) {
  let render;
  let shown = false;
  const draw = () => {
    if (!render)
      return;
    const width = stream.columns || 80;
    stream.write(CLEAR_LINE + truncate(render(), width - 1));
    shown = true;
  };
  const wipe = () => {
    if (shown)
      stream.write(CLEAR_LINE);
    shown = false;
  };
  const timer = setInterval(draw, frameMs);
  timer.unref();
  return {
    print(text) {
      wipe();
      stream.write(text.endsWith("\n") ? text : `${text}
`);
      draw();
    },
    set(next) {
      render = next;
      draw();
    },
    clear() {
      render = void 0;
      wipe();
    },
    stop() {
      clearInterval(timer);
      render = void 0;
      wipe();
    }
  };
}
var ANSI = /\x1b\[[0-9;]*m/g;
function truncate(text, width) {
  if (text.replace(ANSI, "").length <= width)
    return text;
  let visible = 0;
  let cut = "";
  for (const part of text.split(/(\x1b\[[0-9;]*m)/)) {
    if (ANSI.test(part)) {
      ANSI.lastIndex = 0;
      cut += part;
      continue;
    }
    const room = width - 1 - visible;
    if (room <= 0)
      continue;
    cut += part.slice(0, room);
    visible += Math.min(part.length, room);
  }
  return `${cut}\u2026\x1B[0m`;
}

// dist/cli/live/live-observer.js
function liveView(plain, output, stream = process.stderr) {
  const line = statusLine(stream);
  const printed = plain({ ...output, err: (text) => line.print(text) });
  let phase = "";
  let current;
  let frame = 0;
  const render = () => {
    if (!current)
      return "";
    const elapsed = Date.now() - current.startedAt;
    const where = `${color.dim(phase)} ${color.bold(current.stepId)} ${color.dim(current.action)}`;
    const p = current.progress;
    if (!p)
      return `  ${color.cyan(SPINNER_FRAMES[frame++ % SPINNER_FRAMES.length])} ${where}  ${color.dim(formatElapsed(elapsed))}`;
    const rate = elapsed > 0 ? p.done * 1e3 / elapsed : 0;
    const amount = p.total ? `${formatBytes(p.done)} / ${formatBytes(p.total)}` : formatBytes(p.done);
    const bar = p.total ? `${progressBar(p.done, p.total)} ` : "";
    return `  ${where}  ${bar}${amount}  ${formatBytes(rate)}/s${p.label ? color.dim(`  ${p.label}`) : ""}`;
  };
  const observer = {
    ...printed,
    phaseEntered: (name) => {
      phase = name;
      printed.phaseEntered?.(name);
    },
    stepStarted: (stepId, action, params, attempt) => {
      printed.stepStarted?.(stepId, action, params, attempt);
      current = { stepId, action, startedAt: Date.now() };
      line.set(render);
    },
    stepFinished: (stepId, result, ms) => {
      if (current?.stepId === stepId)
        current = void 0;
      line.clear();
      printed.stepFinished?.(stepId, result, ms);
    },
    stepFailed: (stepId, message, willRetry) => {
      if (current?.stepId === stepId && !willRetry)
        current = void 0;
      printed.stepFailed?.(stepId, message, willRetry);
    },
    progress: (stepId, done, total, label) => {
      if (current?.stepId === stepId)
        current.progress = { done, total, label };
    },
    stepUndone: (stepId, action, error) => {
      current = void 0;
      line.clear();
      printed.stepUndone?.(stepId, action, error);
    },
    gateWaiting: (stepId, approval, visit) => {
      current = void 0;
      line.clear();
      printed.gateWaiting?.(stepId, approval, visit);
    }
  };
  return { observer, pause: () => line.clear(), stop: () => line.stop() };
}

// dist/cli/commands/run/drive.js
async function driveFromCli(services, incidentId, output, options = {}) {
  const stderrIsTty = options.stderrIsTty ?? Boolean(process.stderr.isTTY);
  const canPrompt = !output.json && !options.wait && stderrIsTty && (options.stdinIsTty ?? Boolean(process.stdin.isTTY));
  const view = !output.json && stderrIsTty ? liveView(lineObserver, output) : void 0;
  const stop = new AbortController();
  const removeSignalHandlers = stopOnSignals(stop, output, () => view?.pause());
  const prompts = /* @__PURE__ */ new Set();
  const base = view?.observer ?? lineObserver(output);
  const observer = canPrompt ? {
    ...base,
    gateWaiting: (stepId, approval, visit) => {
      base.gateWaiting?.(stepId, approval, visit);
      view?.pause();
      const asking = askAtGate(services, { incidentId, stepId, visit }, output, stop);
      prompts.add(asking);
      void asking.finally(() => prompts.delete(asking));
    }
  } : base;
  const notifier = await cliNotifier(services);
  const incident = getIncident(services.db, incidentId);
  const notify = notifier && ((event) => notifier.send({ ...event, runbook: incident.runbook_name, severity: incident.severity, target: incident.target ?? void 0 }));
  try {
    return await driveIncident(services, incidentId, {
      observer,
      stopAtGate: !options.wait && !canPrompt,
      takeOver: options.takeOver,
      runAs: services.actor,
      stop: stop.signal,
      notify,
      decision: options.decision
    });
  } finally {
    await notifier?.flush();
    if (!stop.signal.aborted)
      stop.abort(DETACH);
    await Promise.allSettled([...prompts]);
    removeSignalHandlers();
    view?.stop();
  }
}
async function askAtGate(services, at, output, stop) {
  const { incidentId, stepId } = at;
  try {
    const next = await decideAtTerminal(services, at, output, stop.signal);
    if (next === "detach")
      stop.abort(DETACH);
    if (next === "wait")
      output.err(color.dim(`waiting at "${stepId}" for someone else to decide (irctl approve ${incidentId}); Ctrl-C stops here, irctl resume goes on`));
  } catch (error) {
    output.err(`the prompt at "${stepId}" failed: ${error.message}`);
    stop.abort(DETACH);
  }
}
function stopOnSignals(stop, output, beforePrint) {
  let signalled = false;
  const onSignal = (signal) => {
    if (signalled) {
      remove();
      process.kill(process.pid, signal);
      return;
    }
    signalled = true;
    beforePrint();
    if (!output.json)
      output.err(color.dim(`${signal}: stopping at the current step (${signal === "SIGINT" ? "Ctrl-C" : signal} again quits at once)`));
    stop.abort(signal);
  };
  const remove = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return remove;
}

export {
  decideGate,
  driveFromCli
};
