import { CST, Lexer } from 'yaml';

// The yaml library builds documents recursively: a few thousand levels of nesting (`[[[[…`, or
// indentation upon indentation) exhaust the stack. It reports that as an error, but a stack
// overflow inside V8's regular-expression engine can leave the process unable to compile regular
// expressions afterwards (observed on Node 20: a fatal "RegExpCompiler Allocation failed" on the
// next document). So nesting is measured first with the library's lexer, which is iterative, and
// a document nested beyond any real runbook's needs is refused before it is built.

export const MAX_FLOW_DEPTH = 64;
export const MAX_BLOCK_COLUMN = 256;

/** Tokens the lexer adds that are not characters of the source. */
const SYNTHETIC = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

export interface NestingProblem {
  offset: number;
  message: string;
}

export function excessiveNesting(source: string): NestingProblem | undefined {
  let offset = 0;
  let lineStart = 0;
  let leading = true; // still in the run of spaces and `- ` / `? ` that opens the line
  let flowDepth = 0;
  for (const token of new Lexer().lex(source)) {
    if (SYNTHETIC.has(token)) continue;
    const type = CST.tokenType(token);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (++flowDepth > MAX_FLOW_DEPTH) {
        return { offset, message: `brackets nested deeper than ${MAX_FLOW_DEPTH} levels; a runbook never needs that many` };
      }
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flowDepth = Math.max(0, flowDepth - 1);
    }
    if (type === 'newline') {
      lineStart = offset + token.length;
      leading = true;
    } else if (type === 'space' || type === 'seq-item-ind' || type === 'explicit-key-ind') {
      if (leading && flowDepth === 0 && offset + token.length - lineStart > MAX_BLOCK_COLUMN) {
        return { offset, message: `indented or nested deeper than ${MAX_BLOCK_COLUMN} columns; a runbook never needs that much` };
      }
    } else {
      leading = false;
    }
    offset += token.length;
  }
  return undefined;
}
