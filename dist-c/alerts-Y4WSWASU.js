import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ALERT_SOURCES,
  detectAlertSource,
  explainTrigger,
  isAlertSource,
  matchAlert,
  parseAlertPayload,
  parsePayloadText
} from "./chunk-PGLJASBI.js";
import "./chunk-4NA67OYN.js";
import {
  runbookDirs
} from "./chunk-OXP3ZYI3.js";
import {
  loadRunbookFile,
  loadRunbooks
} from "./chunk-ZXGC47PD.js";
import {
  plural
} from "./chunk-QXBLVMJS.js";
import "./chunk-C77XJCVS.js";
import "./chunk-WANTOCUW.js";
import "./chunk-2J2BT77Z.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-LMXY6P3R.js";
import "./chunk-WWDZUR2Q.js";
import {
  commandOutput
} from "./chunk-H2H36VGC.js";
import {
  color,
  printJson
} from "./chunk-W7IXLVWU.js";
import {
  Command,
  Option
} from "./chunk-7IRVA3UG.js";
import "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import {
  NotFoundError,
  UsageError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/alerts/test.js
import { existsSync, readFileSync, statSync } from "node:fs";

// dist/alerts/dry-run.js
function testAlertPayload(payload, runbooks, source) {
  const chosen = source ?? detectAlertSource(payload);
  const notification = parseAlertPayload(chosen, payload);
  const fileOf = new Map(runbooks.map((ref) => [ref.runbook, ref.file]));
  const alerts = notification.alerts.map((alert) => {
    const matches = matchAlert(runbooks.map((ref) => ref.runbook), alert).map((match) => ({
      runbook: match.runbook.name,
      file: fileOf.get(match.runbook),
      trigger: match.triggerIndex,
      inputs: match.inputs,
      problems: match.inputProblems
    }));
    const matched = new Set(matches.map((match) => match.runbook));
    const misses = [];
    for (const { runbook, file } of runbooks) {
      if (matched.has(runbook.name))
        continue;
      runbook.triggers.forEach((trigger, index) => {
        if (trigger.source === alert.source)
          misses.push({ runbook: runbook.name, file, trigger: index, reasons: explainTrigger(trigger, alert) });
      });
    }
    const { raw: _raw, ...shown } = alert;
    return { alert: shown, matches, misses };
  });
  return { source: chosen, detected: source === void 0, alerts, skipped: notification.skipped };
}

// dist/cli/commands/alerts/render.js
function renderAlert(result, index) {
  const { alert } = result;
  const lines = [
    `${color.bold(`alert ${index + 1}`)}  ${alert.source} ${alert.status === "resolved" ? color.green("resolved") : color.red("firing")}  ${color.bold(alert.rule)}`,
    `  priority     ${alert.priority ?? color.dim("(none)")}`,
    `  container    ${alert.container ?? color.dim(`(none: ${alert.containerProblem ?? "not named"})`)}`,
    `  fingerprint  ${alert.fingerprint}`,
    `  summary      ${alert.summary}`
  ];
  if (alert.event)
    lines.push(`  event        ${alert.event}`);
  if (alert.host)
    lines.push(`  host         ${alert.host}`);
  if (alert.tags.length)
    lines.push(`  tags         ${alert.tags.join(", ")}`);
  for (const note of alert.notes)
    lines.push(`  ${color.dim(`note: ${note}`)}`);
  if (alert.status === "resolved")
    lines.push(`  ${color.dim("resolved alerts are recorded on an open incident; they start nothing")}`);
  if (result.matches.length === 0)
    lines.push(`  ${color.yellow("no runbook trigger matches")}`);
  for (const match of result.matches) {
    const ready = match.problems.length === 0;
    lines.push(`  ${ready ? color.green("match") : color.yellow("match, cannot start")}  runbook ${color.bold(match.runbook)} trigger ${match.trigger}${match.file ? color.dim(` (${match.file})`) : ""}`);
    for (const [name, value] of Object.entries(match.inputs))
      lines.push(`      input ${name} = ${JSON.stringify(value)}`);
    for (const problem of match.problems)
      lines.push(`      ${color.yellow("problem:")} ${problem}`);
  }
  for (const miss of result.misses) {
    lines.push(`  ${color.dim(`no match: runbook ${miss.runbook} trigger ${miss.trigger}: ${miss.reasons.join("; ")}`)}`);
  }
  return lines;
}
function renderAlertTest(report, runbookCount) {
  const lines = [
    `${plural(report.alerts.length, "alert")} from ${report.source}${report.detected ? " (detected)" : ""}, tested against ${plural(runbookCount, "runbook")}; nothing was run`
  ];
  for (const skipped of report.skipped)
    lines.push(color.yellow(`skipped item ${skipped.index}: ${skipped.reason}`));
  report.alerts.forEach((result, index) => lines.push("", ...renderAlert(result, index)));
  return lines.join("\n");
}

// dist/cli/commands/alerts/test.js
var MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
function readPayload(path) {
  if (!existsSync(path))
    throw new NotFoundError(`payload file ${path} does not exist`);
  const size = statSync(path).size;
  if (size > MAX_PAYLOAD_BYTES)
    throw new UsageError(`payload file ${path} is ${size} bytes; at most ${MAX_PAYLOAD_BYTES} are read`);
  return parsePayloadText(readFileSync(path, "utf8"));
}
function runbooksFor(command, files, output) {
  if (files.length > 0)
    return files.map((file) => loadRunbookFile(file));
  const catalog = loadRunbooks(runbookDirs(command));
  for (const { file, error } of catalog.invalid) {
    output.err(`${color.yellow("warning:")} skipped invalid runbook ${file}: ${error.issues.length === 1 ? "1 problem" : `${error.issues.length} problems`}; irctl runbook validate ${file}`);
  }
  return catalog.runbooks;
}
function alertsTestCommand() {
  return new Command("test").description("parse an alert payload and show which runbook trigger would match, with which inputs (runs nothing)").argument("<payload>", "a JSON file (or JSON lines) as the source would POST it").addOption(new Option("--source <source>", "the payload format (default: detected from its shape)").choices([...ALERT_SOURCES])).option("--runbook <file>", "test against this runbook file instead of the runbook directories (repeatable)", (file, files) => [...files, file], []).action((payloadPath, options, command) => {
    const output = commandOutput(command);
    const source = options.source !== void 0 && isAlertSource(options.source) ? options.source : void 0;
    const payload = readPayload(payloadPath);
    const runbooks = runbooksFor(command, options.runbook, output);
    const report = testAlertPayload(payload, runbooks, source);
    if (output.json)
      printJson(output, { ...report, runbooks: runbooks.length });
    else
      output.out(renderAlertTest(report, runbooks.length));
  });
}

// dist/cli/commands/alerts/index.js
function registerAlertCommands(program) {
  const alerts = program.command("alerts").description("alert payloads: parse them and see which runbooks they would start");
  alerts.addCommand(alertsTestCommand().copyInheritedSettings(alerts));
}
export {
  registerAlertCommands
};
