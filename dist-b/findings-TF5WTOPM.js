import {
  servicesFor
} from "./chunk-63OQWS67.js";
import {
  SEVERITIES,
  listFindings
} from "./chunk-VMLQRVIN.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  color,
  printJson,
  table
} from "./chunk-NULSSLA3.js";
import {
  getIncident
} from "./chunk-GCLPYPTX.js";
import "./chunk-VIEP5AEZ.js";
import "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-QCYQ7BMR.js";
import "./chunk-JMAPXXTL.js";

// dist/cli/commands/findings/list.js
import { Command, Option } from "commander";
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
