import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  abortIncident
} from "./chunk-MMP33AR4.js";
import "./chunk-VWDFEQNA.js";
import "./chunk-6CTVK6ZO.js";
import "./chunk-4NA67OYN.js";
import "./chunk-SFHTDEVQ.js";
import "./chunk-HYS6PUCY.js";
import "./chunk-5WDOT2WL.js";
import {
  authorize
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
  printJson
} from "./chunk-W7IXLVWU.js";
import "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-CHZ3CMJ4.js";
import "./chunk-LUHRMFHS.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/run/abort.js
function registerAbortCommand(program) {
  program.command("abort").description("stop an incident\u2019s run (a running process is asked to stop; a stopped run is closed)").argument("<incident>", "incident id").addHelpText("after", `
Examples:
  irctl abort inc-20261124-0612-3fa9c1
  irctl --as alice abort inc-20261124-0612-3fa9c1`).action(async (incidentId, _options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      authorize(services, "run.abort", `abort ${incidentId}`);
      const result = abortIncident(services, incidentId);
      if (out.json)
        return printJson(out, { incidentId, result });
      out.out(result === "requested" ? `abort requested: the process running ${incidentId} will stop it` : result === "aborted" ? `incident ${incidentId} aborted` : `incident ${incidentId} had already ended (${result})`);
    } finally {
      services.close();
    }
  });
}
export {
  registerAbortCommand
};
