import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

// Where a path inside a runbook sits in its YAML source, so every problem is reported with
// file:line:column. A path that does not exist (a missing key) resolves to its nearest parent.

export type SourcePath = readonly (string | number)[];

export interface SourcePosition {
  line: number; // 1-based
  column: number; // 1-based
}

/** `['steps', 2, 'with', 'container']` → `steps[2].with.container`. */
export function formatPath(path: SourcePath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** Line and column of an offset, counted directly (for problems found before the YAML is parsed). */
export function positionInText(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let index = source.indexOf('\n'); index !== -1 && index < offset; index = source.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** What a path points at: the value's node, the key's node (for a key), or the nearest parent. */
interface Located {
  node: Node | null;
  keyNode: Node | null;
  exact: boolean;
}

export class SourceLocator {
  constructor(
    private readonly source: string,
    private readonly doc: Document.Parsed | undefined,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Line and column of an offset into the source. */
  positionOf(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /** The value at `path`; for a missing key, the mapping that lacks it. */
  locate(path: SourcePath): SourcePosition {
    return this.positionOf(this.startOf(path, 'value'));
  }

  /** The key at `path` (an unknown key is reported at its name, not its value). */
  locateKey(path: SourcePath): SourcePosition {
    return this.positionOf(this.startOf(path, 'key'));
  }

  /** The position of character `offset` inside the string value at `path`, when the source
   *  spells that string out literally on one line; otherwise the start of the value. */
  locateInString(path: SourcePath, offset: number): SourcePosition {
    const found = this.find(path);
    const node = found.node;
    if (!found.exact || !isScalar(node) || typeof node.value !== 'string' || !node.range) return this.locate(path);
    const start = node.range[0];
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const bodyStart = quoted ? start + 1 : start;
    const source = this.source.slice(bodyStart, bodyStart + node.value.length);
    if (source !== node.value || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return this.positionOf(start);
    return this.positionOf(bodyStart + Math.min(offset, node.value.length));
  }

  private startOf(path: SourcePath, prefer: 'key' | 'value'): number {
    const found = this.find(path);
    const node = prefer === 'key' && found.exact && found.keyNode ? found.keyNode : (found.node ?? found.keyNode);
    const range = node?.range;
    if (range) return range[0];
    return found.keyNode?.range?.[0] ?? 0;
  }

  private find(path: SourcePath): Located {
    let node: Node | null = this.resolve(this.doc?.contents ?? null);
    let keyNode: Node | null = null;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => keyText(item.key) === String(segment));
        if (!pair) return { node, keyNode: null, exact: false };
        keyNode = (pair.key as Node | null) ?? null;
        // `key:` with nothing after it has no value node: point at the key
        node = this.resolve((pair.value as Node | null) ?? null) ?? keyNode;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        keyNode = null;
        node = this.resolve((node.items[segment] as Node | null) ?? null);
      } else {
        return { node, keyNode: null, exact: false };
      }
    }
    return { node, keyNode, exact: true };
  }

  private resolve(node: Node | null): Node | null {
    if (isAlias(node) && this.doc) return (node.resolve(this.doc) as Node | undefined) ?? node;
    return node;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
