import { RE2JS } from 're2js';
import { z } from 'zod';

/**
 * Regular expressions matched in linear time (RE2), for patterns tested against text an attacker
 * writes: alert labels (silences), a compromised container's command lines (allow lists). A
 * backtracking engine can be made to run for minutes by one crafted value (`(a|[a-z]+)+-prod`
 * against 40 letters), and that stops the server's event loop. RE2 has no lookaround or
 * backreferences; Alertmanager's matchers use the same syntax. It is far slower than V8 on long
 * scans, so evidence searches keep V8's engine.
 */
export interface LinearRegex {
  /** The pattern matches somewhere in `text` (or, for `whole`, all of it). */
  test(text: string): boolean;
}

export interface LinearRegexOptions {
  /** Match the whole text, as Prometheus-style matchers do. */
  whole?: boolean;
  ignoreCase?: boolean;
}

/** Compile `source`; throws an Error whose message says what is wrong with it. */
export function linearRegex(source: string, options: LinearRegexOptions = {}): LinearRegex {
  const re = RE2JS.compile(source, RE2JS.DOTALL | (options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0));
  return options.whole ? { test: (text) => re.matches(text) } : { test: (text) => re.matcher(text).find() };
}

/** Why `source` is refused, or undefined when it compiles. */
export function linearRegexProblem(source: string): string | undefined {
  try {
    linearRegex(source);
    return undefined;
  } catch (error) {
    return `${(error as Error).message} (patterns use RE2 syntax: no lookaround or backreferences)`;
  }
}

/** A pattern in a runbook, checked by `problemOf` when the runbook loads (so its error has a line and column). */
export function patternSchema(problemOf: (source: string) => string | undefined) {
  return z
    .string()
    .min(1, 'an empty pattern would match every line')
    .max(1000)
    .superRefine((source, ctx) => {
      const problem = problemOf(source);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** A pattern matched in linear time, in RE2 syntax. */
export const linearRegexSchema = patternSchema(linearRegexProblem);
