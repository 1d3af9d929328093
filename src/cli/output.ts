import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import { createColors } from 'picocolors';
import { IrctlError } from '../errors.js';

/** Where a command writes. Tests capture it; the real CLI writes to stdout/stderr. */
export interface Output {
  json: boolean;
  out(text: string): void;
  err(text: string): void;
}

export function stdOutput(json: boolean): Output {
  return {
    json,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** Colour only when stdout is a terminal, unless NO_COLOR (no-color.org) or FORCE_COLOR says
 *  otherwise. Decided here rather than by picocolors, which also colours whenever a `CI` variable
 *  is set — so a CI job that pipes `irctl` output into a file or a grep would get escape codes. */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

export const color = createColors(colorEnabled());

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

// required on first use: most commands print no table, and start-up is paid on every call
const require = createRequire(import.meta.url);

export function table(head: string[], rows: (string | number | null | undefined)[][]): string {
  const Table = require('cli-table3') as typeof TableType;
  const t = new Table({
    head: head.map((h) => color.bold(h)),
    style: { head: [], border: [] },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
  });
  for (const row of rows) t.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return t.toString();
}

/** Render an error for a human (message + hint) or for a script (--json). Never a stack trace
 *  unless it is a bug. */
export function formatError(error: unknown, json: boolean): string {
  if (error instanceof IrctlError) {
    if (json) return JSON.stringify({ error: { code: error.code, message: error.message, hint: error.hint, details: error.details } });
    // where irctl looked: shown to the person at the terminal, never sent by the server (it sends no details)
    const store = typeof error.details?.store === 'string' ? `\n${color.dim('store:')} ${error.details.store}` : '';
    return `${color.red('error:')} ${error.message}${error.hint ? `\n${color.dim('hint:')} ${error.hint}` : ''}${store}`;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (json) return JSON.stringify({ error: { code: 'BUG', message: String((error as Error)?.message ?? error) } });
  return `${color.red('irctl hit an unexpected error (a bug; please report it with this output):')}\n${stack}`;
}
