import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  servicesFor
} from "./chunk-DEGJAGBL.js";
import "./chunk-OJSSQ7C5.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import "./chunk-VNXYISXP.js";
import "./chunk-U7K5EBAV.js";
import {
  SEVERITIES,
  listFindings
} from "./chunk-LMXY6P3R.js";
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
  Command,
  Option
} from "./chunk-7IRVA3UG.js";
import "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import {
  getIncident
} from "./chunk-LUHRMFHS.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/findings/list.js
var SHOWN = {
  info: color.dim,
  low: (t) => t,
  medium: color.yellow,
  high: color.red,
  critical: (t) => color.bold(color.red(t))
};
function describe(detail) {
  if (typeof detail.file === "string")
    return `${detail.file}:${detail.line}: ${String(detail.text ?? "").slice(0, 80)}`;
  if (typeof detail.path === "string")
    return `${detail.change ?? ""} ${detail.path}`.trim();
  if (typeof detail.cmd === "string")
    return `pid ${detail.pid}: ${detail.cmd.slice(0, 80)}`;
  if (typeof detail.remote === "string")
    return `${detail.local} -> ${detail.remote} ${detail.state ?? ""}`.trim();
  if (typeof detail.action === "string")
    return detail.action;
  return typeof detail.why === "string" ? detail.why : JSON.stringify(detail).slice(0, 80);
}
function findingsListCommand() {
  return new Command("findings").description("list what an incident's investigation steps found (severity, kind, evidence, detail)").argument("<incident>", "incident id").addOption(new Option("--min-severity <level>", "only findings at least this severe").choices(SEVERITIES)).action((incidentId, options, command) => {
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      getIncident(services.db, incidentId);
      const floor = SEVERITIES.indexOf(options.minSeverity ?? "info");
      const rows = listFindings(services.db, incidentId).filter((row) => SEVERITIES.indexOf(row.severity) >= floor).map((row) => ({ ...row, detail: JSON.parse(row.detail) }));
      if (output.json)
        return printJson(output, rows);
      if (rows.length === 0)
        return output.out(`incident ${incidentId} has no findings${options.minSeverity ? ` at ${options.minSeverity} or above` : ""}`);
      output.out(table(["step", "severity", "kind", "evidence", "detail"], rows.map((row) => [row.step_id, SHOWN[row.severity](row.severity), row.kind, row.evidence_id ?? "-", describe(row.detail)])));
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/findings/index.js
function registerFindingsCommands(program) {
  program.addCommand(findingsListCommand().copyInheritedSettings(program));
}
export {
  registerFindingsCommands
};
