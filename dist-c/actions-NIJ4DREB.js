import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  actions
} from "./chunk-QXBLVMJS.js";
import "./chunk-WANTOCUW.js";
import "./chunk-2J2BT77Z.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-LMXY6P3R.js";
import "./chunk-WWDZUR2Q.js";
import {
  commandOutput
} from "./chunk-H2H36VGC.js";
import {
  printJson,
  table
} from "./chunk-W7IXLVWU.js";
import "./chunk-PCPY3B3D.js";
import {
  external_exports
} from "./chunk-6GUQTYHU.js";
import {
  NotFoundError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/actions/index.js
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
    const schema = external_exports.toJSONSchema(action.params, { io: "input", unrepresentable: "any" });
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
