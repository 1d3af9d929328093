import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  runbookDirs
} from "./chunk-OXP3ZYI3.js";
import {
  stepPhases
} from "./chunk-TY2NB5FY.js";
import {
  findRunbook,
  loadRunbookFile,
  loadRunbooks
} from "./chunk-ZXGC47PD.js";
import {
  actionNames,
  actions,
  findAction,
  plural
} from "./chunk-QXBLVMJS.js";
import {
  buildFlow,
  isActionStep,
  isApprovalStep,
  isParallelStep,
  runbookSchema
} from "./chunk-C77XJCVS.js";
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
  printJson,
  table
} from "./chunk-W7IXLVWU.js";
import {
  Command
} from "./chunk-7IRVA3UG.js";
import {
  BUILTIN_RUNBOOKS
} from "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import {
  external_exports
} from "./chunk-6GUQTYHU.js";
import {
  RunbookInvalidError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/runbook/graph.js
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// dist/runbook/graph.js
var MAX_LABEL = 60;
var TERMINALS = {
  end: { id: "finished", shape: '(["end"])' },
  abort: { id: "aborted", shape: '(["aborted"])' },
  rollback: { id: "rolledback", shape: '(["rollback"])' }
};
function runbookGraph(runbook, phaseOf) {
  const lines = ["flowchart TD", `  start((" ")) --> ${runbook.steps.length > 0 ? nodeId(0) : TERMINALS.end.id}`];
  const phases = /* @__PURE__ */ new Map();
  runbook.steps.forEach((step, index) => {
    const phase = phaseOf(step, index);
    phases.set(phase, [...phases.get(phase) ?? [], index]);
  });
  const approvals = [];
  for (const [phase, indexes] of phases) {
    lines.push(`  subgraph phase_${safeId(phase)}["${escapeLabel(phase)}"]`, "    direction TB");
    for (const index of indexes) {
      const step = runbook.steps[index];
      if (isParallelStep(step)) {
        lines.push(`    subgraph ${nodeId(index)}["${escapeLabel(`${step.id} (parallel)`)}"]`);
        step.parallel.forEach((branch, branchIndex) => lines.push(`      ${nodeId(index, branchIndex)}["${stepLabel(branch)}"]`));
        lines.push("    end");
      } else if (isApprovalStep(step)) {
        approvals.push(nodeId(index));
        lines.push(`    ${nodeId(index)}{{"${stepLabel(step)}"}}`);
      } else {
        lines.push(`    ${nodeId(index)}["${stepLabel(step)}"]`);
      }
    }
    lines.push("  end");
  }
  const flow = buildFlow(runbook);
  const used = /* @__PURE__ */ new Set();
  for (const edge of flow.edges) {
    if (edge.kind === "failure" && edge.to === "abort")
      continue;
    const target = typeof edge.to === "number" ? nodeId(edge.to) : TERMINALS[edge.to].id;
    if (typeof edge.to !== "number")
      used.add(edge.to);
    lines.push(`  ${edgeSource(edge)} ${arrow(edge)} ${target}`);
  }
  if (runbook.steps.length === 0)
    used.add("end");
  for (const terminal of ["end", "abort", "rollback"]) {
    if (used.has(terminal))
      lines.push(`  ${TERMINALS[terminal].id}${TERMINALS[terminal].shape}`);
  }
  if (approvals.length > 0) {
    lines.push("  classDef approval fill:#fff4d6,stroke:#b7791f", `  class ${approvals.join(",")} approval`);
  }
  return `${lines.join("\n")}
`;
}
function nodeId(index, branch) {
  return branch === void 0 ? `step${index}` : `step${index}_${branch}`;
}
function edgeSource(edge) {
  const [, , where, branch] = edge.source;
  return where === "parallel" && typeof branch === "number" ? nodeId(edge.from, branch) : nodeId(edge.from);
}
function arrow(edge) {
  const label = edge.kind === "next" && edge.label !== void 0 ? `if ${edge.label}` : edge.label;
  const dashed = edge.kind === "failure" || edge.kind === "reject" || edge.kind === "timeout";
  const line = dashed ? "-.->" : "-->";
  return label === void 0 ? line : `${line}|"${escapeLabel(truncate(label))}"|`;
}
function stepLabel(step) {
  const title = step.name ? `${step.id}: ${step.name}` : step.id;
  let detail;
  if (isApprovalStep(step)) {
    const { roles, quorum, timeout } = step.approval;
    detail = `approval: ${roles.join(", ")}${quorum > 1 ? ` \xD7${quorum}` : ""}${timeout ? `, ${timeout}` : ""}`;
  } else if (isActionStep(step)) {
    const auto = step.auto ? " (auto)" : "";
    detail = `${step.uses}${auto}${findAction(step.uses) ? "" : " (unknown action)"}`;
  } else {
    detail = "parallel";
  }
  const condition = step.if !== void 0 ? `<br/>${escapeLabel(`if ${truncate(step.if)}`)}` : "";
  return `${escapeLabel(truncate(title))}<br/>${escapeLabel(detail)}${condition}`;
}
function truncate(text) {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_LABEL ? `${oneLine.slice(0, MAX_LABEL - 1)}\u2026` : oneLine;
}
function escapeLabel(text) {
  return [...text].map((char) => /[A-Za-z0-9 _.,:/()=!'+×…-]/.test(char) ? char : `#${char.codePointAt(0)};`).join("");
}
function safeId(text) {
  return text.replace(/[^A-Za-z0-9_]/g, "_");
}

// dist/cli/commands/runbook/graph.js
function runbookGraphCommand() {
  return new Command("graph").description("a runbook as a Mermaid flowchart (renders in GitHub and GitLab Markdown)").argument("<runbook>", "runbook name (from the runbook directories) or path to a .yaml file").option("-o, --output <file>", "write the graph to this file (.mmd) instead of printing it").action((nameOrPath, options, command) => {
    const output = commandOutput(command);
    const dirs = nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") ? [] : runbookDirs(command);
    const { runbook } = findRunbook(nameOrPath, dirs);
    const phases = stepPhases(runbook);
    const mermaid = runbookGraph(runbook, (step) => phases.get(step.id) ?? "containment");
    if (options.output) {
      mkdirSync(dirname(options.output), { recursive: true });
      writeFileSync(options.output, mermaid);
    }
    if (output.json)
      printJson(output, { name: runbook.name, mermaid, ...options.output ? { file: options.output } : {} });
    else
      output.out(options.output ? `wrote ${options.output}` : mermaid);
  });
}

// dist/cli/commands/runbook/list.js
import { relative } from "node:path";
function stepCount(runbook) {
  return runbook.steps.reduce((count, step) => count + (isParallelStep(step) ? step.parallel.length : 1), 0);
}
function triggerSummary(trigger) {
  const what = trigger.rule ?? trigger.alertname ?? trigger.event ?? trigger.if ?? "*";
  return `${trigger.source}: ${what}`;
}
function runbookOrigin(file) {
  if (file.startsWith(`${BUILTIN_RUNBOOKS}/`))
    return "built-in";
  return displayPath(file);
}
function displayPath(file) {
  const near = relative(process.cwd(), file);
  return near && !near.startsWith("..") ? near : file;
}
function runbookListCommand() {
  return new Command("list").description("the runbooks on the search path (--runbooks dirs, else ./runbooks, then the built-in ones), with severity, steps, triggers and where each comes from; invalid ones with their first problem").action((_options, command) => {
    const output = commandOutput(command);
    const catalog = loadRunbooks(runbookDirs(command));
    const rows = catalog.runbooks.map(({ runbook, file }) => ({
      name: runbook.name,
      valid: true,
      severity: runbook.severity,
      steps: stepCount(runbook),
      triggers: runbook.triggers.map(triggerSummary),
      from: runbookOrigin(file),
      file
    })).sort((a, b) => a.name.localeCompare(b.name));
    const invalid = catalog.invalid.map(({ file, name, error }) => {
      const first = error.issues[0];
      return {
        name,
        valid: false,
        from: runbookOrigin(file),
        file,
        problems: error.issues.length,
        first_problem: first ? `${displayPath(first.file)}:${first.line}:${first.column}: ${first.path ? `${first.path}: ` : ""}${first.message}` : "invalid",
        issues: error.issues
      };
    });
    const overridden = catalog.overridden.map(({ file, name, by }) => ({ name, from: runbookOrigin(file), file, by: runbookOrigin(by) }));
    if (output.json) {
      printJson(output, { runbooks: rows, invalid, overridden });
      return;
    }
    if (rows.length === 0 && invalid.length === 0) {
      output.out("no runbooks found");
      return;
    }
    const lines = [
      ...rows.map((r) => [r.name, r.severity, r.steps, r.triggers.join("; "), r.from]),
      ...invalid.map((r) => [r.name, color.red("INVALID"), "-", r.first_problem, r.from])
    ];
    output.out(table(["NAME", "SEVERITY", "STEPS", "TRIGGERS", "FROM"], lines));
    for (const r of invalid)
      output.err(`${color.yellow("warning:")} ${r.from} is invalid (${r.problems === 1 ? "1 problem" : `${r.problems} problems`}); irctl runbook validate ${r.file}`);
    for (const r of overridden)
      output.err(`${r.name} from ${r.from} is overridden by ${r.by}`);
  });
}

// dist/cli/commands/runbook/schema.js
import { mkdirSync as mkdirSync2, writeFileSync as writeFileSync2 } from "node:fs";
import { dirname as dirname2 } from "node:path";

// dist/runbook/json-schema.js
var RUNBOOK_SCHEMA_ID = "https://irctl.dev/schemas/runbook.schema.json";
var EXPRESSION_REF = "#/$defs/expression";
var STANDARD_FORMATS = /* @__PURE__ */ new Set(["date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uri", "uri-reference", "uuid", "regex"]);
var toJson = (schema) => {
  const json = external_exports.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  visitObjects(json, (node) => {
    if (typeof node.format === "string" && !STANDARD_FORMATS.has(node.format))
      delete node.format;
  });
  return json;
};
function runbookJsonSchema() {
  const root = toJson(runbookSchema);
  const defs = {
    expression: { type: "string", pattern: "\\$\\{\\{", description: "a ${{ }} expression, resolved when the step runs" }
  };
  for (const action of actions) {
    const params = toJson(action.params);
    delete params.$schema;
    defs[actionDefName(action.name)] = { ...acceptExpressions(params), description: action.summary };
  }
  visitObjects(root, (schema) => {
    const properties = schema.properties;
    if (!properties?.uses || !properties.with)
      return;
    properties.uses = { ...properties.uses, enum: actionNames() };
    schema.allOf = actions.map((action) => ({
      if: { properties: { uses: { const: action.name } }, required: ["uses"] },
      then: { properties: { with: { $ref: `#/$defs/${actionDefName(action.name)}` } } }
    }));
  });
  const { $schema, ...rest } = root;
  return {
    $schema,
    $id: RUNBOOK_SCHEMA_ID,
    title: "irctl runbook",
    description: "An incident-response runbook run by irctl (apiVersion irctl/v1, kind Runbook).",
    ...rest,
    $defs: { ...rest.$defs ?? {}, ...defs }
  };
}
function actionDefName(name) {
  return `action.${name}`;
}
function acceptExpressions(schema) {
  const wrap = (inner) => {
    const { description, default: fallback, ...shape } = acceptExpressions(inner);
    return {
      ...description === void 0 ? {} : { description },
      ...fallback === void 0 ? {} : { default: fallback },
      anyOf: [shape, { $ref: EXPRESSION_REF }]
    };
  };
  const result = { ...schema };
  if (isSchema(schema.properties)) {
    result.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, inner]) => [key, wrap(inner)]));
  }
  if (isSchema(schema.items))
    result.items = wrap(schema.items);
  if (isSchema(schema.additionalProperties))
    result.additionalProperties = wrap(schema.additionalProperties);
  if (Array.isArray(schema.prefixItems))
    result.prefixItems = schema.prefixItems.map((inner) => wrap(inner));
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    if (Array.isArray(schema[key]))
      result[key] = schema[key].map(acceptExpressions);
  }
  return result;
}
function isSchema(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function visitObjects(value, visit) {
  if (Array.isArray(value)) {
    value.forEach((item) => visitObjects(item, visit));
    return;
  }
  if (!isSchema(value))
    return;
  visit(value);
  for (const inner of Object.values(value))
    visitObjects(inner, visit);
}

// dist/cli/commands/runbook/schema.js
function runbookSchemaCommand() {
  return new Command("schema").description("the JSON Schema of runbooks (draft 2020-12), for editors such as yaml-language-server").option("-o, --output <file>", "write it to this file, e.g. runbooks/runbook.schema.json").action((options, command) => {
    const output = commandOutput(command);
    const schema = runbookJsonSchema();
    if (!options.output) {
      printJson(output, schema);
      return;
    }
    mkdirSync2(dirname2(options.output), { recursive: true });
    writeFileSync2(options.output, `${JSON.stringify(schema, null, 2)}
`);
    if (output.json)
      printJson(output, { file: options.output });
    else
      output.out(`wrote ${options.output}`);
  });
}

// dist/cli/commands/runbook/show.js
var SLA = { critical: "4h", high: "24h", medium: "1 week", low: "1 month" };
function whatItDoes(step) {
  if (isApprovalStep(step)) {
    const { roles, quorum, timeout } = step.approval;
    return `approval by ${roles.join("|")}${quorum > 1 ? ` \xD7${quorum}` : ""}${timeout ? ` within ${timeout}` : ""}`;
  }
  if (isParallelStep(step))
    return `parallel: ${step.parallel.map((branch) => branch.id).join(", ")}`;
  return `${step.uses}${step.auto ? " (auto)" : ""}`;
}
function flowOf(step) {
  const parts = [];
  if (step.if !== void 0)
    parts.push(`if ${step.if}`);
  if (typeof step.next === "string")
    parts.push(`next ${step.next}`);
  else if (step.next)
    parts.push(`next ${step.next.map((branch) => branch.if ? `${branch.goto} if ${branch.if}` : branch.goto).join(" | ")}`);
  if (step.on_failure !== "abort")
    parts.push(`on failure ${step.on_failure}`);
  if (isApprovalStep(step))
    parts.push(`rejected \u2192 ${step.approval.on_reject}`);
  return parts.join("; ");
}
function stepRows(runbook) {
  const phases = stepPhases(runbook);
  const rows = [];
  runbook.steps.forEach((step, index) => {
    rows.push([String(index + 1), step.id, phases.get(step.id) ?? "", whatItDoes(step), flowOf(step)]);
    if (isParallelStep(step)) {
      for (const branch of step.parallel)
        rows.push(["", `  ${branch.id}`, "", whatItDoes(branch), flowOf(branch)]);
    }
  });
  return rows;
}
function runbookShowCommand() {
  return new Command("show").description("a runbook: summary, inputs, triggers and steps").argument("<runbook>", "runbook name (from the runbook directories) or path to a .yaml file").action((nameOrPath, _options, command) => {
    const output = commandOutput(command);
    const dirs = nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") ? [] : runbookDirs(command);
    const { runbook, file } = findRunbook(nameOrPath, dirs);
    if (output.json) {
      printJson(output, { file, runbook });
      return;
    }
    output.out(`${color.bold(runbook.name)}  ${runbook.severity} (respond within ${SLA[runbook.severity]})  ${plural(stepCount(runbook), "step")}  ${file}`);
    if (runbook.description)
      output.out(runbook.description.trim());
    const inputs = Object.entries(runbook.inputs);
    if (inputs.length > 0) {
      output.out(`
${color.bold("Inputs")}`);
      output.out(table(["NAME", "TYPE", "REQUIRED", "DEFAULT", "DESCRIPTION"], inputs.map(([name, input]) => [
        name,
        input.type,
        input.required ? "yes" : "no",
        input.default === void 0 ? "" : String(input.default),
        input.description ?? ""
      ])));
    }
    if (runbook.triggers.length > 0) {
      output.out(`
${color.bold("Triggers")}`);
      for (const trigger of runbook.triggers)
        output.out(`  ${triggerSummary(trigger)}${trigger.priority ? ` (priority ${trigger.priority})` : ""}`);
    }
    output.out(`
${color.bold("Steps")}`);
    output.out(table(["#", "STEP", "PHASE", "DOES", "FLOW"], stepRows(runbook)));
  });
}

// dist/cli/commands/runbook/validate.js
import { existsSync } from "node:fs";
function validateOne(target, dirs) {
  try {
    const loaded = existsSync(target) ? loadRunbookFile(target) : findRunbook(target, dirs());
    return { file: loaded.file, valid: true, issues: [] };
  } catch (error) {
    if (error instanceof RunbookInvalidError)
      return { file: error.issues[0]?.file ?? target, valid: false, issues: error.issues };
    throw error;
  }
}
function runbookValidateCommand() {
  return new Command("validate").description("check runbook files: schema, actions and their parameters, step references, reachability, loops, expressions (exit 2 on any problem)").argument("[runbooks...]", "runbook YAML files, or names from irctl runbook list (none: every file on the runbook search path)").action((files, _options, command) => {
    const output = commandOutput(command);
    const targets = files.length > 0 ? files : searchPathFiles(runbookDirs(command));
    const results = targets.map((file) => validateOne(file, () => runbookDirs(command)));
    const issues = results.flatMap((result) => result.issues);
    if (output.json)
      printJson(output, { valid: issues.length === 0, files: results });
    else
      for (const result of results.filter((r) => r.valid))
        output.out(`${color.green("ok")} ${result.file}`);
    if (issues.length > 0) {
      const invalid = results.filter((result) => !result.valid).map((result) => result.file);
      throw new RunbookInvalidError(issues, {
        hint: `${plural(issues.length, "problem")} in ${invalid.length} of ${plural(results.length, "file")}; fix them and run irctl runbook validate again`,
        details: { issues }
      });
    }
  });
}
function searchPathFiles(dirs) {
  const catalog = loadRunbooks(dirs);
  return [...catalog.runbooks.map((loaded) => loaded.file), ...catalog.invalid.map((broken) => broken.file), ...catalog.overridden.map((o) => o.file)].sort();
}

// dist/cli/commands/runbook/index.js
function registerRunbookCommands(program) {
  const runbook = program.command("runbook").description("runbooks: validate, list, show, graph (Mermaid), JSON Schema");
  for (const command of [runbookValidateCommand(), runbookListCommand(), runbookShowCommand(), runbookGraphCommand(), runbookSchemaCommand()]) {
    runbook.addCommand(command.copyInheritedSettings(runbook));
  }
}
export {
  registerRunbookCommands
};
