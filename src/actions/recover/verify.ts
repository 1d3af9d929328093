import { z } from 'zod';
import { plural } from '../../text.js';
import { defineAction, type JsonValue } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { ActionFailedError } from '../../errors.js';
import { leafChanges } from '../../investigate/diff-rules.js';
import { pathGlobSchema, pathMatcher } from '../../investigate/path-glob.js';
import { nameOf, resolveTarget } from '../docker/container-step.js';
import { expectedImage, imageRefSchema } from './images.js';
import { containerChanges } from '../evidence/diff.js';
import { isolationOf, replacedBy } from './containment-history.js';
import type { Db } from '../../store/db.js';
import type Docker from 'dockerode';

/**
 * Against the networks recorded before isolation (of this container, or of the one a recreate
 * replaced with it): each is attached again with its aliases, and quarantine is left. A service
 * rebuilt without its networks fails here.
 */
function networkProblems(db: Db, incidentId: string, info: Docker.ContainerInspectInfo): string[] {
  const isolation = isolationOf(db, incidentId, replacedBy(db, incidentId, info.Id) ?? info.Id);
  if (!isolation) return [];
  if (!isolation.known) return ['the networks it was on before isolation are not recorded, so they cannot be checked'];
  const attached = info.NetworkSettings.Networks ?? {};
  const problems: string[] = [];
  for (const endpoint of isolation.originalNetworks) {
    const now = attached[endpoint.network];
    if (!now) problems.push(`it is not on network ${endpoint.network}, which it was on before isolation`);
    else {
      const missing = endpoint.aliases.filter((alias) => !(now.Aliases ?? []).includes(alias));
      if (missing.length > 0) problems.push(`on ${endpoint.network} it lacks the aliases ${missing.join(', ')}`);
    }
  }
  if (isolation.quarantineNetwork in attached) problems.push(`it is still on the quarantine network ${isolation.quarantineNetwork}`);
  return problems;
}

export const recoverVerify = defineAction({
  name: 'recover.verify',
  phase: 'recovery',
  summary:
    'Check a recovered container: it runs the expected image, is back on the networks recorded before isolation, and its docker diff has nothing outside an allowlist.',
  params: z
    .object({
      ...targetParams,
      image: imageRefSchema.describe('the image it must run'),
      allowlist: z.array(pathGlobSchema).default([]).describe('path globs the service may change (/var/log/**, /run/*.pid)'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.changes', 'image.inspect'],
  example: `- id: verify\n  uses: recover.verify\n  with: { container: "\${{ inputs.container }}", image: "web:1.4.2", allowlist: [/var/log/**] }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const expected = await dockerCall(
      operationOn(target, `inspect image ${ctx.params.image}`),
      () => expectedImage(target.docker, ctx.params.image, ctx.signal),
      { signal: ctx.signal },
    );
    const allowed = pathMatcher(ctx.params.allowlist);
    const unexpected = leafChanges(await containerChanges(target, ctx.signal)).filter((change) => !allowed(change.path));
    const problems: string[] = [];
    if (target.info.Image !== expected.Id)
      problems.push(`it runs image ${target.info.Image.slice(0, 19)}, not ${ctx.params.image} (${expected.Id.slice(0, 19)})`);
    if (!target.info.State.Running) problems.push(`it is not running (${target.info.State.Status})`);
    problems.push(...networkProblems(ctx.services.db, ctx.incidentId, target.info));
    if (unexpected.length > 0)
      problems.push(
        `${plural(unexpected.length, 'filesystem change')} outside the allowlist: ${unexpected
          .slice(0, 10)
          .map((c) => `${c.kind} ${c.path}`)
          .join(', ')}`,
      );
    if (problems.length > 0) {
      throw new ActionFailedError(`recovered container ${nameOf(target)} failed verification: ${problems.join('; ')}`, {
        hint: 'add paths the service legitimately writes to allowlist, or route on_failure back to containment',
        details: { unexpected: unexpected.map((c) => `${c.kind} ${c.path}`) },
      });
    }
    ctx.custody.record({
      act: 'verified',
      actor: ctx.actor,
      subject: target.info.Id,
      where: { host: target.hostName, container_id: target.info.Id, image_id: target.info.Image },
      how: { action: 'recover.verify', params: ctx.params as unknown as JsonValue },
      details: { image: ctx.params.image, allowlist: ctx.params.allowlist },
    });
    return {
      kind: 'done',
      summary: `${nameOf(target)} runs ${ctx.params.image} with no unexpected filesystem changes`,
      outputs: { container_id: target.info.Id, image_id: expected.Id, changes: 0 },
    };
  },
});
