import {
  abortIncident
} from "./chunk-4GSJUEBQ.js";
import "./chunk-7PJKO4CU.js";
import "./chunk-OTP5ZCB7.js";
import "./chunk-3WGXUJSV.js";
import "./chunk-PPE2D4RA.js";
import {
  authorize
} from "./chunk-GBJZBHUO.js";
import "./chunk-WZU5H5HN.js";
import "./chunk-SXC63L3C.js";
import "./chunk-OGRVB2BJ.js";
import "./chunk-4RM7ECEZ.js";
import "./chunk-JOVG2KOV.js";
import {
  servicesFor
} from "./chunk-63OQWS67.js";
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
import "./chunk-JMAPXXTL.js";

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
