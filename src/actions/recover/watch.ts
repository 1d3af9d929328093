import { z } from 'zod';
import { defineAction, type JsonValue } from '../contract.js';
import { targetParams } from '../../docker/target.js';
import { ActionFailedError } from '../../errors.js';
import { findingOutputs, saveFindings, type Finding } from '../../investigate/findings.js';
import { linearRegex, linearRegexSchema } from '../../linear-regex.js';
import { pathGlobSchema, pathMatcher } from '../../investigate/path-glob.js';
import { durationSchema, parseDuration } from '../../duration.js';
import { sleep } from '../../long-timers.js';
import { nameOf, resolveTarget } from '../docker/container-step.js';
import { liveIocFindings, watchEvents, type ContainerEvent } from './recurrence.js';
import { plural } from '../../text.js';

export const WATCHED_EVENTS = ['exec_create', 'exec_start', 'attach', 'extract-to-dir', 'oom', 'die'];

export const recoverWatch = defineAction({
  name: 'recover.watch',
  phase: 'recovery',
  summary: 'Watch a recovered container for a while: Docker events (exec, attach, copy-in, die) and repeated IoC checks; a recurrence fails the step.',
  params: z
    .object({
      ...targetParams,
      duration: durationSchema.default('5m').describe('how long to watch'),
      interval: durationSchema.default('15s').describe('how often to repeat the diff and process checks'),
      events: z.array(z.string().min(1)).default(WATCHED_EVENTS).describe('Docker event actions that count as a recurrence'),
      allowlist: z.array(pathGlobSchema).default([]).describe('path globs the service may change'),
      allow: z.array(linearRegexSchema).default([]).describe('command lines (regexes) that are expected'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.changes', 'container.top', 'system.events'],
  example: `- id: watch\n  uses: recover.watch\n  with: { container: "\${{ inputs.container }}", duration: 10m }\n  on_failure: isolate`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const untilMs = Date.now() + parseDuration(ctx.params.duration);
    const intervalMs = parseDuration(ctx.params.interval);
    const allowedPath = pathMatcher(ctx.params.allowlist);
    const allow = ctx.params.allow.map((source) => linearRegex(source));
    const watching = new AbortController();
    const stop = () => watching.abort();
    ctx.signal.addEventListener('abort', stop, { once: true });

    const seen: ContainerEvent[] = [];
    const events = watchEvents(
      target,
      untilMs,
      (event) => {
        if (!ctx.params.events.includes(event.action)) return;
        seen.push(event);
        watching.abort(); // one is enough: stop and report
      },
      watching.signal,
    );
    events.catch(() => undefined);
    let findings: Finding[] = [];
    let checks = 0;
    try {
      while (!watching.signal.aborted && Date.now() < untilMs) {
        // an event that arrives mid-check aborts the check: the event is what gets reported
        findings = await liveIocFindings(target, allowedPath, (cmd) => allow.some((regex) => regex.test(cmd)), watching.signal).catch((error: unknown) => {
          if (watching.signal.aborted) return [];
          throw error;
        });
        checks++;
        if (findings.length > 0) break;
        await sleep(Math.min(intervalMs, Math.max(0, untilMs - Date.now())), watching.signal).catch(() => undefined);
      }
    } finally {
      watching.abort();
      ctx.signal.removeEventListener('abort', stop);
      await events.catch(() => undefined);
    }
    if (ctx.signal.aborted) throw ctx.signal.reason ?? new ActionFailedError('recover.watch was aborted');

    const recurrence: Finding[] = [
      ...seen.map((event): Finding => ({ severity: 'high', kind: `event:${event.action}`, evidenceId: null, detail: event.detail })),
      ...findings,
    ];
    saveFindings(ctx.services.db, ctx.incidentId, ctx.stepId, recurrence);
    if (recurrence.length > 0) {
      const what = recurrence
        .slice(0, 5)
        .map((finding) => `${finding.kind} ${JSON.stringify(finding.detail.action ?? finding.detail.path ?? finding.detail.cmd ?? '')}`);
      ctx.custody.record({
        act: 'recurrence',
        actor: ctx.actor,
        subject: target.info.Id,
        where: { host: target.hostName, container_id: target.info.Id },
        how: { action: 'recover.watch' },
        details: {
          ...findingOutputs(recurrence),
          first: recurrence.slice(0, 5).map((finding) => ({ kind: finding.kind, detail: finding.detail })) as JsonValue,
        },
      });
      throw new ActionFailedError(`recurrence on ${nameOf(target)} while watching: ${what.join('; ')}`, {
        hint: `irctl findings ${ctx.incidentId} lists what was seen; route on_failure of this step back to containment`,
        details: { findings: recurrence.length },
      });
    }
    return {
      kind: 'done',
      summary: `watched ${nameOf(target)} for ${ctx.params.duration}: no recurrence in ${plural(checks, 'check')}`,
      outputs: { container_id: target.info.Id, checks, ...findingOutputs([]) },
    };
  },
});
