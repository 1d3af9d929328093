export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The highest of the given severities, or "none" when there are none (what `if`s compare with). */
export function maxSeverity(severities: Iterable<Severity>): Severity | 'none' {
  let highest = -1;
  for (const severity of severities) highest = Math.max(highest, SEVERITIES.indexOf(severity));
  return highest < 0 ? 'none' : SEVERITIES[highest]!;
}
