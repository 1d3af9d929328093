import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isMap, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { NotFoundError, RunbookInvalidError, UsageError, type RunbookIssue } from '../errors.js';
import { problemsBeyondSchema } from './salvage.js';
import { checkRunbook } from './checks/index.js';
import { excessiveNesting } from './nesting.js';
import { formatPath, positionInText, SourceLocator, type SourcePath, type SourcePosition } from './positions.js';
import { describeValue, type Problem } from './problem.js';
import { runbookSchema, type Runbook } from './schema.js';
import { schemaKeys, schemaProblems } from './schema-issues.js';

// YAML text → a checked runbook, or one RunbookInvalidError carrying every problem found, each
// with file:line:column. Runbook files may come from anyone with write access to a directory, so
// the loader guards against hostile YAML: a size cap, an alias cap (billion laughs), a mapping at
// the top, unique keys, and messages that never echo control characters to a terminal.

export const MAX_RUNBOOK_BYTES = 1024 * 1024;
const MAX_ALIAS_COUNT = 50;
const MAX_DATA_DEPTH = 256;
const MAX_MESSAGE_LENGTH = 300;
const RUNBOOK_KEYS = schemaKeys(runbookSchema);

/** The yaml library's wording, where a runbook author needs plainer words. */
const YAML_ERRORS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'this key appears twice in the same mapping; keep one',
  TAB_AS_INDENT: 'a tab is used for indentation; indent with spaces',
  MULTIPLE_DOCS: 'a second YAML document (---) starts here; a runbook file holds one document',
};

export interface LoadedRunbook {
  runbook: Runbook;
  file: string;
  source: string;
  locate(path: SourcePath): SourcePosition;
}

/** How many parsed runbooks are kept: the runbooks of a deployment, with room to spare. */
const LOADED_KEPT = 32;
const loadedRunbooks = new Map<string, LoadedRunbook>();

/**
 * Parse and check a runbook's text. An incident keeps its runbook's text, and each drive, gate and
 * page of it needs the parsed form: the same text is parsed once (the last LOADED_KEPT kept, oldest
 * forgotten first), so an alert's drive does not spend milliseconds re-reading YAML before it acts.
 * What is returned is frozen, since every caller shares it.
 */
export function loadRunbook(source: string, file: string): LoadedRunbook {
  const key = `${file}\0${source}`;
  const kept = loadedRunbooks.get(key);
  if (kept) {
    loadedRunbooks.delete(key); // most recently used last
    loadedRunbooks.set(key, kept);
    return kept;
  }
  const loaded = parseRunbook(source, file);
  deepFreeze(loaded.runbook);
  loadedRunbooks.set(key, Object.freeze(loaded));
  if (loadedRunbooks.size > LOADED_KEPT) loadedRunbooks.delete(loadedRunbooks.keys().next().value!);
  return loaded;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}

function parseRunbook(source: string, file: string): LoadedRunbook {
  const size = Buffer.byteLength(source, 'utf8');
  if (size > MAX_RUNBOOK_BYTES) throw tooLarge(file, size);

  const nesting = excessiveNesting(source);
  if (nesting) throw invalid([{ file, ...positionInText(source, nesting.offset), path: '', message: nesting.message }]);

  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, keepSourceTokens: false });
  } catch (error) {
    // the parser recursing too deep on pathological nesting, say: still the file's fault
    throw invalid([{ file, line: 1, column: 1, path: '', message: `not readable as YAML: ${(error as Error).message}` }]);
  }
  const locator = new SourceLocator(source, doc, lineCounter);
  const issueAt = (problem: Problem): RunbookIssue => {
    const position =
      problem.sourceOffset !== undefined
        ? locator.positionOf(problem.sourceOffset)
        : problem.offset !== undefined
          ? locator.locateInString(problem.path, problem.offset)
          : problem.atKey
            ? locator.locateKey(problem.path)
            : locator.locate(problem.path);
    return { file, ...position, path: clean(formatPath(problem.path)), message: clean(problem.message) };
  };

  if (doc.errors.length > 0) {
    throw invalid(
      doc.errors.map((error) => ({
        file,
        ...locator.positionOf(error.pos[0]),
        path: '',
        message: clean(`YAML syntax: ${YAML_ERRORS[error.code] ?? error.message}`),
      })),
    );
  }
  if (doc.contents === null) {
    throw invalid([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        message: 'the file holds no runbook: expected a mapping with apiVersion: irctl/v1, kind: Runbook, name, severity and steps',
      },
    ]);
  }
  if (!isMap(doc.contents)) {
    const found = doc.contents.toJSON?.() ?? null;
    throw invalid([issueAt({ path: [], message: `expected a mapping at the top (apiVersion: irctl/v1, kind: Runbook, …), got ${describeValue(found)}` })]);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw invalid([aliasProblem(doc, locator, error)].map(issueAt));
  }
  // aliases can stack nesting beyond what the source shows; the checks below recurse over values
  if (depthOf(data) > MAX_DATA_DEPTH) {
    throw invalid([issueAt({ path: [], message: `values nested deeper than ${MAX_DATA_DEPTH} levels (through aliases); a runbook never needs that many` })]);
  }
  // `__proto__` would silently vanish in parsing (or, worse, become a prototype): refuse it
  const protoKeys = removeProtoKeys(data);
  const refused: Problem[] = protoKeys.map((path) => ({ path, atKey: true, message: 'key "__proto__" is not allowed' }));

  const parsed = runbookSchema.safeParse(data);
  if (!parsed.success) {
    const problems = schemaProblems(parsed.error.issues, data, RUNBOOK_KEYS);
    if (problems.length === 0) throw invalid([...refused, { path: [], message: 'does not fit the runbook schema' }].map(issueAt));
    throw invalid([...refused, ...problems, ...problemsBeyondSchema(data, problems, RUNBOOK_KEYS)].map(issueAt));
  }
  const problems = [...refused, ...checkRunbook(parsed.data)];
  if (problems.length > 0) throw invalid(problems.map(issueAt));
  return { runbook: parsed.data, file, source, locate: (path) => locator.locate(path) };
}

/** Too many aliases (an alias bomb), or an alias whose anchor does not exist: say which. */
function aliasProblem(doc: Document.Parsed, locator: SourceLocator, error: unknown): Problem {
  let unresolved: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) {
        unresolved = alias.range?.[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (unresolved !== undefined) {
    return { path: [], sourceOffset: unresolved, message: 'alias to an anchor that is not defined before it (write &name on a value first, then *name)' };
  }
  return {
    path: [],
    message: `too many alias uses (more than ${MAX_ALIAS_COUNT}): a document that expands like this is refused (${(error as Error).message})`,
  };
}

/** How deeply plain data nests, measured without recursion. */
function depthOf(data: unknown): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value: data, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DATA_DEPTH) return deepest;
    if (value !== null && typeof value === 'object') for (const item of Object.values(value)) pending.push({ value: item, depth: depth + 1 });
  }
  return deepest;
}

/** Delete every own `__proto__` key, deeply; return where they were. */
function removeProtoKeys(data: unknown): SourcePath[] {
  const found: SourcePath[] = [];
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Object.prototype.hasOwnProperty.call(value, '__proto__')) {
      found.push([...path, '__proto__']);
      delete (value as Record<string, unknown>)['__proto__'];
    }
    for (const [key, item] of Object.entries(value)) pending.push({ value: item, path: [...path, Array.isArray(value) ? Number(key) : key] });
  }
  return found;
}

function tooLarge(file: string, size: number): RunbookInvalidError {
  return invalid([{ file, line: 1, column: 1, path: '', message: `runbook is ${size} bytes; the limit is ${MAX_RUNBOOK_BYTES} bytes (1 MiB)` }]);
}

/** Problems in reading order, each once. */
function invalid(issues: RunbookIssue[]): RunbookInvalidError {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => a.line - b.line || a.column - b.column);
  const file = unique[0]?.file ?? 'runbook';
  return new RunbookInvalidError(unique, {
    hint: `fix the problems above, then check again: irctl runbook validate ${file}`,
    details: { issues: unique },
  });
}

/** One line, printable, bounded: messages can quote a hostile file. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return printable.length > MAX_MESSAGE_LENGTH ? `${printable.slice(0, MAX_MESSAGE_LENGTH)}…` : printable;
}

const RUNBOOK_FILE = /\.ya?ml$/i;
const SKIPPED_FILE = /\.schema\.ya?ml$/i;
const MAX_DIR_DEPTH = 4;

/** Read and load one runbook file. */
export function loadRunbookFile(path: string): LoadedRunbook {
  const file = resolve(path);
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new NotFoundError(`runbook file ${path} not found`, { hint: 'irctl runbook list shows the runbooks irctl knows' });
  }
  if (!stats.isFile()) throw new NotFoundError(`${path} is not a file`, { hint: 'give a runbook .yaml file, or its name' });
  if (stats.size > MAX_RUNBOOK_BYTES) throw tooLarge(path, stats.size);
  return loadRunbook(readFileSync(file, 'utf8'), path);
}

/** What a set of directories holds: the runbooks that load, and the files that do not. */
export interface RunbookCatalog {
  runbooks: LoadedRunbook[];
  invalid: InvalidRunbook[];
  /** Runbooks a file of the same name earlier on the search path replaces. */
  overridden: { file: string; name: string; by: string }[];
}

export interface InvalidRunbook {
  file: string;
  /** The name the file claims (its `name:` line, else its file name): what `run` would be given. */
  name: string;
  error: RunbookInvalidError;
}

/** Every *.yaml / *.yml below a directory (schema files aside), each loaded or its errors kept. */
export function loadRunbookDir(dir: string): RunbookCatalog {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new NotFoundError(`runbook directory ${dir} not found`, { hint: 'pass --runbooks DIR[:DIR…] or set IRCTL_RUNBOOKS' });
  }
  const catalog: RunbookCatalog = { runbooks: [], invalid: [], overridden: [] };
  for (const file of runbookFiles(dir, 0)) {
    try {
      catalog.runbooks.push(loadRunbookFile(file));
    } catch (error) {
      if (!(error instanceof RunbookInvalidError)) throw error;
      catalog.invalid.push({ file, name: claimedName(file), error });
    }
  }
  return catalog;
}

/**
 * The directories of the search path, in order. A name found in an earlier directory overrides
 * the same name further on (a user's runbook over a shipped one), even when the earlier file is
 * invalid: running it then shows its problems instead of quietly running the other one.
 */
export function loadRunbooks(dirs: readonly string[]): RunbookCatalog {
  const catalog: RunbookCatalog = { runbooks: [], invalid: [], overridden: [] };
  const claimedBy = new Map<string, string>();
  for (const dir of dirs) {
    const found = loadRunbookDir(dir);
    const claimedHere = new Map<string, string>();
    const keep = (name: string, file: string): boolean => {
      const earlier = claimedBy.get(name);
      if (earlier !== undefined) {
        catalog.overridden.push({ file, name, by: earlier });
        return false;
      }
      claimedHere.set(name, claimedHere.get(name) ?? file);
      return true;
    };
    catalog.runbooks.push(...found.runbooks.filter((loaded) => keep(loaded.runbook.name, loaded.file)));
    catalog.invalid.push(...found.invalid.filter((broken) => keep(broken.name, broken.file)));
    for (const [name, file] of claimedHere) claimedBy.set(name, file);
  }
  return catalog;
}

/** The runbook name an invalid file was meant to have: a plain top-level `name:`, else its file name. */
function claimedName(file: string): string {
  try {
    const match = /^name:[ \t]*["']?([A-Za-z0-9][A-Za-z0-9._-]{0,99})["']?[ \t]*(?:#.*)?$/m.exec(readFileSync(file, 'utf8').slice(0, MAX_RUNBOOK_BYTES));
    if (match) return match[1]!;
  } catch {
    // unreadable: fall back to the file name
  }
  return basename(file).replace(RUNBOOK_FILE, '');
}

function runbookFiles(dir: string, depth: number): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth < MAX_DIR_DEPTH) files.push(...runbookFiles(path, depth + 1));
    else if (entry.isFile() && RUNBOOK_FILE.test(entry.name) && !SKIPPED_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

/** A runbook by file path, or by its `name:` in the runbook directories. */
export function findRunbook(nameOrPath: string, dirs: readonly string[]): LoadedRunbook {
  if (RUNBOOK_FILE.test(nameOrPath) || (nameOrPath.includes('/') && existsSync(nameOrPath))) return loadRunbookFile(nameOrPath);
  const catalog = loadRunbooks(dirs.filter((dir) => existsSync(dir)));
  const matches = catalog.runbooks.filter((loaded) => loaded.runbook.name === nameOrPath);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UsageError(`runbook name "${nameOrPath}" is used by ${matches.length} files: ${matches.map((m) => m.file).join(', ')}`, {
      hint: 'give the file path instead, or rename one of them',
    });
  }
  // a file that claims the name (or is named after it) but does not load is the one meant: show why
  const broken =
    catalog.invalid.find(({ name }) => name === nameOrPath) ?? catalog.invalid.find(({ file }) => basename(file).replace(RUNBOOK_FILE, '') === nameOrPath);
  if (broken) throw broken.error;
  const names = catalog.runbooks.map((loaded) => loaded.runbook.name).sort();
  throw new NotFoundError(
    `runbook "${nameOrPath}" not found in ${dirs.join(', ')}${names.length > 0 ? `; available: ${names.join(', ')}` : '; no runbooks there'}`,
    { hint: 'irctl runbook list, or give the path to a .yaml file' },
  );
}
