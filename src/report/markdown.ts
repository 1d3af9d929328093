import { decisionChannel, formatBytes, formatDuration, formatTime, gateName, REVIEW_TITLES, SLA_STATE_TEXT, VERIFICATION_TEXT } from './format.js';
import { REVIEW_FIELDS } from './annotations.js';
import type { Report } from './schema.js';

// Markdown that pastes cleanly into a ticket or a wiki: headings, pipe tables, no HTML. Every
// value that came from the store is escaped, so a container name or a comment cannot open a
// link, a code span or a table cell of its own.

/**
 * Escape inline Markdown. Every line break — \n, a lone \r, U+2028/2029 — and other control
 * characters become a space: a table row is one line, and a row forged from an alert summary must
 * not appear. Bare URLs, www. names and e-mail addresses get a zero-width space after their
 * scheme / before their dot / after their @, so a renderer's autolinking makes no link of them.
 */
export function mdText(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return String(value)
    .replace(/\r\n|[\r\n\u2028\u2029\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):\/\//g, '$1:\u200b//')
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\u200b.`)
    .replace(/@/g, '@\u200b')
    .replace(/[\\`*_[\]<>|#~&!]/g, '\\$&');
}

/** A code span for hashes and ids; backticks cannot occur in them but are dropped to be sure. */
const code = (value: string | null): string => (value ? `\`${value.replace(/`/g, '')}\`` : '—');

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function summary(report: Report): string {
  const { incident } = report;
  const alert = incident.alert ? `${mdText(incident.alert.source)}: ${mdText(incident.alert.rule)}` : '—';
  const rows: [string, string][] = [
    ['Runbook', `${mdText(incident.runbook)} (${mdText(incident.runbookFile)})`],
    ['Target', mdText(incident.target)],
    ['Severity', mdText(incident.severity)],
    ['Status', mdText(incident.status)],
    ['Initiator', mdText(incident.initiator)],
    ['Opened', formatTime(incident.openedAt)],
    ['Closed', formatTime(incident.closedAt)],
    ['Alert', alert],
    ['Involved', report.involved.map((person) => `${mdText(person.actor)} (${person.as.join(', ')})`).join(', ') || '—'],
  ];
  return table(
    ['Field', 'Value'],
    rows.map(([field, value]) => [field, value]),
  );
}

function sla(report: Report): string {
  const { sla } = report;
  return [
    table(
      ['Severity', 'Response SLA', 'Deadline', 'Resolved', 'Time to resolve', 'SLA'],
      [
        [
          mdText(sla.severity),
          sla.budget,
          formatTime(sla.deadline),
          formatTime(sla.resolvedAt),
          formatDuration(sla.timeToResolveMs),
          SLA_STATE_TEXT[sla.state],
        ],
      ],
    ),
    '',
    `- Time to contain: ${formatDuration(sla.timeToContainMs)}${sla.containedBy ? ` (${mdText(sla.containedBy)})` : ''}`,
    `- Time to recover: ${formatDuration(sla.timeToRecoverMs)}`,
  ].join('\n');
}

function paging(report: Report): string {
  const { paging } = report;
  const lines = [
    `- Acknowledged: ${paging.acknowledgements.length ? paging.acknowledgements.map((a) => `${mdText(a.actor)} at ${formatTime(a.at)}${a.comment ? ` (${mdText(a.comment)})` : ''}`).join('; ') : 'no'}`,
    `- SLA at risk (75 %): ${formatTime(paging.slaAtRiskAt)} · breached: ${formatTime(paging.slaBreachedAt)}`,
  ];
  const escalations = paging.escalations.length
    ? table(
        ['At', 'Escalation', 'To'],
        paging.escalations.map((e) => [
          formatTime(e.at),
          e.source === 'oncall' ? `page level ${e.level ?? '?'}` : `gate ${mdText(e.stepId ?? '?')}`,
          mdText(e.notify.join(', ')),
        ]),
      )
    : '_No escalations were sent._';
  const failed = paging.failedNotifications.length
    ? table(
        ['At', 'Event', 'Channel', 'Error'],
        paging.failedNotifications.map((f) => [formatTime(f.at), mdText(f.event), mdText(f.channel), mdText(f.error)]),
      )
    : '_Every notification was delivered._';
  return [...lines, '', escalations, '', '**Notifications that failed**', '', failed].join('\n');
}

function timeline(report: Report): string {
  return table(
    ['Time (UTC)', 'Phase', 'Event', 'Actor', 'Duration'],
    report.timeline.map((event) => [
      formatTime(event.at),
      mdText(event.phase),
      `${mdText(event.summary)}${event.comment ? ` — “${mdText(event.comment)}”` : ''}`,
      mdText(event.actor),
      event.durationMs === null ? '' : formatDuration(event.durationMs),
    ]),
  );
}

function approvals(report: Report): string {
  const rows = report.gates.flatMap((gate) =>
    gate.decisions.map((decision) => [
      mdText(gateName(gate)),
      mdText(gate.outcome ?? 'open'),
      mdText(decision.actor),
      mdText(decision.role),
      mdText(decision.decision),
      mdText(decision.comment),
      mdText(decisionChannel(decision)),
      formatTime(decision.at),
    ]),
  );
  return rows.length ? table(['Gate', 'Outcome', 'Who', 'Role', 'Decision', 'Comment', 'Through', 'At'], rows) : 'No approval decisions.';
}

function containment(report: Report): string {
  if (report.containment.length === 0) return 'No containment actions were recorded.';
  return table(
    ['Record', 'Time (UTC)', 'Taken / undone', 'Action', 'Container', 'Host', 'Actor'],
    report.containment.map((act) => [
      String(act.seq),
      formatTime(act.at),
      act.kind,
      mdText(act.action),
      code(act.subject.slice(0, 12)),
      mdText(act.host),
      mdText(act.actor),
    ]),
  );
}

function evidence(report: Report): string {
  if (report.evidence.length === 0) return 'No evidence was captured.';
  const parts = [
    table(
      ['Name', 'Kind', 'Size', 'SHA-256', 'Captured at', 'Captured by', 'Verified'],
      report.evidence.map((item) => [
        mdText(item.name),
        mdText(item.kind),
        formatBytes(item.size),
        code(item.sha256),
        formatTime(item.capturedAt),
        mdText(item.capturedBy),
        VERIFICATION_TEXT[item.verification],
      ]),
    ),
  ];
  for (const item of report.evidence) {
    if (!item.containerConfig) continue;
    const config = item.containerConfig;
    parts.push(
      '',
      `### Container configuration (${mdText(item.name)})`,
      '',
      `- Image: ${mdText(config.image)}`,
      `- Command: ${config.command.length ? config.command.map((arg) => mdText(arg)).join(' ') : '—'}`,
      `- Environment (values redacted): ${config.env.length ? config.env.map((entry) => mdText(entry)).join(', ') : '—'}`,
    );
  }
  return parts.join('\n');
}

function findings(report: Report): string {
  if (!report.findings.available) return 'This store records no findings (no investigation module).';
  if (report.findings.items.length === 0) return 'No findings.';
  return table(
    ['Severity', 'Kind', 'Step', 'Evidence', 'Detail'],
    report.findings.items.map((finding) => [
      mdText(finding.severity),
      mdText(finding.kind),
      mdText(finding.stepId),
      code(finding.evidenceId),
      mdText(JSON.stringify(finding.detail)),
    ]),
  );
}

function custody(report: Report): string {
  const { custody } = report;
  const lines = [
    `Verification: **${custody.ok ? 'ok' : 'FAILED'}** — ${custody.records} records, ${custody.artifacts} evidence file(s) re-hashed, ${custody.checkpoints} checkpoint(s); head ${code(custody.headHash)}`,
  ];
  if (custody.problems.length) {
    lines.push(
      '',
      ...custody.problems.map(
        (problem) => `- ${problem.seq === null ? 'ledger' : `record ${problem.seq}`} \\[${mdText(problem.kind)}\\] ${mdText(problem.message)}`,
      ),
    );
  }
  if (custody.warnings.length) lines.push('', ...custody.warnings.map((warning) => `- warning: ${mdText(warning)}`));
  const head = custody.signedHead;
  if (!head) {
    lines.push('', 'No signed checkpoint yet.');
    return lines.join('\n');
  }
  lines.push(
    '',
    '### Signed head',
    '',
    table(
      ['Seq', 'Hash', 'Signature', 'Key fingerprint', 'Reason', 'Signed at'],
      [[String(head.seq), code(head.hash), code(head.signature), code(head.keyFingerprint), mdText(head.reason), formatTime(head.signedAt)]],
    ),
    '',
    'The signed note, to keep elsewhere and check later with `irctl custody verify --checkpoint FILE`:',
    '',
    '```text',
    head.note.replace(/`/g, '').trimEnd(),
    '```',
  );
  return lines.join('\n');
}

function review(report: Report): string {
  const parts: string[] = [];
  for (const field of REVIEW_FIELDS) {
    const text = report.review[field];
    parts.push(
      `### ${REVIEW_TITLES[field]}`,
      '',
      text
        ? text
            .split(/\r?\n/)
            .map((line) => (line.trim() ? mdText(line) : ''))
            .join('\n')
        : '_Not written yet._',
      '',
    );
  }
  if (report.review.updatedBy) parts.push(`_Last updated ${formatTime(report.review.updatedAt)} by ${mdText(report.review.updatedBy)}._`);
  else
    parts.push(`_Fill in with \`irctl incident annotate ${report.incident.id.replace(/`/g, '')} --root-cause … --went-well … --to-change … --controls …\`._`);
  return parts.join('\n').trimEnd();
}

export function renderMarkdown(report: Report): string {
  const sections: [string, string][] = [
    ['Summary', summary(report)],
    ['Response SLA', sla(report)],
    ['Paging', paging(report)],
    ['Timeline', timeline(report)],
    ['Approvals', approvals(report)],
    ['Containment actions', containment(report)],
    ['Evidence', evidence(report)],
    ['Findings', findings(report)],
    ['Chain of custody', custody(report)],
    ['Post-incident review', review(report)],
  ];
  return [
    `# Incident report: ${mdText(report.incident.id)}`,
    '',
    `Generated ${formatTime(report.generatedAt)} by ${mdText(report.generatedBy)}. Secrets in evidence are shown redacted; the evidence files keep their bytes.`,
    '',
    ...sections.flatMap(([title, body]) => [`## ${title}`, '', body, '']),
  ].join('\n');
}
