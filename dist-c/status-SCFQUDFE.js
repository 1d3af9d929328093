import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  SHOWN_STATUSES,
  listShownIncidents,
  nextCommand,
  shownStatus
} from "./chunk-6TDKCV52.js";
import {
  driverOf,
  leaseIsLive
} from "./chunk-5WDOT2WL.js";
import {
  authorize
} from "./chunk-JFDYV7WJ.js";
import {
  decisionHint,
  stepsReadingOutputs
} from "./chunk-P54O3VVF.js";
import {
  servicesFor
} from "./chunk-DEGJAGBL.js";
import {
  gateState,
  journalFor
} from "./chunk-IN4RJBDR.js";
import "./chunk-STHBQWTZ.js";
import "./chunk-OJSSQ7C5.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import "./chunk-VNXYISXP.js";
import "./chunk-U7K5EBAV.js";
import {
  loadRunbook
} from "./chunk-ZXGC47PD.js";
import {
  plural
} from "./chunk-QXBLVMJS.js";
import "./chunk-C77XJCVS.js";
import {
  evidenceTotals
} from "./chunk-WANTOCUW.js";
import "./chunk-2J2BT77Z.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-LMXY6P3R.js";
import "./chunk-WWDZUR2Q.js";
import {
  commandOutput
} from "./chunk-H2H36VGC.js";
import {
  color,
  printJson,
  table
} from "./chunk-W7IXLVWU.js";
import {
  Option
} from "./chunk-7IRVA3UG.js";
import "./chunk-4VXJMZ3F.js";
import {
  parseDuration
} from "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-CHZ3CMJ4.js";
import {
  getIncident,
  listTimeline
} from "./chunk-LUHRMFHS.js";
import {
  UsageError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/run/status.js
function lastStop(timeline) {
  const last = [...timeline].reverse().find((event) => ["run_stopped", "run_started", "run_resumed"].includes(event.kind));
  return last?.kind === "run_stopped" ? last : void 0;
}
var statusColor = (status) => status === "succeeded" ? color.green(status) : ["failed", "aborted", "rolled_back", "stopped"].includes(status) ? color.red(status) : color.yellow(status);
function shortIds(text) {
  return text === null ? null : text.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, "$1");
}
function positiveInteger(text, option) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${option} must be a whole number of 1 or more, got "${text}"`);
  return value;
}
function sinceTime(text) {
  if (/^\d+(ms|s|m|h|d|w)$/.test(text)) {
    const days = /^(\d+)(d|w)$/.exec(text);
    const ms = days ? Number(days[1]) * (days[2] === "w" ? 7 : 1) * 864e5 : parseDuration(text);
    return new Date(Date.now() - ms).toISOString();
  }
  const time = Date.parse(text);
  if (Number.isNaN(time))
    throw new UsageError(`--since takes a duration (30m, 2h, 7d) or a date/time (2026-11-24T06:00Z), got "${text}"`);
  return new Date(time).toISOString();
}
function registerStatusCommands(program) {
  program.command("incidents").description("list incidents, newest first; a run no process drives any more is shown as stopped").addOption(new Option("--status <status>", "only incidents with this status").choices([...SHOWN_STATUSES])).option("--since <when>", "only incidents opened since: a duration back from now (2h, 7d) or a date/time (2026-11-24, 2026-11-24T06:00Z)").option("--limit <n>", "at most this many (newest first)", "50").option("--no-trunc", "show full container ids instead of their first 12 characters").addHelpText("after", `
Examples:
  irctl incidents --status stopped       # runs whose process died: irctl resume <id> continues each
  irctl incidents --since 24h --limit 10
  irctl --json incidents`).action(async (options, command) => {
    const out = commandOutput(command);
    const limit = positiveInteger(options.limit, "--limit");
    const since = options.since === void 0 ? void 0 : sinceTime(options.since);
    const services = servicesFor(command);
    try {
      authorize(services, "incidents.read", "list incidents");
      const rows = listShownIncidents(services.db, { status: options.status, since, limit });
      if (out.json) {
        return printJson(out, rows.map(({ snapshot: _s, runbook_source: _r, shown_status, status, ...rest }) => ({
          ...rest,
          status: shown_status,
          stored_status: status,
          inputs: JSON.parse(rest.inputs),
          process_attached: leaseIsLive(rest),
          driver: driverOf(rest) ?? null,
          next: nextCommand(rest.id, shown_status) ?? null
        })));
      }
      if (rows.length === 0) {
        const filtered = options.status !== void 0 || since !== void 0;
        return out.out(`no ${options.status ? `${options.status} ` : ""}incidents${since ? ` since ${since}` : ""} in ${services.paths.db}${filtered ? "" : "\n(state is read from ./.irctl, --home or $IRCTL_HOME: run irctl where you ran it before)"}`);
      }
      const short = (text) => options.trunc ? shortIds(text) : text;
      const driver = (r) => driverOf(r) ?? (["running", "waiting"].includes(r.status) ? color.dim("none") : "");
      out.out(table(["incident", "runbook", "severity", "status", "step", "target", "driver", "opened", "next"], rows.map((r) => [
        r.id,
        r.runbook_name,
        r.severity,
        statusColor(r.shown_status),
        r.current_step,
        short(r.target),
        driver(r),
        r.created_at,
        nextCommand(r.id, r.shown_status)
      ])));
    } finally {
      services.close();
    }
  });
  program.command("status").description("one incident: steps, phase, waiting gates, recent events").argument("<incident>", "incident id").option("--no-trunc", "show full container ids instead of their first 12 characters").addHelpText("after", `
Examples:
  irctl status inc-20261124-0612-3fa9c1
  irctl --json status inc-20261124-0612-3fa9c1`).action(async (incidentId, options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    const short = (text) => options.trunc ? shortIds(text) : text;
    try {
      authorize(services, "incidents.read", `read incident ${incidentId}`);
      const incident = getIncident(services.db, incidentId);
      const journal = journalFor(services.db, incidentId);
      const timeline = listTimeline(services.db, incidentId);
      const lastHumanNeeded = [...timeline].reverse().find((event) => event.kind === "human_needed");
      const waitingForTakeover = incident.status === "waiting" && incident.auto_only === 1 && lastHumanNeeded?.step_id === incident.current_step;
      const waitingGate = incident.status === "waiting" && incident.current_step && !waitingForTakeover ? { stepId: incident.current_step, ...gateState(services.db, incidentId, incident.current_step) } : void 0;
      const evidence = evidenceTotals(services.db, incidentId);
      const live = leaseIsLive(incident);
      const shown = shownStatus(incident);
      if (out.json) {
        const { snapshot: _s, runbook_source: _r, ...rest } = incident;
        return printJson(out, {
          ...rest,
          status: shown,
          stored_status: incident.status,
          next: nextCommand(incidentId, shown) ?? null,
          inputs: JSON.parse(incident.inputs),
          live,
          journal,
          waitingGate,
          waitingForTakeover,
          evidence,
          timeline
        });
      }
      const liveNote = live ? color.dim(incident.status === "waiting" ? " (a process is attached)" : " (running now)") : "";
      out.out(`${color.bold(incident.id)}  ${incident.runbook_name}  ${incident.severity}  ${statusColor(shown)}${liveNote}`);
      out.out(`opened ${incident.created_at} by ${incident.initiator}${incident.target ? `, target ${short(incident.target)}` : ""}; phase ${incident.phase ?? "-"}, step ${incident.current_step ?? "-"}`);
      out.out(`evidence: ${plural(evidence.n, "artifact")}, ${plural(evidence.bytes, "byte")}`);
      if (journal.length) {
        out.out("");
        out.out(table(["step", "attempt", "status", "action", "summary / error", "started"], journal.map((j) => [j.step_id, j.attempt, j.status, j.action, short(j.summary ?? j.error ?? "").slice(0, 80), j.started_at])));
      }
      if (waitingGate) {
        out.out("");
        const round = waitingGate.visit > 1 ? ` (visit ${waitingGate.visit}: earlier decisions do not count)` : "";
        out.out(`${color.yellow("waiting")} at gate "${waitingGate.stepId}"${round}: approvals so far: ${waitingGate.approvers.join(", ") || "none"}`);
        if (live)
          out.out(`a process is attached (${incident.runner_id}) and goes on once the gate is decided`);
        out.err(color.dim(`hint: irctl approve ${incidentId} --step ${waitingGate.stepId}${live ? "" : " --resume"}`));
      }
      if (waitingForTakeover) {
        out.out("");
        out.out(`${color.yellow("waiting")} at "${incident.current_step}": the automatic steps are done; a person must take over`);
        out.err(color.dim(`hint: irctl resume ${incidentId}`));
      }
      if (shown === "stopped") {
        const stopped = lastStop(timeline);
        const detail = stopped ? JSON.parse(stopped.detail) : {};
        if (stopped && detail.fault)
          out.out(`${color.yellow("interrupted")}${stopped.step_id ? ` at step "${stopped.step_id}"` : ""}: ${detail.reason ?? "a fault"}`);
        out.err(color.dim(stopped && detail.fault ? `hint: ${detail.fault.hint ? `${detail.fault.hint}; ` : ""}irctl resume ${incidentId} retries the step once the cause is fixed` : stopped ? `stopped${stopped.step_id ? ` at step "${stopped.step_id}"` : ""} by ${stopped.actor ?? "its process"} (${detail.reason ?? "stopped"}); hint: irctl resume ${incidentId}` : `stopped: no process is driving this run any more (killed, or the machine restarted); hint: irctl resume ${incidentId}`));
      }
      if (incident.status === "needs_decision" && incident.current_step) {
        const readers = stepsReadingOutputs(loadRunbook(incident.runbook_source, incident.runbook_file).runbook, incident.current_step);
        out.err(color.dim(`hint: ${decisionHint(incidentId, incident.current_step, readers)}`));
      }
      out.out("");
      for (const event of timeline.slice(-10)) {
        const phase = event.kind === "phase_entered" ? ` ${JSON.parse(event.detail).phase ?? ""}` : "";
        out.out(color.dim(`${event.at}  ${event.kind}${phase}${event.step_id ? ` ${event.step_id}` : ""}${event.actor ? ` by ${event.actor}` : ""}`));
      }
    } finally {
      services.close();
    }
  });
}
export {
  registerStatusCommands,
  shortIds
};
