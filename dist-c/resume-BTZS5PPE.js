import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  driveFromCli
} from "./chunk-4JL43SKR.js";
import "./chunk-P656BVA2.js";
import "./chunk-MMP33AR4.js";
import "./chunk-VWDFEQNA.js";
import "./chunk-6CTVK6ZO.js";
import "./chunk-4NA67OYN.js";
import "./chunk-SFHTDEVQ.js";
import "./chunk-HYS6PUCY.js";
import {
  isBeingRun
} from "./chunk-5WDOT2WL.js";
import {
  authorize,
  exitCodeForRun,
  reportRunEnd
} from "./chunk-JFDYV7WJ.js";
import {
  refuseSkipOfReadOutputs
} from "./chunk-P54O3VVF.js";
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
import "./chunk-TY2NB5FY.js";
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
  getIncident,
  releaseAutoOnly
} from "./chunk-LUHRMFHS.js";
import {
  EXIT_CODES_HELP,
  RefusedError,
  UsageError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/run/resume.js
var beingRun = (incidentId, what) => new RefusedError(`${incidentId} is being run by another process: ${what}`, {
  hint: `irctl status ${incidentId}; to decide about a step, stop that run first (Ctrl-C there, or irctl abort ${incidentId})`
});
function registerResumeCommand(program) {
  program.command("resume").description("continue an incident from its last persisted state (after a crash, a gate, or a decision)").argument("<incident>", "incident id").option("--retry-step <step>", "run an interrupted step again (it was cut off mid-run)").option("--skip-step <step>", "skip an interrupted step and go on (refused when a later step reads its outputs)").option("--wait", "at an approval gate, wait for the decision instead of stopping with exit code 3").addHelpText("after", `
Examples:
  irctl resume inc-20261124-0612-3fa9c1 --wait
  irctl resume inc-20261124-0612-3fa9c1
  irctl resume inc-20261124-0612-3fa9c1 --skip-step host-logs
${EXIT_CODES_HELP}`).action(async (incidentId, options, command) => {
    const out = commandOutput(command);
    if (options.retryStep && options.skipStep)
      throw new UsageError("give either --retry-step or --skip-step, not both");
    const services = servicesFor(command);
    try {
      const incident = getIncident(services.db, incidentId);
      authorize(services, "run.resume", `resume ${incidentId}`);
      if (options.skipStep)
        refuseSkipOfReadOutputs(loadRunbook(incident.runbook_source, incident.runbook_file).runbook, incidentId, options.skipStep);
      const decision = options.retryStep ? { stepId: options.retryStep, decision: "retry" } : options.skipStep ? { stepId: options.skipStep, decision: "skip" } : void 0;
      if (isBeingRun(services, incidentId)) {
        if (decision)
          throw beingRun(incidentId, `refusing --${decision.decision}-step ${decision.stepId}`);
        if (!releaseAutoOnly(services.db, incidentId, services.actor))
          throw beingRun(incidentId, "nothing to resume");
        out.out(`${incidentId} is being run by another process; you took it over, so its remaining steps will run there`);
        out.err(`hint: irctl status ${incidentId}`);
        return;
      }
      const result = await driveFromCli(services, incidentId, out, { wait: options.wait, takeOver: true, decision });
      reportRunEnd(out, result);
      setExitCode(command, exitCodeForRun(result));
    } finally {
      services.close();
    }
  });
}
export {
  registerResumeCommand
};
