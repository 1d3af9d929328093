import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/engine/sla-clock.js
var HOUR = 36e5;
var DAY = 24 * HOUR;
var SLA_BUDGETS = {
  critical: { ms: 4 * HOUR, label: "4 h" },
  high: { ms: 24 * HOUR, label: "24 h" },
  medium: { ms: 7 * DAY, label: "1 week" },
  low: { ms: 30 * DAY, label: "1 month" }
};
var SLA_AT_RISK_SHARE = 0.75;
function slaBudget(severity) {
  return SLA_BUDGETS[severity] ?? SLA_BUDGETS.low;
}

export {
  SLA_BUDGETS,
  SLA_AT_RISK_SHARE,
  slaBudget
};
