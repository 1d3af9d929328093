import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  decideGate,
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
import "./chunk-TY2NB5FY.js";
import "./chunk-ZXGC47PD.js";
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
import {
  color,
  printJson
} from "./chunk-W7IXLVWU.js";
import {
  Command
} from "./chunk-7IRVA3UG.js";
import "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-CHZ3CMJ4.js";
import "./chunk-LUHRMFHS.js";
import {
  EXIT_CODES_HELP
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/approvals/decision-command.js
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
