import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotateIncident } from '../../../src/report/annotations.js';
import { renderHtml } from '../../../src/report/html.js';
import { renderJson } from '../../../src/report/json.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { buildReport } from '../../../src/report/model.js';
import { reportJsonSchema, type Report } from '../../../src/report/schema.js';
import { createIncidentFixture, type IncidentFixture } from './fixtures/incident.js';
import { appendCustody } from '../../../src/custody/ledger.js';

describe('report writers on a real incident', () => {
  let fixture: IncidentFixture;
  let report: Report;
  let markdown: string;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    annotateIncident(fixture.services.db, fixture.incidentId, 'alice', {
      rootCause: 'an exposed | admin page\nwith a default password',
      wentWell: 'containment within a minute',
      toChange: 'alert on shells in web containers',
      controls: 'CIS 5.1: remove default credentials',
    });
    report = await buildReport(fixture.services.db, {
      incidentId: fixture.incidentId,
      evidenceDir: fixture.evidenceDir,
      home: fixture.home,
      generatedBy: 'dave',
    });
    markdown = renderMarkdown(report);
  });
  afterAll(() => fixture.cleanup());

  it('markdown has one heading per section in order', () => {
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Summary',
      '## Response SLA',
      '## Paging',
      '## Timeline',
      '## Approvals',
      '## Containment actions',
      '## Evidence',
      '## Findings',
      '## Chain of custody',
      '## Post-incident review',
    ]);
    expect(markdown.startsWith(`# Incident report: ${fixture.incidentId.replace(/-/g, '-')}\n`)).toBe(true);
  });

  it('markdown tables keep their column count: pipes in values are escaped', () => {
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    for (const block of markdown.split('\n\n')) {
      const rows = block.split('\n').filter((line) => line.startsWith('| '));
      if (rows.length === 0) continue;
      for (const row of rows) expect(cells(row)).toBe(cells(rows[0]!));
    }
    expect(markdown).toContain('image digest checked \\| rebuild \\<now\\>');
  });

  it('markdown contains no HTML tags', () => {
    const outsideCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
    expect(outsideCode).not.toMatch(/(?<!\\)<[a-z/!][^>]*>/i); // a backslash-escaped \< is literal text in CommonMark
  });

  it('markdown shows the evidence rows, the signed head and the review', () => {
    expect(markdown).toMatch(/\| inspect-web-1\.json \| inspect \| \d+ B \| `[0-9a-f]{64}` \| .* \| alice \| ok \|/);
    expect(markdown).toContain(`| ${report.custody.signedHead!.seq} | \`${report.custody.signedHead!.hash}\` | \`${report.custody.signedHead!.signature}\``);
    expect(markdown).toContain('### Root cause\n\nan exposed \\| admin page\nwith a default password');
    expect(markdown).toContain('_Last updated');
  });

  it('the annotation is in the timeline as a review event', () => {
    expect(report.timeline.at(-1)).toMatchObject({ kind: 'review_annotated', category: 'review', actor: 'alice' });
  });

  it('html is one document with inline style, inline SVG, no scripts and no external references', () => {
    const page = renderHtml(report);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).toContain('<svg id="timeline-chart"');
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(/i);
    expect(page).toContain('image digest checked | rebuild &lt;now&gt;');
  });

  it('json is the model and validates against docs/report.schema.json', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const published = JSON.parse(readFileSync(new URL('../../../docs/report.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const validate = ajv.compile(published);
    const parsed: unknown = JSON.parse(renderJson(report));
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('docs/report.schema.json is what the model generates (regenerate: irctl report --schema > docs/report.schema.json)', () => {
    const published = readFileSync(new URL('../../../docs/report.schema.json', import.meta.url), 'utf8');
    expect(published).toBe(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
  });
});

describe('report writers on a ledger with records no checkpoint pins', () => {
  it("carry custody verify's warning into every format", async () => {
    const fixture = await createIncidentFixture();
    try {
      appendCustody(fixture.services.db, fixture.incidentId, { act: 'verified', actor: 'dave', subject: 'after the last checkpoint' });
      const report = await buildReport(fixture.services.db, {
        incidentId: fixture.incidentId,
        evidenceDir: fixture.evidenceDir,
        home: fixture.home,
        generatedBy: 'dave',
      });
      const warning = report.custody.warnings.find((text) => text.includes('pinned by no signed checkpoint'));
      expect(warning).toBeDefined();
      expect(renderMarkdown(report)).toContain('warning: record 6 is pinned by no signed checkpoint');
      expect(renderHtml(report)).toContain('warning: record 6 is pinned by no signed checkpoint');
      expect(JSON.parse(renderJson(report)).custody.warnings).toContain(warning);
    } finally {
      fixture.cleanup();
    }
  });
});
