import { chooseImage, describeChoice } from '../../actions/recover/index.js';
import { resolveContainer } from '../../docker/target.js';
import { scopeOf, type RunContext } from '../../engine/compile.js';
import type { IncidentRow } from '../../engine/incidents.js';
import { interpolate } from '../../runbook/expressions.js';
import { isActionStep, type Runbook } from '../../runbook/schema.js';
import type { Services } from '../../services.js';

const MAX_STEPS = 6;

/**
 * For each recover.recreate step an approval lets run: the exact image and image id it will use,
 * resolved now on the engine (the gate is where a person decides, so they see what they allow).
 * A line that cannot be resolved says why instead; it never stops the prompt.
 */
export async function recreateImagesAfterGate(
  services: Services,
  incident: IncidentRow,
  runbook: Runbook,
  gateId: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const index = runbook.steps.findIndex((step) => step.id === gateId);
  const steps = runbook.steps.slice(index + 1, index + 1 + MAX_STEPS).filter((step) => isActionStep(step) && step.uses === 'recover.recreate');
  if (index < 0 || steps.length === 0) return [];
  const context = runContextOf(incident);
  const lines: string[] = [];
  for (const step of steps) {
    if (!isActionStep(step)) continue;
    try {
      const params = interpolate(step.with ?? {}, scopeOf(context)) as { container?: unknown; host?: unknown; image?: unknown };
      if (typeof params.container !== 'string') throw new Error('its container is not known yet');
      const host = typeof params.host === 'string' ? params.host : 'local';
      const target = await resolveContainer(services.docker, { container: params.container, host }, { signal });
      const named = typeof params.image === 'string' && params.image !== '' ? params.image : undefined;
      const choice = await chooseImage({ docker: target.docker, db: services.db, incidentId: incident.id, old: target.info, named, signal });
      lines.push(`${step.id} recreates ${params.container} from ${describeChoice(choice)}`);
    } catch (error) {
      lines.push(`${step.id}: cannot tell which image it will use yet (${(error as Error).message})`);
    }
  }
  return lines;
}

function runContextOf(incident: IncidentRow): RunContext {
  const persisted = incident.snapshot ? (JSON.parse(incident.snapshot) as { context?: Partial<RunContext> }).context : undefined;
  return {
    incidentId: incident.id,
    inputs: persisted?.inputs ?? (JSON.parse(incident.inputs) as Record<string, unknown>),
    alert: persisted?.alert ?? (incident.alert ? JSON.parse(incident.alert) : null),
    steps: persisted?.steps ?? {},
    visits: persisted?.visits ?? {},
  };
}
