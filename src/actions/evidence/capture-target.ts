import type { ActionContext, CaptureRequest, CapturedEvidence, JsonValue, ActionOutcome } from '../contract.js';
import type { ResolvedTarget } from '../../docker/target.js';
import { resolveTarget } from '../docker/container-step.js';

type TargetParams = { container: string; host: string };

/** A resolved container plus what every capture from it says about where and how it was taken. */
export interface EvidenceTarget extends ResolvedTarget {
  /** Container name (or short id) for file names: "web-1". */
  label: string;
  /** subject / where / how for CaptureRequest, shared by every artifact of the step. */
  provenance: Pick<CaptureRequest, 'subject' | 'where' | 'how'>;
}

export async function evidenceTarget(ctx: ActionContext<TargetParams>, action: string): Promise<EvidenceTarget> {
  const target = await resolveTarget(ctx, { readOnly: true }); // captures only read: side-by-side ones share one inspect
  const engineVersion = await ctx.services.docker.engineVersion(target.hostName, ctx.signal);
  return {
    ...target,
    label: target.info.Name.replace(/^\//, '') || target.info.Id.slice(0, 12),
    provenance: {
      subject: target.info.Id,
      where: {
        host: target.hostName,
        engine_version: engineVersion,
        container_id: target.info.Id,
        container_name: target.info.Name.replace(/^\//, ''),
        image_id: target.info.Image,
        image_ref: target.info.Config.Image,
      },
      how: { action, params: ctx.params as unknown as JsonValue },
    },
  };
}

/** The outcome of a capture step: the first artifact's id, hash, size and path as outputs (what a
 *  later step usually wants), every artifact under `artifacts`, and all evidence ids. */
export function capturedOutcome(summary: string, captured: CapturedEvidence[], extra: Record<string, JsonValue> = {}): ActionOutcome {
  const [first] = captured;
  return {
    kind: 'done',
    summary,
    outputs: {
      ...(first ? { evidence_id: first.evidenceId, sha256: first.sha256, size: first.size, path: first.path } : {}),
      artifacts: captured.map((c) => ({ evidence_id: c.evidenceId, sha256: c.sha256, size: c.size, path: c.path })),
      ...extra,
    },
    evidenceIds: captured.map((c) => c.evidenceId),
  };
}
