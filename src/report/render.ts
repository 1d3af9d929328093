import { UsageError } from '../errors.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './schema.js';

export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const WRITERS: Record<ReportFormat, (report: Report) => string> = { md: renderMarkdown, html: renderHtml, json: renderJson };

export function parseReportFormat(value: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(`unknown report format "${value}"`, { hint: `use --format ${REPORT_FORMATS.join(' | ')}` });
}

export function renderReport(report: Report, format: ReportFormat): string {
  return WRITERS[format](report);
}
