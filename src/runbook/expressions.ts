// The runbook expression language: `${{ inputs.container }}`, `${{ steps.scan.outputs.count > 0 }}`,
// `${{ contains(alert.tags, 'shell') && alert.priority == 'critical' }}`.
// A small tokenizer and recursive-descent parser evaluated over plain data: no eval, no
// new Function, no prototype access, a fixed list of functions. Runbooks and alerts are untrusted.

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly offset: number, // position inside the expression text
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Node =
  | { type: 'literal'; value: unknown; at: number }
  | { type: 'ident'; name: string; at: number }
  | { type: 'member'; object: Node; property: Node; at: number }
  | { type: 'call'; name: string; args: Node[]; at: number }
  | { type: 'array'; items: Node[]; at: number }
  | { type: 'unary'; op: '!' | '-'; operand: Node; at: number }
  | { type: 'binary'; op: string; left: Node; right: Node; at: number };

type Token = { kind: 'num' | 'str' | 'ident' | 'op' | 'end'; text: string; value?: unknown; at: number };

const MAX_LENGTH = 4096;
const MAX_DEPTH = 64;
const FORBIDDEN_PROPERTIES = new Set(['__proto__', 'prototype', 'constructor']);
const OPERATORS = ['}}', '==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ',', '-'];

function tokenize(text: string, stopAtClose: boolean): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (/[0-9]/.test(ch)) {
      const match = /^\d+(\.\d+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'num', text: match[0], value: Number(match[0]), at });
      i += match[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExpressionError('unterminated string', at);
        const c = text[i]!;
        if (c === ch) {
          if (ch === "'" && text[i + 1] === "'") {
            value += "'"; // GitHub-style '' escape
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\\' && ch === '"' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      tokens.push({ kind: 'str', text: value, value, at });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      // a trailing '-' belongs to an operator, not the name (`a-1` is rare; `step-id` is common)
      let name = match[0];
      while (name.endsWith('-')) name = name.slice(0, -1);
      tokens.push({ kind: 'ident', text: name, at });
      i += name.length;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (!op) throw new ExpressionError(`unexpected character "${ch}"`, at);
    if (op === '}}' && stopAtClose) {
      tokens.push({ kind: 'end', text: '}}', at });
      return { tokens, end: i + 2 };
    }
    tokens.push({ kind: 'op', text: op, at });
    i += op.length;
  }
  if (stopAtClose) throw new ExpressionError('missing closing }}', text.length);
  tokens.push({ kind: 'end', text: '', at: text.length });
  return { tokens, end: text.length };
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    if (this.peek().kind === 'end') throw new ExpressionError('empty expression', this.peek().at);
    const node = this.or();
    const next = this.peek();
    if (next.kind !== 'end') throw new ExpressionError(`unexpected "${next.text}"`, next.at);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }
  private take(): Token {
    return this.tokens[this.index++]!;
  }
  private accept(op: string): boolean {
    const token = this.peek();
    if (token.kind === 'op' && token.text === op) {
      this.index++;
      return true;
    }
    return false;
  }
  private expect(op: string): void {
    const token = this.peek();
    if (!this.accept(op)) throw new ExpressionError(`expected "${op}" but found "${token.text || 'end'}"`, token.at);
  }
  private nest<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError('expression nested too deeply', this.peek().at);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private or(): Node {
    let left = this.and();
    while (this.peek().text === '||' && this.peek().kind === 'op') {
      const at = this.take().at;
      left = { type: 'binary', op: '||', left, right: this.and(), at };
    }
    return left;
  }
  private and(): Node {
    let left = this.comparison();
    while (this.peek().text === '&&' && this.peek().kind === 'op') {
      const at = this.take().at;
      left = { type: 'binary', op: '&&', left, right: this.comparison(), at };
    }
    return left;
  }
  private comparison(): Node {
    const left = this.unary();
    const token = this.peek();
    if (token.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.take();
      return { type: 'binary', op: token.text, left, right: this.unary(), at: token.at };
    }
    return left;
  }
  private unary(): Node {
    const token = this.peek();
    if (token.kind === 'op' && (token.text === '!' || token.text === '-')) {
      this.take();
      return this.nest(() => ({ type: 'unary', op: token.text as '!' | '-', operand: this.unary(), at: token.at }));
    }
    return this.postfix();
  }
  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      const token = this.peek();
      if (this.accept('.')) {
        const name = this.take();
        if (name.kind !== 'ident' && name.kind !== 'num') throw new ExpressionError('expected a property name after "."', name.at);
        node = { type: 'member', object: node, property: { type: 'literal', value: name.text, at: name.at }, at: token.at };
      } else if (this.accept('[')) {
        const property = this.nest(() => this.or());
        this.expect(']');
        node = { type: 'member', object: node, property, at: token.at };
      } else {
        return node;
      }
    }
  }
  private primary(): Node {
    const token = this.take();
    switch (token.kind) {
      case 'num':
      case 'str':
        return { type: 'literal', value: token.value, at: token.at };
      case 'ident': {
        if (token.text === 'true' || token.text === 'false') return { type: 'literal', value: token.text === 'true', at: token.at };
        if (token.text === 'null') return { type: 'literal', value: null, at: token.at };
        if (this.accept('(')) {
          if (!(token.text in FUNCTIONS)) {
            throw new ExpressionError(`unknown function "${token.text}" (known: ${Object.keys(FUNCTIONS).join(', ')})`, token.at);
          }
          const args: Node[] = [];
          if (!this.accept(')')) {
            do args.push(this.nest(() => this.or()));
            while (this.accept(','));
            this.expect(')');
          }
          return { type: 'call', name: token.text, args, at: token.at };
        }
        return { type: 'ident', name: token.text, at: token.at };
      }
      case 'op':
        if (token.text === '(') {
          const inner = this.nest(() => this.or());
          this.expect(')');
          return inner;
        }
        if (token.text === '[') {
          const items: Node[] = [];
          if (!this.accept(']')) {
            do items.push(this.nest(() => this.or()));
            while (this.accept(','));
            this.expect(']');
          }
          return { type: 'array', items, at: token.at };
        }
        throw new ExpressionError(`unexpected "${token.text}"`, token.at);
      default:
        throw new ExpressionError('unexpected end of expression', token.at);
    }
  }
}

const asString = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  contains: (haystack, needle) =>
    Array.isArray(haystack) ? haystack.some((item) => looseEquals(item, needle)) : asString(haystack).toLowerCase().includes(asString(needle).toLowerCase()),
  startsWith: (text, prefix) => asString(text).toLowerCase().startsWith(asString(prefix).toLowerCase()),
  endsWith: (text, suffix) => asString(text).toLowerCase().endsWith(asString(suffix).toLowerCase()),
  length: (value) => (Array.isArray(value) ? value.length : typeof value === 'string' ? value.length : isPlainObject(value) ? Object.keys(value).length : 0),
  lower: (value) => asString(value).toLowerCase(),
  upper: (value) => asString(value).toUpperCase(),
  join: (value, separator) => (Array.isArray(value) ? value.map(asString).join(separator === undefined ? ',' : asString(separator)) : asString(value)),
  toJSON: (value) => JSON.stringify(value ?? null),
  default: (value, fallback) => (value === undefined || value === null || value === '' ? fallback : value),
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looseEquals(a: unknown, b: unknown): boolean {
  const left = a === undefined ? null : a;
  const right = b === undefined ? null : b;
  if (typeof left === 'string' && typeof right === 'string') return left.toLowerCase() === right.toLowerCase();
  if (typeof left === 'number' && typeof right === 'string' && right.trim() !== '') return left === Number(right);
  if (typeof left === 'string' && typeof right === 'number' && left.trim() !== '') return Number(left) === right;
  if (typeof left === 'object' || typeof right === 'object') return JSON.stringify(left) === JSON.stringify(right);
  return left === right;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const numeric = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined);
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) {
    return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
  }
  const s = asString(a);
  const t = asString(b);
  return op === '<' ? s < t : op === '<=' ? s <= t : op === '>' ? s > t : s >= t;
}

export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  return Boolean(value);
}

function readProperty(object: unknown, property: unknown, at: number): unknown {
  if (object === null || object === undefined) return undefined;
  const key = typeof property === 'number' ? property : asString(property);
  if (typeof key === 'string' && FORBIDDEN_PROPERTIES.has(key)) throw new ExpressionError(`property "${key}" is not allowed`, at);
  if (Array.isArray(object)) {
    const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : NaN;
    return Number.isInteger(index) ? object[index] : undefined;
  }
  if (isPlainObject(object) && Object.prototype.hasOwnProperty.call(object, key)) return object[key as string];
  return undefined; // no inherited properties, no methods on strings
}

function evaluateNode(node: Node, scope: Record<string, unknown>): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'ident':
      return readProperty(scope, node.name, node.at);
    case 'member':
      return readProperty(evaluateNode(node.object, scope), evaluateNode(node.property, scope), node.at);
    case 'array':
      return node.items.map((item) => evaluateNode(item, scope));
    case 'call':
      return FUNCTIONS[node.name]!(...node.args.map((arg) => evaluateNode(arg, scope)));
    case 'unary': {
      const value = evaluateNode(node.operand, scope);
      return node.op === '!' ? !isTruthy(value) : -Number(value);
    }
    case 'binary': {
      if (node.op === '&&') {
        const left = evaluateNode(node.left, scope);
        return isTruthy(left) ? evaluateNode(node.right, scope) : left;
      }
      if (node.op === '||') {
        const left = evaluateNode(node.left, scope);
        return isTruthy(left) ? left : evaluateNode(node.right, scope);
      }
      const left = evaluateNode(node.left, scope);
      const right = evaluateNode(node.right, scope);
      if (node.op === '==') return looseEquals(left, right);
      if (node.op === '!=') return !looseEquals(left, right);
      return compare(node.op, left, right);
    }
  }
}

/** Parse a bare expression (no `${{ }}`); throws ExpressionError with the offset of the problem. */
export function parseExpression(text: string): Node {
  if (text.length > MAX_LENGTH) throw new ExpressionError(`expression longer than ${MAX_LENGTH} characters`, 0);
  return new Parser(tokenize(text, false).tokens).parseAll();
}

/** Evaluate a bare expression, or one wrapped in `${{ }}` (as `if:` allows both). */
export function evaluate(expression: string, scope: object): unknown {
  const trimmed = expression.trim();
  const single = singleTemplate(trimmed);
  return evaluateNode(parseExpression(single ?? trimmed), scope as Record<string, unknown>);
}

export function hasExpression(value: string): boolean {
  return value.includes('${{');
}

interface TemplatePart {
  kind: 'text' | 'expr';
  text: string;
  offset: number; // where the expression text starts in the template
}

/** Split "a ${{ x }} b" into parts; throws ExpressionError with the offset in the whole string. */
function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  for (;;) {
    const open = template.indexOf('${{', cursor);
    if (open < 0) {
      if (cursor < template.length) parts.push({ kind: 'text', text: template.slice(cursor), offset: cursor });
      return parts;
    }
    if (open > cursor) parts.push({ kind: 'text', text: template.slice(cursor, open), offset: cursor });
    const start = open + 3;
    if (template.length - start > MAX_LENGTH) throw new ExpressionError(`expression longer than ${MAX_LENGTH} characters`, start);
    let end: number;
    try {
      end = tokenize(template.slice(start), true).end;
    } catch (error) {
      if (error instanceof ExpressionError) throw new ExpressionError(error.message, start + error.offset);
      throw error;
    }
    parts.push({ kind: 'expr', text: template.slice(start, start + end - 2), offset: start });
    cursor = start + end;
  }
}

function singleTemplate(text: string): string | undefined {
  if (!text.startsWith('${{')) return undefined;
  const parts = splitTemplate(text);
  return parts.length === 1 && parts[0]!.kind === 'expr' ? parts[0]!.text : undefined;
}

/**
 * Replace every `${{ … }}` in a value, deeply. A string that is exactly one expression keeps the
 * result's type (a number stays a number); otherwise results are joined as text.
 */
export function interpolate(value: unknown, scope: object): unknown {
  if (typeof value === 'string') {
    if (!hasExpression(value)) return value;
    const parts = splitTemplate(value);
    const evaluatePart = (part: TemplatePart) => {
      try {
        return evaluateNode(parseExpression(part.text), scope as Record<string, unknown>);
      } catch (error) {
        if (error instanceof ExpressionError) throw new ExpressionError(error.message, part.offset + error.offset);
        throw error;
      }
    };
    if (parts.length === 1 && parts[0]!.kind === 'expr') return evaluatePart(parts[0]!);
    return parts.map((part) => (part.kind === 'text' ? part.text : asString(evaluatePart(part)))).join('');
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, scope));
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = interpolate(item, scope);
    return result;
  }
  return value;
}

export interface ExpressionReference {
  root: string; // inputs | steps | alert | incident | …
  path: string[]; // static property names after the root, up to the first computed one
  offset: number; // offset in the template string
}

/** Every scope reference in a template string, for static checks. Throws ExpressionError on bad syntax. */
export function templateReferences(template: string, bare = false): ExpressionReference[] {
  const expressions = bare && !hasExpression(template) ? [{ text: template, offset: 0 }] : splitTemplate(template).filter((p) => p.kind === 'expr');
  const references: ExpressionReference[] = [];
  for (const part of expressions) {
    let node: Node;
    try {
      node = parseExpression(part.text);
    } catch (error) {
      if (error instanceof ExpressionError) throw new ExpressionError(error.message, part.offset + error.offset);
      throw error;
    }
    collectReferences(node, part.offset, references);
  }
  return references;
}

function collectReferences(node: Node, base: number, into: ExpressionReference[]): void {
  const chain = memberChain(node);
  if (chain) {
    into.push({ root: chain.root, path: chain.path, offset: base + chain.at });
    for (const computed of chain.computed) collectReferences(computed, base, into);
    return;
  }
  switch (node.type) {
    case 'member':
      collectReferences(node.object, base, into);
      collectReferences(node.property, base, into);
      return;
    case 'call':
    case 'array':
      for (const child of node.type === 'call' ? node.args : node.items) collectReferences(child, base, into);
      return;
    case 'unary':
      collectReferences(node.operand, base, into);
      return;
    case 'binary':
      collectReferences(node.left, base, into);
      collectReferences(node.right, base, into);
      return;
    default:
      return;
  }
}

function memberChain(node: Node): { root: string; at: number; path: string[]; computed: Node[] } | undefined {
  if (node.type === 'ident') return { root: node.name, at: node.at, path: [], computed: [] };
  if (node.type !== 'member') return undefined;
  const inner = memberChain(node.object);
  if (!inner) return undefined;
  if (node.property.type === 'literal' && inner.computed.length === 0) {
    inner.path.push(String(node.property.value));
  } else {
    inner.computed.push(node.property);
  }
  return inner;
}
