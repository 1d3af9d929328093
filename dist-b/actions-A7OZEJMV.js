import {
  actions
} from "./chunk-ZGDHL663.js";
import "./chunk-NTHYNA2H.js";
import "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import "./chunk-72I7VOGQ.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  printJson,
  table
} from "./chunk-NULSSLA3.js";
import "./chunk-IPAKTWBZ.js";
import "./chunk-5OCVQCD3.js";
import {
  NotFoundError
} from "./chunk-JMAPXXTL.js";

// dist/cli/commands/actions/index.js
import { z } from "zod";
function registerActionCommands(program) {
  const group = program.command("actions").description("the actions runbook steps can use");
  group.command("list").description("every action with its phase and flags").action((_options, command) => {
    const out = commandOutput(command);
    if (out.json)
      return printJson(out, actions.map((a) => ({ name: a.name, phase: a.phase, summary: a.summary, idempotent: a.idempotent, auto: a.auto, requires: a.requires })));
    out.out(table(["action", "phase", "auto", "idempotent", "summary"], actions.map((a) => [a.name, a.phase, a.auto ? "yes" : "no", a.idempotent ? "yes" : "no", a.summary])));
  });
  group.command("show").description("one action: parameters (JSON Schema), flags and an example step").argument("<name>").action((name, _options, command) => {
    const out = commandOutput(command);
    const action = actions.find((a) => a.name === name);
    if (!action)
      throw new NotFoundError(`unknown action "${name}"`, { hint: "irctl actions list" });
    const schema = z.toJSONSchema(action.params, { io: "input", unrepresentable: "any" });
    if (out.json)
      return printJson(out, {
        name: action.name,
        phase: action.phase,
        summary: action.summary,
        idempotent: action.idempotent,
        auto: action.auto,
        requires: action.requires,
        params: schema,
        example: action.example
      });
    out.out(`${action.name}  (${action.phase})  auto: ${action.auto ? "yes" : "no"}  idempotent: ${action.idempotent ? "yes" : "no"}`);
    out.out(action.summary);
    out.out(`
parameters:
${JSON.stringify(schema, null, 2)}`);
    out.out(`
example:
${action.example}`);
  });
}
export {
  registerActionCommands
};
