import {
  driveFromCli
} from "./chunk-KNOKSXGH.js";
import "./chunk-T3WSOK22.js";
import "./chunk-4GSJUEBQ.js";
import "./chunk-7PJKO4CU.js";
import "./chunk-OTP5ZCB7.js";
import "./chunk-3WGXUJSV.js";
import "./chunk-PPE2D4RA.js";
import {
  authorize,
  exitCodeForRun,
  reportRunEnd
} from "./chunk-GBJZBHUO.js";
import {
  refuseSkipOfReadOutputs
} from "./chunk-WZU5H5HN.js";
import {
  isBeingRun
} from "./chunk-SXC63L3C.js";
import "./chunk-OGRVB2BJ.js";
import "./chunk-4RM7ECEZ.js";
import "./chunk-JOVG2KOV.js";
import {
  servicesFor
} from "./chunk-63OQWS67.js";
import {
  setExitCode
} from "./chunk-F32LOQLX.js";
import "./chunk-ZULBT7B6.js";
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
  getIncident,
  releaseAutoOnly
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
  RefusedError,
  UsageError
} from "./chunk-JMAPXXTL.js";

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
