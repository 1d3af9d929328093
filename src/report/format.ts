// Small formatters shared by the Markdown and HTML writers, so both say the same thing.

/** "2 h 05 min", "41 s", "350 ms". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "2025-01-01 12:00:03 UTC" from an ISO time; "—" for none. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export const REVIEW_TITLES = {
  rootCause: 'Root cause',
  wentWell: 'What went well',
  toChange: 'What to change',
  controls: 'Controls to update',
} as const;

export const SLA_STATE_TEXT = { met: 'met', breached: 'BREACHED', pending: 'pending (not resolved yet)' } as const;

export const VERIFICATION_TEXT = { ok: 'ok', modified: 'MODIFIED', missing: 'MISSING', incomplete: 'incomplete capture' } as const;

/** A gate as the reports name it: its step, and which visit when the run came back to it. */
export function gateName(gate: { stepId: string; visit: number }): string {
  return gate.visit > 1 ? `${gate.stepId} (visit ${gate.visit})` : gate.stepId;
}

const DECISION_WAYS: Record<string, string> = { cli: 'CLI', 'api-key': 'API', console: 'console', 'insecure-no-auth': 'HTTP without auth' };

/** Which way a gate decision came in, for the approvals table: "API, key 3fa9c1d2 (made by alice)", "CLI, no key". */
export function decisionChannel(decision: { via: string | null; keyId: string | null; keyCreatedBy: string | null }): string {
  if (decision.via === null) return 'not recorded';
  const way = DECISION_WAYS[decision.via] ?? decision.via;
  return decision.keyId ? `${way}, key ${decision.keyId} (made by ${decision.keyCreatedBy ?? 'unknown'})` : `${way}, no key`;
}
