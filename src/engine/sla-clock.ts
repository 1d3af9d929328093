const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The response SLA per severity (DESIGN.md): critical 4 h · high 24 h · medium 1 week · low 1 month. */
export const SLA_BUDGETS: Record<string, { ms: number; label: string }> = {
  critical: { ms: 4 * HOUR, label: '4 h' },
  high: { ms: 24 * HOUR, label: '24 h' },
  medium: { ms: 7 * DAY, label: '1 week' },
  low: { ms: 30 * DAY, label: '1 month' },
};

/** "At risk" once this share of the budget is gone without recovery. */
export const SLA_AT_RISK_SHARE = 0.75;

export function slaBudget(severity: string): { ms: number; label: string } {
  return SLA_BUDGETS[severity] ?? SLA_BUDGETS.low!;
}
