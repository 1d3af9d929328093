import type { ScopeRule } from '../config.js';
import { RefusedError } from '../errors.js';
import { COMPOSE_PROJECT_LABEL } from './selector.js';

// Scope: which containers alert-opened incidents may act on. The config's `scope` says it for the
// server; an API key may carry rules of its own, and then a container must be in both. Intake
// checks the alert's target; the rules are then recorded with the incident, and every step's
// container is checked against them where it is resolved (src/docker/target.ts), so a step
// whose parameters name another container (an alert label, any template) cannot reach it.

/** The scope an alert-opened incident's steps act within, recorded with the incident when it opens. */
export interface IncidentScope {
  /** The config's `scope` when the incident opened. */
  server: ScopeRule[];
  /** The API key's own rules, when the key that posted the alert has any. */
  key?: ScopeRule[];
}

/** A step named a container outside its incident's scope: refused before anything is done to it. */
export class OutOfScopeError extends RefusedError {}

export interface ScopedContainer {
  host: string;
  name: string; // without Docker's leading "/"
  labels: Record<string, string>;
}

/** `*` matches any run of characters, `?` one; everything else literally. */
function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(text);
}

function ruleMatches(rule: ScopeRule, container: ScopedContainer): boolean {
  if (rule.hosts && !rule.hosts.includes(container.host)) return false;
  for (const [key, value] of Object.entries(rule.labels ?? {})) {
    if (!Object.hasOwn(container.labels, key) || container.labels[key] !== value) return false;
  }
  if (rule.compose_projects && !rule.compose_projects.includes(container.labels[COMPOSE_PROJECT_LABEL] ?? '')) return false;
  if (rule.names && !rule.names.some((pattern) => globMatches(pattern, container.name))) return false;
  return true;
}

/** A rule in words, for the reason a container is refused. */
export function describeRule(rule: ScopeRule): string {
  const parts: string[] = [];
  if (rule.hosts) parts.push(`on host ${rule.hosts.join('|')}`);
  for (const [key, value] of Object.entries(rule.labels ?? {})) parts.push(`label ${key}=${value}`);
  if (rule.compose_projects) parts.push(`compose project ${rule.compose_projects.join('|')}`);
  if (rule.names) parts.push(`name ${rule.names.join('|')}`);
  return parts.length ? parts.join(' and ') : 'any container';
}

const describeRules = (rules: readonly ScopeRule[]) => (rules.length ? rules.map(describeRule).join('; or ') : 'nothing (the scope list is empty)');

/**
 * Undefined when the container is in scope: some server rule matches it, and some rule of the
 * key's own (when the key has any). Otherwise why not, in words a responder can act on.
 */
export function outOfScopeReason(container: ScopedContainer, serverRules: readonly ScopeRule[], keyRules?: readonly ScopeRule[]): string | undefined {
  if (!serverRules.some((rule) => ruleMatches(rule, container))) {
    return `container "${container.name}" on host "${container.host}" is outside the server's scope (${describeRules(serverRules)}): alerts may act only on containers opted in`;
  }
  if (keyRules && keyRules.length > 0 && !keyRules.some((rule) => ruleMatches(rule, container))) {
    return `container "${container.name}" on host "${container.host}" is outside this API key's scope (${describeRules(keyRules)})`;
  }
  return undefined;
}

/** Throws OutOfScopeError when the container is outside the incident's scope. */
export function enforceScope(container: ScopedContainer & { id: string }, scope: IncidentScope): void {
  const reason = outOfScopeReason(container, scope.server, scope.key);
  if (!reason) return;
  throw new OutOfScopeError(`refused: ${reason}; this incident was opened by an alert and its steps act only within the scope recorded when it opened`, {
    hint: 'to act on it, open an incident from the CLI (irctl run), or opt the container in (config.yaml scope)',
    details: { container_id: container.id, container_name: container.name, host: container.host, reason },
  });
}
