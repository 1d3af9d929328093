import {
  durationSchema
} from "./chunk-5OCVQCD3.js";

// dist/runbook/schema.js
import { z } from "zod";
var STEP_ID = /^[a-z][a-z0-9_-]{0,62}$/;
var stepId = z.string().regex(STEP_ID, "expected a step id: lower-case letters, digits, - and _, starting with a letter");
var severitySchema = z.enum(["critical", "high", "medium", "low"]);
var phaseSchema = z.enum(["containment", "evidence", "investigation", "recovery"]);
var inputSchema = z.object({
  type: z.enum(["string", "number", "boolean"]).default("string"),
  required: z.boolean().default(false),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
  pattern: z.string().optional().describe("a regular expression the value must match (strings)")
}).strict();
var triggerSchema = z.object({
  source: z.enum(["falco", "alertmanager", "grafana", "generic", "docker"]),
  rule: z.string().optional().describe("Falco rule, generic rule name"),
  alertname: z.string().optional().describe("Alertmanager / Grafana alertname label"),
  priority: z.string().optional().describe('comparison such as ">= warning" or "critical"'),
  event: z.string().optional().describe("Docker event action: exec_start, start, oom, die, \u2026"),
  labels: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.string()).optional(),
  output_fields: z.record(z.string(), z.string()).optional(),
  if: z.string().optional().describe("an expression over `alert` that must be true"),
  inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  dedupe_window: durationSchema.optional()
}).strict();
var retrySchema = z.object({
  attempts: z.number().int().min(1).max(20).default(1),
  backoff: durationSchema.default("1s"),
  factor: z.number().min(1).max(10).default(2)
}).strict();
var onFailureSchema = z.union([z.enum(["abort", "continue", "rollback"]), stepId]).describe("abort | continue | rollback | a step id");
var nextSchema = z.union([stepId, z.literal("end"), z.array(z.object({ if: z.string().optional(), goto: z.string() }).strict()).min(1)]);
var escalationSchema = z.object({
  after: durationSchema,
  notify: z.string().describe("who to notify: a role, a person, a channel")
}).strict();
var approvalSchema = z.object({
  message: z.string().optional(),
  roles: z.array(z.string()).min(1).default(["admin"]),
  quorum: z.number().int().min(1).max(10).default(1),
  separate_from_initiator: z.boolean().default(false),
  timeout: durationSchema.optional(),
  on_timeout: z.string().default("abort").describe("abort | continue | a step id"),
  on_reject: z.string().default("abort").describe("abort | continue | rollback | a step id"),
  escalate: z.array(escalationSchema).default([]),
  require_comment: z.boolean().default(false)
}).strict();
var commonStep = {
  id: stepId,
  name: z.string().optional(),
  phase: phaseSchema.optional().describe("defaults to the previous step\u2019s phase (the first defaults to the action\u2019s)"),
  if: z.string().optional().describe("expression; the step is skipped when false"),
  next: nextSchema.optional(),
  on_failure: onFailureSchema.default("abort"),
  timeout: durationSchema.optional()
};
var actionStepSchema = z.object({
  ...commonStep,
  uses: z.string().describe("an action name, e.g. docker.isolate"),
  with: z.record(z.string(), z.unknown()).default({}),
  auto: z.boolean().default(false).describe("may run without a human when an alert opens the incident"),
  retry: retrySchema.optional()
}).strict();
var approvalStepSchema = z.object({
  ...commonStep,
  approval: approvalSchema
}).strict();
var parallelStepSchema = z.object({
  ...commonStep,
  parallel: z.array(actionStepSchema).min(2)
}).strict();
var stepSchema = z.union([actionStepSchema, approvalStepSchema, parallelStepSchema]);
var runbookSchema = z.object({
  $schema: z.string().optional(),
  apiVersion: z.literal("irctl/v1"),
  kind: z.literal("Runbook"),
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "expected a runbook name: lower-case letters, digits and -"),
  description: z.string().optional(),
  severity: severitySchema,
  inputs: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, "expected an input name: lower-case letters, digits and _"), inputSchema).default({}),
  triggers: z.array(triggerSchema).default([]),
  steps: z.array(stepSchema).min(1)
}).strict();
var isApprovalStep = (step) => "approval" in step;
var isParallelStep = (step) => "parallel" in step;
var isActionStep = (step) => "uses" in step;

// dist/runbook/expressions.js
var ExpressionError = class extends Error {
  offset;
  constructor(message, offset) {
    super(message);
    this.offset = offset;
    this.name = "ExpressionError";
  }
};
var MAX_LENGTH = 4096;
var MAX_DEPTH = 64;
var FORBIDDEN_PROPERTIES = /* @__PURE__ */ new Set(["__proto__", "prototype", "constructor"]);
var OPERATORS = ["}}", "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ".", ",", "-"];
function tokenize(text, stopAtClose) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (/[0-9]/.test(ch)) {
      const match = /^\d+(\.\d+)?/.exec(text.slice(i));
      tokens.push({ kind: "num", text: match[0], value: Number(match[0]), at });
      i += match[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let value = "";
      i++;
      for (; ; ) {
        if (i >= text.length)
          throw new ExpressionError("unterminated string", at);
        const c = text[i];
        if (c === ch) {
          if (ch === "'" && text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\\" && ch === '"' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      tokens.push({ kind: "str", text: value, value, at });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i));
      let name = match[0];
      while (name.endsWith("-"))
        name = name.slice(0, -1);
      tokens.push({ kind: "ident", text: name, at });
      i += name.length;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (!op)
      throw new ExpressionError(`unexpected character "${ch}"`, at);
    if (op === "}}" && stopAtClose) {
      tokens.push({ kind: "end", text: "}}", at });
      return { tokens, end: i + 2 };
    }
    tokens.push({ kind: "op", text: op, at });
    i += op.length;
  }
  if (stopAtClose)
    throw new ExpressionError("missing closing }}", text.length);
  tokens.push({ kind: "end", text: "", at: text.length });
  return { tokens, end: text.length };
}
var Parser = class {
  tokens;
  index = 0;
  depth = 0;
  constructor(tokens) {
    this.tokens = tokens;
  }
  parseAll() {
    if (this.peek().kind === "end")
      throw new ExpressionError("empty expression", this.peek().at);
    const node = this.or();
    const next = this.peek();
    if (next.kind !== "end")
      throw new ExpressionError(`unexpected "${next.text}"`, next.at);
    return node;
  }
  peek() {
    return this.tokens[this.index];
  }
  take() {
    return this.tokens[this.index++];
  }
  accept(op) {
    const token = this.peek();
    if (token.kind === "op" && token.text === op) {
      this.index++;
      return true;
    }
    return false;
  }
  expect(op) {
    const token = this.peek();
    if (!this.accept(op))
      throw new ExpressionError(`expected "${op}" but found "${token.text || "end"}"`, token.at);
  }
  nest(fn) {
    if (++this.depth > MAX_DEPTH)
      throw new ExpressionError("expression nested too deeply", this.peek().at);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }
  or() {
    let left = this.and();
    while (this.peek().text === "||" && this.peek().kind === "op") {
      const at = this.take().at;
      left = { type: "binary", op: "||", left, right: this.and(), at };
    }
    return left;
  }
  and() {
    let left = this.comparison();
    while (this.peek().text === "&&" && this.peek().kind === "op") {
      const at = this.take().at;
      left = { type: "binary", op: "&&", left, right: this.comparison(), at };
    }
    return left;
  }
  comparison() {
    const left = this.unary();
    const token = this.peek();
    if (token.kind === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(token.text)) {
      this.take();
      return { type: "binary", op: token.text, left, right: this.unary(), at: token.at };
    }
    return left;
  }
  unary() {
    const token = this.peek();
    if (token.kind === "op" && (token.text === "!" || token.text === "-")) {
      this.take();
      return this.nest(() => ({ type: "unary", op: token.text, operand: this.unary(), at: token.at }));
    }
    return this.postfix();
  }
  postfix() {
    let node = this.primary();
    for (; ; ) {
      const token = this.peek();
      if (this.accept(".")) {
        const name = this.take();
        if (name.kind !== "ident" && name.kind !== "num")
          throw new ExpressionError('expected a property name after "."', name.at);
        node = { type: "member", object: node, property: { type: "literal", value: name.text, at: name.at }, at: token.at };
      } else if (this.accept("[")) {
        const property = this.nest(() => this.or());
        this.expect("]");
        node = { type: "member", object: node, property, at: token.at };
      } else {
        return node;
      }
    }
  }
  primary() {
    const token = this.take();
    switch (token.kind) {
      case "num":
      case "str":
        return { type: "literal", value: token.value, at: token.at };
      case "ident": {
        if (token.text === "true" || token.text === "false")
          return { type: "literal", value: token.text === "true", at: token.at };
        if (token.text === "null")
          return { type: "literal", value: null, at: token.at };
        if (this.accept("(")) {
          if (!(token.text in FUNCTIONS)) {
            throw new ExpressionError(`unknown function "${token.text}" (known: ${Object.keys(FUNCTIONS).join(", ")})`, token.at);
          }
          const args = [];
          if (!this.accept(")")) {
            do
              args.push(this.nest(() => this.or()));
            while (this.accept(","));
            this.expect(")");
          }
          return { type: "call", name: token.text, args, at: token.at };
        }
        return { type: "ident", name: token.text, at: token.at };
      }
      case "op":
        if (token.text === "(") {
          const inner = this.nest(() => this.or());
          this.expect(")");
          return inner;
        }
        if (token.text === "[") {
          const items = [];
          if (!this.accept("]")) {
            do
              items.push(this.nest(() => this.or()));
            while (this.accept(","));
            this.expect("]");
          }
          return { type: "array", items, at: token.at };
        }
        throw new ExpressionError(`unexpected "${token.text}"`, token.at);
      default:
        throw new ExpressionError("unexpected end of expression", token.at);
    }
  }
};
var asString = (value) => value === null || value === void 0 ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
var FUNCTIONS = {
  contains: (haystack, needle) => Array.isArray(haystack) ? haystack.some((item) => looseEquals(item, needle)) : asString(haystack).toLowerCase().includes(asString(needle).toLowerCase()),
  startsWith: (text, prefix) => asString(text).toLowerCase().startsWith(asString(prefix).toLowerCase()),
  endsWith: (text, suffix) => asString(text).toLowerCase().endsWith(asString(suffix).toLowerCase()),
  length: (value) => Array.isArray(value) ? value.length : typeof value === "string" ? value.length : isPlainObject(value) ? Object.keys(value).length : 0,
  lower: (value) => asString(value).toLowerCase(),
  upper: (value) => asString(value).toUpperCase(),
  join: (value, separator) => Array.isArray(value) ? value.map(asString).join(separator === void 0 ? "," : asString(separator)) : asString(value),
  toJSON: (value) => JSON.stringify(value ?? null),
  default: (value, fallback) => value === void 0 || value === null || value === "" ? fallback : value
};
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function looseEquals(a, b) {
  const left = a === void 0 ? null : a;
  const right = b === void 0 ? null : b;
  if (typeof left === "string" && typeof right === "string")
    return left.toLowerCase() === right.toLowerCase();
  if (typeof left === "number" && typeof right === "string" && right.trim() !== "")
    return left === Number(right);
  if (typeof left === "string" && typeof right === "number" && left.trim() !== "")
    return Number(left) === right;
  if (typeof left === "object" || typeof right === "object")
    return JSON.stringify(left) === JSON.stringify(right);
  return left === right;
}
function compare(op, a, b) {
  const numeric = (v) => typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : void 0;
  const x = numeric(a);
  const y = numeric(b);
  if (x !== void 0 && y !== void 0) {
    return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
  }
  const s = asString(a);
  const t = asString(b);
  return op === "<" ? s < t : op === "<=" ? s <= t : op === ">" ? s > t : s >= t;
}
function isTruthy(value) {
  if (Array.isArray(value))
    return true;
  return Boolean(value);
}
function readProperty(object, property, at) {
  if (object === null || object === void 0)
    return void 0;
  const key = typeof property === "number" ? property : asString(property);
  if (typeof key === "string" && FORBIDDEN_PROPERTIES.has(key))
    throw new ExpressionError(`property "${key}" is not allowed`, at);
  if (Array.isArray(object)) {
    const index = typeof key === "number" ? key : /^\d+$/.test(key) ? Number(key) : NaN;
    return Number.isInteger(index) ? object[index] : void 0;
  }
  if (isPlainObject(object) && Object.prototype.hasOwnProperty.call(object, key))
    return object[key];
  return void 0;
}
function evaluateNode(node, scope) {
  switch (node.type) {
    case "literal":
      return node.value;
    case "ident":
      return readProperty(scope, node.name, node.at);
    case "member":
      return readProperty(evaluateNode(node.object, scope), evaluateNode(node.property, scope), node.at);
    case "array":
      return node.items.map((item) => evaluateNode(item, scope));
    case "call":
      return FUNCTIONS[node.name](...node.args.map((arg) => evaluateNode(arg, scope)));
    case "unary": {
      const value = evaluateNode(node.operand, scope);
      return node.op === "!" ? !isTruthy(value) : -Number(value);
    }
    case "binary": {
      if (node.op === "&&") {
        const left2 = evaluateNode(node.left, scope);
        return isTruthy(left2) ? evaluateNode(node.right, scope) : left2;
      }
      if (node.op === "||") {
        const left2 = evaluateNode(node.left, scope);
        return isTruthy(left2) ? left2 : evaluateNode(node.right, scope);
      }
      const left = evaluateNode(node.left, scope);
      const right = evaluateNode(node.right, scope);
      if (node.op === "==")
        return looseEquals(left, right);
      if (node.op === "!=")
        return !looseEquals(left, right);
      return compare(node.op, left, right);
    }
  }
}
function parseExpression(text) {
  if (text.length > MAX_LENGTH)
    throw new ExpressionError(`expression longer than ${MAX_LENGTH} characters`, 0);
  return new Parser(tokenize(text, false).tokens).parseAll();
}
function evaluate(expression, scope) {
  const trimmed = expression.trim();
  const single = singleTemplate(trimmed);
  return evaluateNode(parseExpression(single ?? trimmed), scope);
}
function hasExpression(value) {
  return value.includes("${{");
}
function splitTemplate(template) {
  const parts = [];
  let cursor = 0;
  for (; ; ) {
    const open = template.indexOf("${{", cursor);
    if (open < 0) {
      if (cursor < template.length)
        parts.push({ kind: "text", text: template.slice(cursor), offset: cursor });
      return parts;
    }
    if (open > cursor)
      parts.push({ kind: "text", text: template.slice(cursor, open), offset: cursor });
    const start = open + 3;
    if (template.length - start > MAX_LENGTH)
      throw new ExpressionError(`expression longer than ${MAX_LENGTH} characters`, start);
    let end;
    try {
      end = tokenize(template.slice(start), true).end;
    } catch (error) {
      if (error instanceof ExpressionError)
        throw new ExpressionError(error.message, start + error.offset);
      throw error;
    }
    parts.push({ kind: "expr", text: template.slice(start, start + end - 2), offset: start });
    cursor = start + end;
  }
}
function singleTemplate(text) {
  if (!text.startsWith("${{"))
    return void 0;
  const parts = splitTemplate(text);
  return parts.length === 1 && parts[0].kind === "expr" ? parts[0].text : void 0;
}
function interpolate(value, scope) {
  if (typeof value === "string") {
    if (!hasExpression(value))
      return value;
    const parts = splitTemplate(value);
    const evaluatePart = (part) => {
      try {
        return evaluateNode(parseExpression(part.text), scope);
      } catch (error) {
        if (error instanceof ExpressionError)
          throw new ExpressionError(error.message, part.offset + error.offset);
        throw error;
      }
    };
    if (parts.length === 1 && parts[0].kind === "expr")
      return evaluatePart(parts[0]);
    return parts.map((part) => part.kind === "text" ? part.text : asString(evaluatePart(part))).join("");
  }
  if (Array.isArray(value))
    return value.map((item) => interpolate(item, scope));
  if (isPlainObject(value)) {
    const result = {};
    for (const [key, item] of Object.entries(value))
      result[key] = interpolate(item, scope);
    return result;
  }
  return value;
}
function templateReferences(template, bare = false) {
  const expressions = bare && !hasExpression(template) ? [{ text: template, offset: 0 }] : splitTemplate(template).filter((p) => p.kind === "expr");
  const references = [];
  for (const part of expressions) {
    let node;
    try {
      node = parseExpression(part.text);
    } catch (error) {
      if (error instanceof ExpressionError)
        throw new ExpressionError(error.message, part.offset + error.offset);
      throw error;
    }
    collectReferences(node, part.offset, references);
  }
  return references;
}
function collectReferences(node, base, into) {
  const chain = memberChain(node);
  if (chain) {
    into.push({ root: chain.root, path: chain.path, offset: base + chain.at });
    for (const computed of chain.computed)
      collectReferences(computed, base, into);
    return;
  }
  switch (node.type) {
    case "member":
      collectReferences(node.object, base, into);
      collectReferences(node.property, base, into);
      return;
    case "call":
    case "array":
      for (const child of node.type === "call" ? node.args : node.items)
        collectReferences(child, base, into);
      return;
    case "unary":
      collectReferences(node.operand, base, into);
      return;
    case "binary":
      collectReferences(node.left, base, into);
      collectReferences(node.right, base, into);
      return;
    default:
      return;
  }
}
function memberChain(node) {
  if (node.type === "ident")
    return { root: node.name, at: node.at, path: [], computed: [] };
  if (node.type !== "member")
    return void 0;
  const inner = memberChain(node.object);
  if (!inner)
    return void 0;
  if (node.property.type === "literal" && inner.computed.length === 0) {
    inner.path.push(String(node.property.value));
  } else {
    inner.computed.push(node.property);
  }
  return inner;
}

// dist/runbook/flow.js
function buildFlow(runbook) {
  const steps = runbook.steps;
  const targets = /* @__PURE__ */ new Map();
  steps.forEach((step, index) => {
    if (!targets.has(step.id))
      targets.set(step.id, index);
  });
  const edges = [];
  steps.forEach((step, index) => {
    const inOrder = index + 1 < steps.length ? index + 1 : "end";
    const resolve = (name) => {
      if (name === "end")
        return "end";
      if (name === "continue")
        return inOrder;
      if (name === "abort" || name === "rollback")
        return name;
      return targets.get(name);
    };
    const add = (kind, name, conditional, source, label) => {
      const to = resolve(name);
      if (to !== void 0)
        edges.push({ from: index, to, kind, conditional, label, source });
    };
    const here = ["steps", index];
    if (step.next === void 0) {
      edges.push({ from: index, to: inOrder, kind: "sequence", conditional: false, source: here });
    } else if (typeof step.next === "string") {
      add("next", step.next, false, [...here, "next"]);
    } else {
      const taken = step.next.findIndex((branch) => branch.if === void 0);
      const live = taken === -1 ? step.next : step.next.slice(0, taken + 1);
      live.forEach((branch, branchIndex) => add("next", branch.goto, branch.if !== void 0, [...here, "next", branchIndex, "goto"], branch.if));
      if (taken === -1) {
        edges.push({ from: index, to: inOrder, kind: "sequence", conditional: true, label: "otherwise", source: [...here, "next"] });
      }
    }
    for (const [name, source] of failureTargets(step, here))
      add("failure", name, true, source, "on failure");
    if (isApprovalStep(step)) {
      add("reject", step.approval.on_reject, true, [...here, "approval", "on_reject"], "rejected");
      if (step.approval.timeout !== void 0)
        add("timeout", step.approval.on_timeout, true, [...here, "approval", "on_timeout"], `no answer in ${step.approval.timeout}`);
    }
  });
  return { steps, edges, targets };
}
function failureTargets(step, here) {
  const found = [[step.on_failure, [...here, "on_failure"]]];
  if (isParallelStep(step)) {
    step.parallel.forEach((branch, branchIndex) => {
      if (branch.on_failure !== "abort" && branch.on_failure !== "continue")
        found.push([branch.on_failure, [...here, "parallel", branchIndex, "on_failure"]]);
    });
  }
  return found;
}
function unreachableSteps(flow) {
  const outgoing = outgoingEdges(flow, () => true);
  const reached = /* @__PURE__ */ new Set();
  const queue = flow.steps.length > 0 ? [0] : [];
  while (queue.length > 0) {
    const current = queue.pop();
    if (reached.has(current))
      continue;
    reached.add(current);
    for (const edge of outgoing[current])
      if (typeof edge.to === "number" && !reached.has(edge.to))
        queue.push(edge.to);
  }
  return flow.steps.map((_, index) => index).filter((index) => !reached.has(index));
}
function loopsWithNoWayOut(flow) {
  const outgoing = outgoingEdges(flow, (edge) => edge.kind !== "failure");
  const successors = (index) => outgoing[index].map((edge) => edge.to);
  return stronglyConnected(flow.steps.length, (index) => successors(index).filter((to) => typeof to === "number")).filter((component) => {
    const members = new Set(component);
    const cyclic = component.length > 1 || successors(component[0]).includes(component[0]);
    return cyclic && component.every((index) => successors(index).every((to) => typeof to === "number" && members.has(to)));
  });
}
function outgoingEdges(flow, keep) {
  const outgoing = flow.steps.map(() => []);
  for (const edge of flow.edges)
    if (keep(edge))
      outgoing[edge.from].push(edge);
  return outgoing;
}
function stronglyConnected(size, next) {
  const order = new Array(size).fill(-1);
  const low = new Array(size).fill(0);
  const onStack = new Array(size).fill(false);
  const stack = [];
  const components = [];
  let counter = 0;
  for (let root = 0; root < size; root++) {
    if (order[root] !== -1)
      continue;
    const work = [{ node: root, successors: next(root), position: 0 }];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.position < frame.successors.length) {
        const successor = frame.successors[frame.position++];
        if (order[successor] === -1) {
          order[successor] = low[successor] = counter++;
          stack.push(successor);
          onStack[successor] = true;
          work.push({ node: successor, successors: next(successor), position: 0 });
        } else if (onStack[successor]) {
          low[frame.node] = Math.min(low[frame.node], order[successor]);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low[parent.node] = Math.min(low[parent.node], low[frame.node]);
      if (low[frame.node] === order[frame.node]) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack[member] = false;
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components;
}

// dist/runbook/checks/steps.js
function stepEntries(runbook) {
  const entries = [];
  runbook.steps.forEach((step, order) => {
    entries.push({ step, path: ["steps", order], order });
    if (isParallelStep(step)) {
      step.parallel.forEach((branch, index) => {
        entries.push({ step: branch, path: ["steps", order, "parallel", index], order, group: step });
      });
    }
  });
  return entries;
}

export {
  ExpressionError,
  isTruthy,
  evaluate,
  hasExpression,
  interpolate,
  templateReferences,
  STEP_ID,
  runbookSchema,
  isApprovalStep,
  isParallelStep,
  isActionStep,
  buildFlow,
  unreachableSteps,
  loopsWithNoWayOut,
  stepEntries
};
