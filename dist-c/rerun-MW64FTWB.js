import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  driveFromCli
} from "./chunk-4JL43SKR.js";
import "./chunk-P656BVA2.js";
import {
  openIncident
} from "./chunk-MMP33AR4.js";
import "./chunk-VWDFEQNA.js";
import "./chunk-6CTVK6ZO.js";
import "./chunk-4NA67OYN.js";
import "./chunk-SFHTDEVQ.js";
import "./chunk-HYS6PUCY.js";
import "./chunk-5WDOT2WL.js";
import {
  authorize,
  exitCodeForRun,
  reportRunEnd
} from "./chunk-JFDYV7WJ.js";
import "./chunk-P54O3VVF.js";
import {
  servicesFor
} from "./chunk-DEGJAGBL.js";
import "./chunk-IN4RJBDR.js";
import "./chunk-STHBQWTZ.js";
import "./chunk-OJSSQ7C5.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import "./chunk-VNXYISXP.js";
import {
  setExitCode
} from "./chunk-HGOD4IJA.js";
import "./chunk-U7K5EBAV.js";
import {
  stepPhases
} from "./chunk-TY2NB5FY.js";
import {
  loadRunbook
} from "./chunk-ZXGC47PD.js";
import "./chunk-QXBLVMJS.js";
import "./chunk-C77XJCVS.js";
import "./chunk-WANTOCUW.js";
import "./chunk-2J2BT77Z.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-LMXY6P3R.js";
import "./chunk-WWDZUR2Q.js";
import {
  commandOutput
} from "./chunk-H2H36VGC.js";
import "./chunk-W7IXLVWU.js";
import "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-CHZ3CMJ4.js";
import {
  getIncident
} from "./chunk-LUHRMFHS.js";
import {
  EXIT_CODES_HELP,
  UsageError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/run/rerun.js
function registerRerunCommand(program) {
  program.command("rerun").description("open a new incident with the same runbook (as it was) and inputs, starting at a chosen step").argument("<incident>", "the incident to repeat").requiredOption("--from <step>", "top-level step to start at").option("--wait", "at an approval gate, wait for the decision instead of stopping with exit code 3").addHelpText("after", `
Examples:
  irctl rerun inc-20261124-0612-3fa9c1 --from logs
${EXIT_CODES_HELP}`).action(async (previousId, options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      const previous = getIncident(services.db, previousId);
      authorize(services, "run.start", `rerun ${previousId}`);
      const loaded = loadRunbook(previous.runbook_source, previous.runbook_file);
      const steps = [...stepPhases(loaded.runbook).keys()];
      if (!steps.includes(options.from)) {
        throw new UsageError(`step "${options.from}" is not a top-level step of ${loaded.runbook.name}`, { hint: `choose one of: ${steps.join(", ")}` });
      }
      const incidentId = openIncident(services, {
        loaded,
        inputs: JSON.parse(previous.inputs),
        alert: previous.alert ? JSON.parse(previous.alert) : void 0,
        initiator: services.actor,
        target: previous.target ?? void 0,
        startAt: options.from,
        rerunOf: previousId
      });
      if (!out.json)
        out.err(`incident ${incidentId} opened: a rerun of ${previousId} from step "${options.from}"`);
      const result = await driveFromCli(services, incidentId, out, { wait: options.wait });
      reportRunEnd(out, result);
      setExitCode(command, exitCodeForRun(result));
    } finally {
      services.close();
    }
  });
}
export {
  registerRerunCommand
};
