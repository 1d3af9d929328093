import type { ActionContext, ActionOutcome, JsonValue } from '../contract.js';
import { findingOutputs, saveFindings, type Finding } from '../../investigate/findings.js';
import { assertVerified, requireEvidence, type EvidenceSelection } from '../../investigate/verified-evidence.js';
import type { EvidenceRow } from '../../evidence/records.js';
import { plural } from '../../text.js';

/** The artifacts an investigation step reads, each re-hashed against its recorded sha256 first. */
export async function verifiedArtifacts(
  ctx: ActionContext<unknown>,
  selection: EvidenceSelection,
  what: string,
): Promise<{ row: EvidenceRow; path: string }[]> {
  const rows = requireEvidence(ctx.services.db, ctx.incidentId, selection, what);
  const verified = [];
  for (const row of rows) verified.push({ row, path: await assertVerified(ctx.services.evidenceDir, row, ctx.custody, ctx.actor, ctx.stepId) });
  return verified;
}

/**
 * Store the step's findings, note them in the ledger (what was concluded from which evidence),
 * and return them as outputs a later `if` can test: count, max_severity, kinds, plus the step's own.
 */
export function findingsOutcome(
  ctx: ActionContext<unknown>,
  findings: Finding[],
  evidenceIds: string[],
  summary: string,
  extra: Record<string, JsonValue> = {},
): ActionOutcome {
  saveFindings(ctx.services.db, ctx.incidentId, ctx.stepId, findings);
  const outputs = { ...findingOutputs(findings), ...extra };
  ctx.custody.record({
    act: 'analyzed',
    actor: ctx.actor,
    subject: `step:${ctx.stepId}`,
    how: { step: ctx.stepId },
    details: { evidence_ids: evidenceIds, findings: outputs.count, max_severity: outputs.max_severity, kinds: outputs.kinds },
  });
  return { kind: 'done', summary: `${summary}: ${plural(outputs.count, 'finding')}, max severity ${outputs.max_severity}`, outputs };
}
