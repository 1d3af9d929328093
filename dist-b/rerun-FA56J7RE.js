import {
  driveFromCli
} from "./chunk-KNOKSXGH.js";
import "./chunk-T3WSOK22.js";
import {
  openIncident
} from "./chunk-4GSJUEBQ.js";
import "./chunk-7PJKO4CU.js";
import "./chunk-OTP5ZCB7.js";
import "./chunk-3WGXUJSV.js";
import "./chunk-PPE2D4RA.js";
import {
  authorize,
  exitCodeForRun,
  reportRunEnd
} from "./chunk-GBJZBHUO.js";
import "./chunk-WZU5H5HN.js";
import "./chunk-SXC63L3C.js";
import "./chunk-OGRVB2BJ.js";
import "./chunk-4RM7ECEZ.js";
import "./chunk-JOVG2KOV.js";
import {
  servicesFor
} from "./chunk-63OQWS67.js";
import {
  setExitCode
} from "./chunk-F32LOQLX.js";
import {
  stepPhases
} from "./chunk-ZULBT7B6.js";
import {
  loadRunbook
} from "./chunk-H6XEEHUO.js";
import "./chunk-ZGDHL663.js";
import "./chunk-R7BDC3QQ.js";
import "./chunk-NTHYNA2H.js";
import "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import "./chunk-72I7VOGQ.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import "./chunk-NULSSLA3.js";
import "./chunk-Z445M42V.js";
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
import {
  EXIT_CODES_HELP,
  UsageError
} from "./chunk-JMAPXXTL.js";

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
