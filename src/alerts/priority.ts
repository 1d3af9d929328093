// Falco's priority scale is the one scale every alert is normalized to, most severe first.
// Alertmanager and Grafana have no fixed severities: their `severity` label words are mapped here.

export const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'] as const;
export type Priority = (typeof PRIORITIES)[number];

// Common severity words seen in Prometheus / Grafana rule labels and other tools, mapped by meaning.
const SYNONYMS: Record<string, Priority> = {
  emerg: 'emergency',
  panic: 'emergency',
  fatal: 'critical',
  crit: 'critical',
  page: 'critical',
  disaster: 'critical',
  p1: 'critical',
  err: 'error',
  high: 'error',
  major: 'error',
  p2: 'error',
  warn: 'warning',
  medium: 'warning',
  moderate: 'warning',
  minor: 'warning',
  average: 'warning',
  p3: 'warning',
  low: 'notice',
  p4: 'notice',
  info: 'informational',
  information: 'informational',
  p5: 'informational',
  none: 'informational',
  trace: 'debug',
};

/** A priority word (any case), a severity synonym, or Falco's numeric priority (0 = emergency … 7 = debug). */
export function normalizePriority(value: unknown): Priority | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? PRIORITIES[value] : undefined;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if ((PRIORITIES as readonly string[]).includes(word)) return word as Priority;
  if (Object.hasOwn(SYNONYMS, word)) return SYNONYMS[word];
  return /^[0-7]$/.test(word) ? PRIORITIES[Number(word)] : undefined;
}

/** Higher is more severe: debug = 0 … emergency = 7. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.length - 1 - PRIORITIES.indexOf(priority);
}

export type PriorityOperator = '>=' | '>' | '<=' | '<' | '==' | '!=';

export interface PriorityCondition {
  operator: PriorityOperator;
  priority: Priority;
}

const CONDITION = /^\s*(>=|<=|==|!=|=|>|<)?\s*([A-Za-z0-9]+)\s*$/;

/** Parse a trigger's `priority: ">= warning"` (a bare word means equal). Returns a reason when invalid. */
export function parsePriorityCondition(text: string): PriorityCondition | { problem: string } {
  const match = CONDITION.exec(text);
  if (!match) return { problem: `priority condition "${text}" is not "<operator> <priority>", e.g. ">= warning"` };
  const priority = normalizePriority(match[2]);
  if (!priority) return { problem: `priority condition "${text}" names an unknown priority; use one of ${PRIORITIES.join(', ')}` };
  const operator = (match[1] === '=' || match[1] === undefined ? '==' : match[1]) as PriorityOperator;
  return { operator, priority };
}

export function satisfiesPriority(actual: Priority, condition: PriorityCondition): boolean {
  const a = priorityRank(actual);
  const b = priorityRank(condition.priority);
  switch (condition.operator) {
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}
