import {
  decideGate,
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
import "./chunk-WZU5H5HN.js";
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
import "./chunk-H6XEEHUO.js";
import "./chunk-ZGDHL663.js";
import "./chunk-R7BDC3QQ.js";
import "./chunk-NTHYNA2H.js";
import "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import "./chunk-72I7VOGQ.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  color,
  printJson
} from "./chunk-NULSSLA3.js";
import "./chunk-Z445M42V.js";
import "./chunk-GCLPYPTX.js";
import "./chunk-VIEP5AEZ.js";
import "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-QCYQ7BMR.js";
import {
  EXIT_CODES_HELP
} from "./chunk-JMAPXXTL.js";

// dist/cli/commands/approvals/decision-command.js
import { Command } from "commander";
function decisionCommand(decision) {
  const verb = decision === "approve" ? "approve" : "reject";
  const command = new Command(verb).description(decision === "approve" ? "approve the approval gate an incident waits at" : "reject the approval gate an incident waits at (the run routes by on_reject)").argument("<incident>", "incident id").option("--step <id>", "the gate step (default: the gate the incident waits at)").option("--resume", "once the gate is decided and no process runs the incident, continue the run here").addHelpText("after", `
Your roles come from the roles file; the gate's roles, quorum (distinct people) and separation of
duties apply. Refusals exit with code 4 and change nothing.

Examples:
  irctl ${verb} inc-20261124-0612-3fa9c1 ${decision === "approve" ? '--comment "image verified clean"' : '--comment "not before the forensic copy is done"'}
  irctl --as alice ${verb} inc-20261124-0612-3fa9c1 --step approve-recovery ${decision === "approve" ? "--resume" : '--comment "wrong host"'}
${EXIT_CODES_HELP}`);
  if (decision === "reject")
    command.requiredOption("--comment <text>", "why (required)");
  else
    command.option("--comment <text>", "why (required when the gate has require_comment)");
  return command.action(async (incidentId, options, self) => {
    const out = commandOutput(self);
    const services = servicesFor(self);
    try {
      const { gate, state } = decideGate(services, { incidentId, stepId: options.step, decision, comment: options.comment });
      const live = isBeingRun(services, incidentId);
      if (state.outcome && !live && options.resume) {
        authorize(services, "run.resume", `resume ${incidentId}`);
        const result = await driveFromCli(services, incidentId, out);
        reportRunEnd(out, result);
        setExitCode(self, exitCodeForRun(result));
        return;
      }
      if (out.json)
        return printJson(out, { incidentId, stepId: gate.id, actor: services.actor, decision, gate: state, runnerLive: live });
      const round = state.visit > 1 ? ` (visit ${state.visit})` : "";
      const recorded = `${services.actor} ${decision === "approve" ? "approved" : "rejected"} gate "${gate.id}"${round} of ${incidentId}`;
      if (!state.outcome) {
        out.out(`${recorded}: ${state.approvers.length} of ${gate.approval.quorum} approvals; the gate waits for more`);
        return;
      }
      out.out(`${recorded}: the gate is ${state.outcome === "approved" ? color.green(state.outcome) : color.red(state.outcome)}`);
      if (live)
        out.err(color.dim("the process running this incident picks the decision up and goes on"));
      else
        out.err(color.dim(`hint: irctl resume ${incidentId}   (nothing runs this incident now)`));
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/approvals/index.js
function registerApprovalCommands(program) {
  for (const command of [decisionCommand("approve"), decisionCommand("reject")]) {
    program.addCommand(command.copyInheritedSettings(program));
  }
}
export {
  registerApprovalCommands
};
