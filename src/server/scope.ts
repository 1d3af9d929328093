import type { ScopeRule } from '../config.js';
import { COMPOSE_PROJECT_LABEL } from '../docker/selector.js';

// Scope: which containers alert-opened incidents may act on. The config's `scope` says it for the
// server; an API key may carry rules of its own, and then a container must be in both.

export interface ScopedContainer {
  host: string;
  name: string; // without Docker's leading "/"
  labels: Record<string, string>;
}

/** `*` matches any run of characters, `?` one; everything else literally. */
function globMatches(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
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
