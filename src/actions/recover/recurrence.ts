import type { JsonValue } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, type ResolvedTarget } from '../../docker/target.js';
import { classifyChange, changeDetail, leafChanges } from '../../investigate/diff-rules.js';
import type { Finding } from '../../investigate/findings.js';
import { classifyProcesses, processDetail, processRows } from '../../investigate/process-rules.js';
import { containerChanges } from '../evidence/diff.js';

/** The IoC checks of the investigation, repeated on the live container: diff and processes. */
export async function liveIocFindings(
  target: ResolvedTarget,
  allowedPath: (path: string) => boolean,
  allowedCmd: (cmd: string) => boolean,
  signal: AbortSignal,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const change of leafChanges(await containerChanges(target, signal))) {
    if (allowedPath(change.path)) continue;
    const classification = classifyChange(change);
    if (classification)
      findings.push({ severity: classification.severity, kind: classification.category, evidenceId: null, detail: changeDetail(change, classification) });
  }
  const top = await dockerCall(
    operationOn(target, `list the processes of container ${target.info.Id.slice(0, 12)}`),
    () => target.container.top({ ps_args: '-ef', abortSignal: signal }),
    { signal },
  );
  const titles: string[] = top.Titles ?? [];
  const rows = processRows({ processes: (top.Processes ?? []).map((row: string[]) => Object.fromEntries(titles.map((title, i) => [title, row[i] ?? '']))) });
  for (const found of classifyProcesses(rows, { allowed: allowedCmd, initPid: target.info.State.Pid || undefined }))
    findings.push({ severity: found.severity, kind: found.kind, evidenceId: null, detail: processDetail(found) });
  return findings;
}

export interface ContainerEvent {
  action: string; // "exec_start: sh -c id" → "exec_start"
  detail: Record<string, JsonValue>;
}

/**
 * Docker events for one container from now until `untilMs`, delivered as they happen. The
 * engine ends the stream at `until`; an abort ends it early.
 */
export async function watchEvents(target: ResolvedTarget, untilMs: number, onEvent: (event: ContainerEvent) => void, signal: AbortSignal): Promise<void> {
  const stream = await dockerCall(
    operationOn(target, `watch the events of container ${target.info.Id.slice(0, 12)}`),
    () =>
      target.docker.getEvents({
        since: Math.floor(Date.now() / 1000),
        until: Math.ceil(untilMs / 1000),
        filters: { container: [target.info.Id], type: ['container'] },
        abortSignal: signal,
      }),
    { signal },
  );
  let buffered = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        const event = JSON.parse(line) as { Action?: string; status?: string; time?: number; Actor?: { Attributes?: Record<string, string> } };
        const full = event.Action ?? event.status ?? '';
        onEvent({ action: full.split(':')[0]!.trim(), detail: { action: full, time: event.time ?? null, attributes: event.Actor?.Attributes ?? {} } });
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    (stream as unknown as { destroy?(): void }).destroy?.();
  }
}
