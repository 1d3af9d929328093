import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  actionNames,
  findAction
} from "./chunk-QXBLVMJS.js";
import {
  ExpressionError,
  buildFlow,
  hasExpression,
  isActionStep,
  isApprovalStep,
  loopsWithNoWayOut,
  runbookSchema,
  stepEntries,
  templateReferences,
  unreachableSteps
} from "./chunk-C77XJCVS.js";
import {
  require_dist
} from "./chunk-NIIPEV7D.js";
import {
  NotFoundError,
  RunbookInvalidError,
  UsageError
} from "./chunk-HPPMOGYY.js";
import {
  __toESM
} from "./chunk-VF57VZD3.js";

// dist/runbook/load.js
var import_yaml3 = __toESM(require_dist(), 1);
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";

// dist/runbook/problem.js
function describeValue(value) {
  if (value === void 0)
    return "nothing";
  if (value === null)
    return "null";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}\u2026` : value);
  if (typeof value === "number" || typeof value === "boolean")
    return String(value);
  if (Array.isArray(value))
    return "a list";
  return "a mapping";
}
function valueAt(data, path) {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object")
      return void 0;
    if (!Object.prototype.hasOwnProperty.call(current, segment))
      return void 0;
    current = current[segment];
  }
  return current;
}
function nearest(word, candidates) {
  let best;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
var SYNONYMS = {
  timeout: ["grace_period", "stop_timeout", "health_timeout"],
  grace: ["grace_period"],
  wait: ["grace_period", "duration"],
  name: ["container"],
  id: ["container"],
  cmd: ["command"],
  args: ["command"],
  tag: ["image"],
  ip: ["address"],
  source: ["address"],
  ttl: ["expires"],
  duration: ["expires"]
};
function didYouMean(word, candidates) {
  const known = [...candidates];
  const suggestion = nearest(word, known) ?? SYNONYMS[word.toLowerCase()]?.find((synonym) => known.includes(synonym));
  return suggestion ? ` (did you mean "${suggestion}"?)` : "";
}
function editDistance(a, b) {
  if (Math.abs(a.length - b.length) > 8)
    return Math.abs(a.length - b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

// dist/runbook/schema-issues.js
var STEP_KINDS = ["uses", "approval", "parallel"];
var UNION_EXPECTATIONS = {
  next: 'expected a step id, "end", or a list of { if, goto }',
  default: "expected a string, a number or a boolean",
  on_failure: "expected abort, continue, rollback or a step id"
};
function schemaProblems(issues, data, knownKeys, base = []) {
  return issues.flatMap((issue) => problemsOf(issue, data, knownKeys, base));
}
function problemsOf(issue, data, knownKeys, base) {
  const path = [...base, ...issue.path];
  const value = valueAt(data, path);
  switch (issue.code) {
    case "invalid_type": {
      if (value === void 0) {
        const key = path[path.length - 1];
        return [{ path, message: `missing required key "${String(key)}" (expected ${article(issue.expected)})` }];
      }
      return [{ path, message: `expected ${article(issue.expected)}, got ${describeValue(value)}` }];
    }
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `unknown key ${describeValue(key)}${didYouMean(key, knownKeys)}`
      }));
    case "invalid_value": {
      const options = issue.values.map((option) => JSON.stringify(option));
      const expected = options.length === 1 ? options[0] : `one of ${options.join(", ")}`;
      if (value === void 0)
        return [{ path, message: `missing required key "${String(path[path.length - 1])}" (expected ${expected})` }];
      const choices = issue.values.filter((option) => typeof option === "string");
      const hint = typeof value === "string" ? didYouMean(value, choices) : "";
      return [{ path, message: `expected ${expected}, got ${describeValue(value)}${hint}` }];
    }
    case "invalid_union":
      return unionProblems(issue, path, value, data, knownKeys);
    case "invalid_key": {
      const reason = issue.issues.map((inner) => inner.message).join("; ");
      return [{ path, atKey: true, message: `key ${describeValue(String(path[path.length - 1]))} is not allowed: ${reason}` }];
    }
    case "invalid_element":
      return [{ path, message: issue.message }];
    case "too_small":
      return [{ path, message: `${sizeMessage("at least", issue.origin, issue.minimum, issue.inclusive)}, got ${describeSize(value)}` }];
    case "too_big":
      return [{ path, message: `${sizeMessage("at most", issue.origin, issue.maximum, issue.inclusive)}, got ${describeSize(value)}` }];
    case "invalid_format": {
      const expected = issue.message.startsWith("Invalid") ? `expected text matching ${issue.pattern ?? issue.format}` : issue.message;
      return [{ path, message: `${expected}, got ${describeValue(value)}` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}
function unionProblems(issue, path, value, data, knownKeys) {
  const branches = issue.errors;
  if (value !== null && typeof value === "object" && !Array.isArray(value) && branches.length === STEP_KINDS.length) {
    const present = STEP_KINDS.filter((kind) => Object.prototype.hasOwnProperty.call(value, kind));
    if (present.length === 1) {
      return schemaProblems(branches[STEP_KINDS.indexOf(present[0])], data, knownKeys, path);
    }
    if (present.length > 1) {
      return [{ path: [...path, present[1]], atKey: true, message: `a step has exactly one of uses, approval or parallel; found ${present.join(" and ")}` }];
    }
    return [{ path, message: "expected a step with uses (run an action), approval (wait for a human) or parallel (a group of actions)" }];
  }
  const matchedShape = branches.filter((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
  if (matchedShape.length === 1)
    return schemaProblems(matchedShape[0], data, knownKeys, path);
  const key = path[path.length - 1];
  const expected = typeof key === "string" && UNION_EXPECTATIONS[key] ? UNION_EXPECTATIONS[key] : `expected ${unionExpectation(branches)}`;
  return [{ path, message: `${expected}, got ${describeValue(value)}` }];
}
function unionExpectation(branches) {
  const expected = /* @__PURE__ */ new Set();
  for (const branch of branches) {
    for (const inner of branch) {
      if (inner.code === "invalid_type")
        expected.add(article(inner.expected));
      else if (inner.code === "invalid_value")
        for (const option of inner.values)
          expected.add(JSON.stringify(option));
    }
  }
  return expected.size > 0 ? [...expected].join(" or ") : "a different value";
}
function article(type) {
  const names = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    number: "a number",
    int: "an integer",
    boolean: "true or false",
    record: "a mapping"
  };
  return names[type] ?? type;
}
function sizeMessage(bound, origin, limit, inclusive) {
  const amount = Number(limit) + (inclusive === false ? bound === "at least" ? 1 : -1 : 0);
  if (origin === "array" || origin === "set")
    return `expected ${bound} ${amount} item${amount === 1 ? "" : "s"}`;
  if (origin === "string")
    return `expected ${bound} ${amount} character${amount === 1 ? "" : "s"}`;
  return `expected a number ${bound === "at least" ? "\u2265" : "\u2264"} ${Number(limit)}${inclusive === false ? " (exclusive)" : ""}`;
}
function describeSize(value) {
  if (Array.isArray(value))
    return `${value.length} item${value.length === 1 ? "" : "s"}`;
  return describeValue(value);
}
function schemaKeys(schema, into = /* @__PURE__ */ new Set(), seen = /* @__PURE__ */ new Set()) {
  if (seen.has(schema))
    return into;
  seen.add(schema);
  const def = schema._zod.def;
  const visit2 = (inner) => {
    if (inner && typeof inner === "object" && "_zod" in inner)
      schemaKeys(inner, into, seen);
  };
  if (def.type === "object") {
    const shape = def.shape;
    for (const [key, inner] of Object.entries(shape)) {
      into.add(key);
      visit2(inner);
    }
  }
  for (const field of ["innerType", "element", "valueType", "in", "out"])
    visit2(def[field]);
  if (Array.isArray(def.options))
    def.options.forEach(visit2);
  return into;
}

// dist/runbook/checks/actions.js
function checkActions(runbook) {
  const problems = [];
  for (const { step, path } of stepEntries(runbook)) {
    if (!isActionStep(step))
      continue;
    const action = findAction(step.uses);
    if (!action) {
      problems.push({
        path: [...path, "uses"],
        message: `unknown action ${describeValue(step.uses)}${didYouMean(step.uses, actionNames())}; see irctl actions list`
      });
      continue;
    }
    const parsed = action.params.safeParse(step.with);
    if (!parsed.success) {
      const decided = parsed.error.issues.filter((issue) => !passesThroughExpression(step.with, issue.path));
      problems.push(...schemaProblems(decided, runbook, schemaKeys(action.params), [...path, "with"]));
    }
    if (step.auto && !action.auto) {
      problems.push({
        path: [...path, "auto"],
        message: `action "${action.name}" may not run automatically: it needs a human to start it; remove auto: true`
      });
    }
  }
  return problems;
}
function passesThroughExpression(params, path) {
  for (let length = 1; length <= path.length; length++) {
    const value = valueAt(params, path.slice(0, length));
    if (typeof value === "string" && hasExpression(value))
      return true;
  }
  return false;
}

// dist/runbook/checks/expressions.js
var EXPRESSION_ROOTS = ["inputs", "steps", "alert", "incident"];
var FORBIDDEN_PROPERTIES = /* @__PURE__ */ new Set(["__proto__", "prototype", "constructor"]);
function checkExpressions(runbook) {
  const problems = [];
  const inputNames = Object.keys(runbook.inputs);
  const stepOrder = /* @__PURE__ */ new Map();
  for (const entry of stepEntries(runbook))
    if (!stepOrder.has(entry.step.id))
      stepOrder.set(entry.step.id, entry.order);
  const checkString = (text, path, bare, place) => {
    if (!bare && !hasExpression(text))
      return;
    let references;
    try {
      references = templateReferences(text, bare);
    } catch (error) {
      if (!(error instanceof ExpressionError))
        throw error;
      problems.push({ path, offset: error.offset, message: `bad expression: ${error.message}` });
      return;
    }
    for (const reference of references) {
      const message = referenceProblem(reference, place, inputNames, stepOrder);
      if (message)
        problems.push({ path, offset: reference.offset, message });
    }
  };
  const checkDeep = (value, path, place) => {
    if (typeof value === "string")
      checkString(value, path, false, place);
    else if (Array.isArray(value))
      value.forEach((item, index) => checkDeep(item, [...path, index], place));
    else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value))
        checkDeep(item, [...path, key], place);
    }
  };
  runbook.triggers.forEach((trigger, index) => {
    const path = ["triggers", index];
    if (trigger.if !== void 0)
      checkString(trigger.if, [...path, "if"], true, {});
    checkDeep(trigger.inputs, [...path, "inputs"], {});
  });
  for (const { step, path, order } of stepEntries(runbook)) {
    const place = { order, stepId: step.id };
    if (step.if !== void 0)
      checkString(step.if, [...path, "if"], true, place);
    const after = { ...place, afterStep: true };
    if (Array.isArray(step.next))
      step.next.forEach((branch, index) => branch.if !== void 0 && checkString(branch.if, [...path, "next", index, "if"], true, after));
    if (step.name !== void 0)
      checkString(step.name, [...path, "name"], false, place);
    if ("with" in step)
      checkDeep(step.with, [...path, "with"], place);
    if (isApprovalStep(step) && step.approval.message !== void 0)
      checkString(step.approval.message, [...path, "approval", "message"], false, place);
  }
  return problems;
}
function referenceProblem(reference, place, inputNames, stepOrder) {
  const forbidden = [reference.root, ...reference.path].find((name) => FORBIDDEN_PROPERTIES.has(name));
  if (forbidden)
    return `"${forbidden}" is not allowed in an expression`;
  const [first] = reference.path;
  switch (reference.root) {
    case "inputs":
      if (first === void 0 || inputNames.includes(first))
        return void 0;
      return inputNames.length === 0 ? `input "${first}" is not declared: this runbook declares no inputs` : `input "${first}" is not declared${didYouMean(first, inputNames)}; declared: ${inputNames.join(", ")}`;
    case "steps": {
      if (first === void 0)
        return void 0;
      if (place.order === void 0)
        return `a trigger is evaluated before any step runs: it cannot read steps.${first}`;
      const order = stepOrder.get(first);
      if (order === void 0)
        return `step "${first}" does not exist${didYouMean(first, stepOrder.keys())}`;
      if (place.afterStep && order <= place.order)
        return void 0;
      if (first === place.stepId)
        return `step "${first}" cannot read its own outputs before it has run`;
      if (order >= place.order)
        return `step "${first}" has not run yet when this is evaluated: a step can only read steps before it`;
      return void 0;
    }
    case "alert":
    case "incident":
      return void 0;
    default:
      return `unknown name "${reference.root}"${didYouMean(reference.root, EXPRESSION_ROOTS)}; an expression starts with ${EXPRESSION_ROOTS.join(", ")}`;
  }
}

// dist/runbook/checks/flow.js
function checkFlow(runbook) {
  const flow = buildFlow(runbook);
  const problems = [];
  for (const index of unreachableSteps(flow)) {
    const before = runbook.steps[index - 1];
    const why = before?.next !== void 0 ? ` (step "${before.id}" before it always jumps away with next)` : "";
    problems.push({
      path: ["steps", index],
      message: `step "${runbook.steps[index].id}" can never run${why}: no step continues to it and no next, on_failure, on_reject or on_timeout names it`
    });
  }
  for (const loop of loopsWithNoWayOut(flow)) {
    const ids = loop.map((index) => `"${runbook.steps[index].id}"`).join(", ");
    const jump = flow.edges.find((edge) => edge.kind === "next" && loop.includes(edge.from));
    problems.push({
      path: jump?.source ?? ["steps", loop[0]],
      message: `loop with no way out: steps ${ids} only ever lead to each other; let one of them leave: a next entry with an if, next: end, or an approval gate`
    });
  }
  return problems;
}

// dist/runbook/checks/inputs.js
function checkInputs(runbook) {
  const problems = [];
  for (const [name, input] of Object.entries(runbook.inputs)) {
    const path = ["inputs", name];
    let pattern;
    if (input.pattern !== void 0) {
      if (input.type !== "string") {
        problems.push({ path: [...path, "pattern"], message: `pattern applies only to string inputs, but input "${name}" is a ${input.type}` });
      }
      try {
        pattern = new RegExp(input.pattern);
      } catch (error) {
        problems.push({ path: [...path, "pattern"], message: `pattern is not a valid regular expression: ${error.message}` });
      }
    }
    if (input.default === void 0)
      continue;
    if (typeof input.default !== input.type) {
      problems.push({
        path: [...path, "default"],
        message: `default ${describeValue(input.default)} is not a ${input.type} (input "${name}" has type ${input.type})`
      });
    } else if (pattern && typeof input.default === "string" && !pattern.test(input.default)) {
      problems.push({ path: [...path, "default"], message: `default ${describeValue(input.default)} does not match the input's pattern ${input.pattern}` });
    }
  }
  const declared = Object.keys(runbook.inputs);
  runbook.triggers.forEach((trigger, index) => {
    for (const name of Object.keys(trigger.inputs)) {
      if (declared.includes(name))
        continue;
      problems.push({
        path: ["triggers", index, "inputs", name],
        atKey: true,
        message: `trigger sets input "${name}" that the runbook does not declare${didYouMean(name, declared)}`
      });
    }
  });
  return problems;
}

// dist/runbook/positions.js
var import_yaml = __toESM(require_dist(), 1);
function formatPath(path) {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number")
      text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment))
      text += text ? `.${segment}` : segment;
    else
      text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
function positionInText(source, offset) {
  let line = 1;
  let lineStart = 0;
  for (let index = source.indexOf("\n"); index !== -1 && index < offset; index = source.indexOf("\n", index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
var SourceLocator = class {
  source;
  doc;
  lineCounter;
  constructor(source, doc, lineCounter) {
    this.source = source;
    this.doc = doc;
    this.lineCounter = lineCounter;
  }
  /** Line and column of an offset into the source. */
  positionOf(offset) {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
  /** The value at `path`; for a missing key, the mapping that lacks it. */
  locate(path) {
    return this.positionOf(this.startOf(path, "value"));
  }
  /** The key at `path` (an unknown key is reported at its name, not its value). */
  locateKey(path) {
    return this.positionOf(this.startOf(path, "key"));
  }
  /** The position of character `offset` inside the string value at `path`, when the source
   *  spells that string out literally on one line; otherwise the start of the value. */
  locateInString(path, offset) {
    const found = this.find(path);
    const node = found.node;
    if (!found.exact || !(0, import_yaml.isScalar)(node) || typeof node.value !== "string" || !node.range)
      return this.locate(path);
    const start = node.range[0];
    const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
    const bodyStart = quoted ? start + 1 : start;
    const source = this.source.slice(bodyStart, bodyStart + node.value.length);
    if (source !== node.value || node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED")
      return this.positionOf(start);
    return this.positionOf(bodyStart + Math.min(offset, node.value.length));
  }
  startOf(path, prefer) {
    const found = this.find(path);
    const node = prefer === "key" && found.exact && found.keyNode ? found.keyNode : found.node ?? found.keyNode;
    const range = node?.range;
    if (range)
      return range[0];
    return found.keyNode?.range?.[0] ?? 0;
  }
  find(path) {
    let node = this.resolve(this.doc?.contents ?? null);
    let keyNode = null;
    for (const segment of path) {
      if ((0, import_yaml.isMap)(node)) {
        const pair = node.items.find((item) => keyText(item.key) === String(segment));
        if (!pair)
          return { node, keyNode: null, exact: false };
        keyNode = pair.key ?? null;
        node = this.resolve(pair.value ?? null) ?? keyNode;
      } else if ((0, import_yaml.isSeq)(node) && typeof segment === "number" && segment < node.items.length) {
        keyNode = null;
        node = this.resolve(node.items[segment] ?? null);
      } else {
        return { node, keyNode: null, exact: false };
      }
    }
    return { node, keyNode, exact: true };
  }
  resolve(node) {
    if ((0, import_yaml.isAlias)(node) && this.doc)
      return node.resolve(this.doc) ?? node;
    return node;
  }
};
function keyText(key) {
  if ((0, import_yaml.isScalar)(key))
    return String(key.value);
  return typeof key === "string" ? key : void 0;
}

// dist/runbook/checks/references.js
function checkReferences(runbook) {
  const entries = stepEntries(runbook);
  return [...duplicateIds(entries), ...danglingReferences(runbook, entries)];
}
function duplicateIds(entries) {
  const firstUse = /* @__PURE__ */ new Map();
  const problems = [];
  for (const entry of entries) {
    const first = firstUse.get(entry.step.id);
    if (first) {
      problems.push({ path: [...entry.path, "id"], message: `duplicate step id "${entry.step.id}": already used by ${formatPath(first.path)}` });
    } else {
      firstUse.set(entry.step.id, entry);
    }
  }
  return problems;
}
function danglingReferences(runbook, entries) {
  const topLevel = new Set(runbook.steps.map((step) => step.id));
  const branchOf = new Map(entries.filter((entry) => entry.group).map((entry) => [entry.step.id, entry.group.id]));
  const problems = [];
  const check = (name, outcomes, path) => {
    if (outcomes.includes(name) || topLevel.has(name))
      return;
    const group = branchOf.get(name);
    if (group !== void 0) {
      problems.push({ path, message: `step "${name}" is a branch of parallel group "${group}": jump to the group "${group}" instead` });
      return;
    }
    const expected = `${outcomes.join(", ")} or a step id`;
    problems.push({ path, message: `unknown step ${describeValue(name)}${didYouMean(name, topLevel)}; expected ${expected}` });
  };
  for (const entry of entries) {
    const { step, path } = entry;
    if (entry.group && step.next !== void 0) {
      problems.push({
        path: [...path, "next"],
        message: `a branch of parallel group "${entry.group.id}" cannot jump: the group goes on as one; put next on the group`
      });
      continue;
    }
    if (typeof step.next === "string")
      check(step.next, ["end"], [...path, "next"]);
    else
      step.next?.forEach((branch, index) => check(branch.goto, ["end"], [...path, "next", index, "goto"]));
    check(step.on_failure, ["abort", "continue", "rollback"], [...path, "on_failure"]);
    if (isApprovalStep(step)) {
      check(step.approval.on_reject, ["abort", "continue", "rollback"], [...path, "approval", "on_reject"]);
      check(step.approval.on_timeout, ["abort", "continue"], [...path, "approval", "on_timeout"]);
    }
  }
  return problems;
}

// dist/runbook/checks/index.js
function checkRunbook(runbook, options = {}) {
  return [
    ...checkInputs(runbook),
    ...checkActions(runbook),
    ...checkReferences(runbook),
    ...options.flow === false ? [] : checkFlow(runbook),
    ...checkExpressions(runbook)
  ];
}

// dist/runbook/salvage.js
var MAX_ROUNDS = 5;
var STRUCTURAL_KEYS = /* @__PURE__ */ new Set(["id", "uses", "approval", "parallel"]);
var STAND_INS = { apiVersion: "irctl/v1", kind: "Runbook", name: "runbook", severity: "low" };
var FLOW_KEYS = /* @__PURE__ */ new Set(["next", "goto", "if", "on_failure", "on_reject", "on_timeout", "parallel"]);
function problemsBeyondSchema(data, firstProblems, knownKeys) {
  const copy = structuredClone(data);
  const removed = [];
  let problems = firstProblems;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const problem of problems) {
      if (!removeAt(copy, problem.path))
        return [];
      removed.push(problem.path);
    }
    const parsed = runbookSchema.safeParse(copy);
    if (parsed.success) {
      const touchedFlow = removed.some((path) => path.some((part) => typeof part === "string" && FLOW_KEYS.has(part)));
      return checkRunbook(parsed.data, { flow: !touchedFlow }).filter((problem) => !removed.some((path) => startsWith(problem.path, path)));
    }
    problems = schemaProblems(parsed.error.issues, copy, knownKeys);
  }
  return [];
}
function removeAt(data, path) {
  const key = path[path.length - 1];
  const parent = valueAt(data, path.slice(0, -1));
  if (typeof key !== "string" || STRUCTURAL_KEYS.has(key) || parent === null || typeof parent !== "object" || Array.isArray(parent))
    return false;
  if (path.length === 1 && key in STAND_INS) {
    parent[key] = STAND_INS[key];
    return true;
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key))
    return false;
  delete parent[key];
  return true;
}
function startsWith(path, prefix) {
  return prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
}

// dist/runbook/nesting.js
var import_yaml2 = __toESM(require_dist(), 1);
var MAX_FLOW_DEPTH = 64;
var MAX_BLOCK_COLUMN = 256;
var SYNTHETIC = /* @__PURE__ */ new Set([import_yaml2.CST.DOCUMENT, import_yaml2.CST.FLOW_END, import_yaml2.CST.SCALAR]);
function excessiveNesting(source) {
  let offset = 0;
  let lineStart = 0;
  let leading = true;
  let flowDepth = 0;
  for (const token of new import_yaml2.Lexer().lex(source)) {
    if (SYNTHETIC.has(token))
      continue;
    const type = import_yaml2.CST.tokenType(token);
    if (type === "flow-map-start" || type === "flow-seq-start") {
      if (++flowDepth > MAX_FLOW_DEPTH) {
        return { offset, message: `brackets nested deeper than ${MAX_FLOW_DEPTH} levels; a runbook never needs that many` };
      }
    } else if (type === "flow-map-end" || type === "flow-seq-end") {
      flowDepth = Math.max(0, flowDepth - 1);
    }
    if (type === "newline") {
      lineStart = offset + token.length;
      leading = true;
    } else if (type === "space" || type === "seq-item-ind" || type === "explicit-key-ind") {
      if (leading && flowDepth === 0 && offset + token.length - lineStart > MAX_BLOCK_COLUMN) {
        return { offset, message: `indented or nested deeper than ${MAX_BLOCK_COLUMN} columns; a runbook never needs that much` };
      }
    } else {
      leading = false;
    }
    offset += token.length;
  }
  return void 0;
}

// dist/runbook/load.js
var MAX_RUNBOOK_BYTES = 1024 * 1024;
var MAX_ALIAS_COUNT = 50;
var MAX_DATA_DEPTH = 256;
var MAX_MESSAGE_LENGTH = 300;
var RUNBOOK_KEYS = schemaKeys(runbookSchema);
var YAML_ERRORS = {
  DUPLICATE_KEY: "this key appears twice in the same mapping; keep one",
  TAB_AS_INDENT: "a tab is used for indentation; indent with spaces",
  MULTIPLE_DOCS: "a second YAML document (---) starts here; a runbook file holds one document"
};
var LOADED_KEPT = 32;
var loadedRunbooks = /* @__PURE__ */ new Map();
function loadRunbook(source, file) {
  const key = `${file}\0${source}`;
  const kept = loadedRunbooks.get(key);
  if (kept) {
    loadedRunbooks.delete(key);
    loadedRunbooks.set(key, kept);
    return kept;
  }
  const loaded = parseRunbook(source, file);
  deepFreeze(loaded.runbook);
  loadedRunbooks.set(key, Object.freeze(loaded));
  if (loadedRunbooks.size > LOADED_KEPT)
    loadedRunbooks.delete(loadedRunbooks.keys().next().value);
  return loaded;
}
function deepFreeze(value) {
  if (value === null || typeof value !== "object" || Object.isFrozen(value))
    return;
  Object.freeze(value);
  for (const item of Object.values(value))
    deepFreeze(item);
}
function parseRunbook(source, file) {
  const size = Buffer.byteLength(source, "utf8");
  if (size > MAX_RUNBOOK_BYTES)
    throw tooLarge(file, size);
  const nesting = excessiveNesting(source);
  if (nesting)
    throw invalid([{ file, ...positionInText(source, nesting.offset), path: "", message: nesting.message }]);
  const lineCounter = new import_yaml3.LineCounter();
  let doc;
  try {
    doc = (0, import_yaml3.parseDocument)(source, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, keepSourceTokens: false });
  } catch (error) {
    throw invalid([{ file, line: 1, column: 1, path: "", message: `not readable as YAML: ${error.message}` }]);
  }
  const locator = new SourceLocator(source, doc, lineCounter);
  const issueAt = (problem) => {
    const position = problem.sourceOffset !== void 0 ? locator.positionOf(problem.sourceOffset) : problem.offset !== void 0 ? locator.locateInString(problem.path, problem.offset) : problem.atKey ? locator.locateKey(problem.path) : locator.locate(problem.path);
    return { file, ...position, path: clean(formatPath(problem.path)), message: clean(problem.message) };
  };
  if (doc.errors.length > 0) {
    throw invalid(doc.errors.map((error) => ({
      file,
      ...locator.positionOf(error.pos[0]),
      path: "",
      message: clean(`YAML syntax: ${YAML_ERRORS[error.code] ?? error.message}`)
    })));
  }
  if (doc.contents === null) {
    throw invalid([
      {
        file,
        line: 1,
        column: 1,
        path: "",
        message: "the file holds no runbook: expected a mapping with apiVersion: irctl/v1, kind: Runbook, name, severity and steps"
      }
    ]);
  }
  if (!(0, import_yaml3.isMap)(doc.contents)) {
    const found = doc.contents.toJSON?.() ?? null;
    throw invalid([issueAt({ path: [], message: `expected a mapping at the top (apiVersion: irctl/v1, kind: Runbook, \u2026), got ${describeValue(found)}` })]);
  }
  let data;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw invalid([aliasProblem(doc, locator, error)].map(issueAt));
  }
  if (depthOf(data) > MAX_DATA_DEPTH) {
    throw invalid([issueAt({ path: [], message: `values nested deeper than ${MAX_DATA_DEPTH} levels (through aliases); a runbook never needs that many` })]);
  }
  const protoKeys = removeProtoKeys(data);
  const refused = protoKeys.map((path) => ({ path, atKey: true, message: 'key "__proto__" is not allowed' }));
  const parsed = runbookSchema.safeParse(data);
  if (!parsed.success) {
    const problems2 = schemaProblems(parsed.error.issues, data, RUNBOOK_KEYS);
    if (problems2.length === 0)
      throw invalid([...refused, { path: [], message: "does not fit the runbook schema" }].map(issueAt));
    throw invalid([...refused, ...problems2, ...problemsBeyondSchema(data, problems2, RUNBOOK_KEYS)].map(issueAt));
  }
  const problems = [...refused, ...checkRunbook(parsed.data)];
  if (problems.length > 0)
    throw invalid(problems.map(issueAt));
  return { runbook: parsed.data, file, source, locate: (path) => locator.locate(path) };
}
function aliasProblem(doc, locator, error) {
  let unresolved;
  (0, import_yaml3.visit)(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === void 0) {
        unresolved = alias.range?.[0];
        return import_yaml3.visit.BREAK;
      }
      return void 0;
    }
  });
  if (unresolved !== void 0) {
    return { path: [], sourceOffset: unresolved, message: "alias to an anchor that is not defined before it (write &name on a value first, then *name)" };
  }
  return {
    path: [],
    message: `too many alias uses (more than ${MAX_ALIAS_COUNT}): a document that expands like this is refused (${error.message})`
  };
}
function depthOf(data) {
  let deepest = 0;
  const pending = [{ value: data, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop();
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DATA_DEPTH)
      return deepest;
    if (value !== null && typeof value === "object")
      for (const item of Object.values(value))
        pending.push({ value: item, depth: depth + 1 });
  }
  return deepest;
}
function removeProtoKeys(data) {
  const found = [];
  const pending = [{ value: data, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop();
    if (value === null || typeof value !== "object")
      continue;
    if (Object.prototype.hasOwnProperty.call(value, "__proto__")) {
      found.push([...path, "__proto__"]);
      delete value["__proto__"];
    }
    for (const [key, item] of Object.entries(value))
      pending.push({ value: item, path: [...path, Array.isArray(value) ? Number(key) : key] });
  }
  return found;
}
function tooLarge(file, size) {
  return invalid([{ file, line: 1, column: 1, path: "", message: `runbook is ${size} bytes; the limit is ${MAX_RUNBOOK_BYTES} bytes (1 MiB)` }]);
}
function invalid(issues) {
  const seen = /* @__PURE__ */ new Set();
  const unique = issues.filter((issue) => {
    const key = `${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
    if (seen.has(key))
      return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => a.line - b.line || a.column - b.column);
  const file = unique[0]?.file ?? "runbook";
  return new RunbookInvalidError(unique, {
    hint: `fix the problems above, then check again: irctl runbook validate ${file}`,
    details: { issues: unique }
  });
}
function clean(text) {
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return printable.length > MAX_MESSAGE_LENGTH ? `${printable.slice(0, MAX_MESSAGE_LENGTH)}\u2026` : printable;
}
var RUNBOOK_FILE = /\.ya?ml$/i;
var SKIPPED_FILE = /\.schema\.ya?ml$/i;
var MAX_DIR_DEPTH = 4;
function loadRunbookFile(path) {
  const file = resolve(path);
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new NotFoundError(`runbook file ${path} not found`, { hint: "irctl runbook list shows the runbooks irctl knows" });
  }
  if (!stats.isFile())
    throw new NotFoundError(`${path} is not a file`, { hint: "give a runbook .yaml file, or its name" });
  if (stats.size > MAX_RUNBOOK_BYTES)
    throw tooLarge(path, stats.size);
  return loadRunbook(readFileSync(file, "utf8"), path);
}
function loadRunbookDir(dir) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new NotFoundError(`runbook directory ${dir} not found`, { hint: "pass --runbooks DIR[:DIR\u2026] or set IRCTL_RUNBOOKS" });
  }
  const catalog = { runbooks: [], invalid: [], overridden: [] };
  for (const file of runbookFiles(dir, 0)) {
    try {
      catalog.runbooks.push(loadRunbookFile(file));
    } catch (error) {
      if (!(error instanceof RunbookInvalidError))
        throw error;
      catalog.invalid.push({ file, name: claimedName(file), error });
    }
  }
  return catalog;
}
function loadRunbooks(dirs) {
  const catalog = { runbooks: [], invalid: [], overridden: [] };
  const claimedBy = /* @__PURE__ */ new Map();
  for (const dir of dirs) {
    const found = loadRunbookDir(dir);
    const claimedHere = /* @__PURE__ */ new Map();
    const keep = (name, file) => {
      const earlier = claimedBy.get(name);
      if (earlier !== void 0) {
        catalog.overridden.push({ file, name, by: earlier });
        return false;
      }
      claimedHere.set(name, claimedHere.get(name) ?? file);
      return true;
    };
    catalog.runbooks.push(...found.runbooks.filter((loaded) => keep(loaded.runbook.name, loaded.file)));
    catalog.invalid.push(...found.invalid.filter((broken) => keep(broken.name, broken.file)));
    for (const [name, file] of claimedHere)
      claimedBy.set(name, file);
  }
  return catalog;
}
function claimedName(file) {
  try {
    const match = /^name:[ \t]*["']?([A-Za-z0-9][A-Za-z0-9._-]{0,99})["']?[ \t]*(?:#.*)?$/m.exec(readFileSync(file, "utf8").slice(0, MAX_RUNBOOK_BYTES));
    if (match)
      return match[1];
  } catch {
  }
  return basename(file).replace(RUNBOOK_FILE, "");
}
function runbookFiles(dir, depth) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules")
      continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth < MAX_DIR_DEPTH)
      files.push(...runbookFiles(path, depth + 1));
    else if (entry.isFile() && RUNBOOK_FILE.test(entry.name) && !SKIPPED_FILE.test(entry.name))
      files.push(path);
  }
  return files;
}
function findRunbook(nameOrPath, dirs) {
  if (RUNBOOK_FILE.test(nameOrPath) || nameOrPath.includes("/") && existsSync(nameOrPath))
    return loadRunbookFile(nameOrPath);
  const catalog = loadRunbooks(dirs.filter((dir) => existsSync(dir)));
  const matches = catalog.runbooks.filter((loaded) => loaded.runbook.name === nameOrPath);
  if (matches.length === 1)
    return matches[0];
  if (matches.length > 1) {
    throw new UsageError(`runbook name "${nameOrPath}" is used by ${matches.length} files: ${matches.map((m) => m.file).join(", ")}`, {
      hint: "give the file path instead, or rename one of them"
    });
  }
  const broken = catalog.invalid.find(({ name }) => name === nameOrPath) ?? catalog.invalid.find(({ file }) => basename(file).replace(RUNBOOK_FILE, "") === nameOrPath);
  if (broken)
    throw broken.error;
  const names = catalog.runbooks.map((loaded) => loaded.runbook.name).sort();
  throw new NotFoundError(`runbook "${nameOrPath}" not found in ${dirs.join(", ")}${names.length > 0 ? `; available: ${names.join(", ")}` : "; no runbooks there"}`, { hint: "irctl runbook list, or give the path to a .yaml file" });
}

export {
  didYouMean,
  loadRunbook,
  loadRunbookFile,
  loadRunbooks,
  findRunbook
};
