import type { Report } from './schema.js';

/** The JSON report: the model itself, validated against docs/report.schema.json's source. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
