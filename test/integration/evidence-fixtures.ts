// Helpers for the evidence integration tests: a compromised victim container, an action context
// bound to a real evidence store and ledger, and the checks every captured artifact must pass.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { ActionDefinition, ActionOutcome } from '../../src/actions/contract.js';
import { custodyAppender, listCustody } from '../../src/custody/ledger.js';
import { contextFor, type TestContext } from '../helpers/action-context.js';
import { execIn, startVictim } from '../helpers/docker.js';
import type { EvidenceFixture } from '../unit/evidence/fixtures.js';

export const MINER_BYTES = '#!/bin/sh\n# pretend miner\nwhile :; do :; done\n';

/**
 * A victim that writes to both log streams, then is "compromised" by a docker exec that drops
 * /tmp/.x/miner and /etc/cron.d/evil, and a second one that leaves `nc -l -p 4444` listening.
 */
export async function compromisedVictim(docker: Docker): Promise<Docker.Container> {
  const victim = await startVictim(docker, {
    cmd: ['sh', '-c', 'echo "victim stdout line"; echo "victim stderr line" >&2; exec httpd -f -p 8080 -h /srv'],
  });
  await execIn(victim, [
    'sh',
    '-c',
    `mkdir -p /tmp/.x /etc/cron.d && printf '%s' '${MINER_BYTES}' > /tmp/.x/miner && chmod +x /tmp/.x/miner && echo '* * * * * root /tmp/.x/miner' > /etc/cron.d/evil`,
  ]);
  const listener = await victim.exec({ Cmd: ['nc', '-l', '-p', '4444'] });
  await listener.start({ Detach: true });
  await waitFor(async () => {
    const top = await victim.top();
    return top.Processes.some((row: string[]) => row.join(' ').includes('nc -l -p 4444'));
  });
  return victim;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A context whose evidence store and ledger are the fixture's real ones. */
export function evidenceContext<S extends z.ZodType>(
  fixture: EvidenceFixture,
  action: ActionDefinition<S>,
  params: z.input<S>,
  stepId = 'capture',
): TestContext<z.output<S>> {
  return contextFor(action, params, {
    incidentId: fixture.incidentId,
    stepId,
    actor: 'tester',
    services: { db: fixture.db, evidenceDir: fixture.evidenceDir },
    custody: custodyAppender(fixture.db, fixture.incidentId),
    evidence: fixture.store(stepId),
  });
}

export function outputsOf(outcome: ActionOutcome): Record<string, unknown> & {
  evidence_id: string;
  sha256: string;
  size: number;
  path: string;
  artifacts: { evidence_id: string; sha256: string; size: number; path: string }[];
} {
  if (outcome.kind !== 'done') throw new Error(`expected done, got skipped: ${outcome.reason}`);
  return outcome.outputs as never;
}

/** The file exists, is read-only, hashes to what was returned, is in the manifest and in the ledger. */
export function expectSealed(fixture: EvidenceFixture, artifact: { evidence_id: string; sha256: string; size: number; path: string }): Buffer {
  const file = join(fixture.evidenceDir, artifact.path);
  const bytes = readFileSync(file);
  expect(statSync(file).mode & 0o777).toBe(0o400);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(artifact.sha256);
  expect(bytes.length).toBe(artifact.size);
  expect(manifestLines(fixture)).toContainEqual(expect.objectContaining({ evidence_id: artifact.evidence_id, sha256: artifact.sha256, status: 'complete' }));
  const acquired = listCustody(fixture.db, fixture.incidentId).find((record) => record.evidenceId === artifact.evidence_id);
  expect(acquired).toMatchObject({ act: 'acquired', artifactSha256: artifact.sha256, artifactSize: artifact.size, artifactLocation: artifact.path });
  return bytes;
}

/** The incident's evidence manifest (JSON Lines), header line left out. */
export function manifestLines(fixture: EvidenceFixture): Record<string, unknown>[] {
  const lines = readFileSync(join(fixture.evidenceDir, fixture.incidentId, 'manifest.jsonl'), 'utf8')
    .trimEnd()
    .split('\n');
  return lines.slice(1).map((line) => JSON.parse(line) as Record<string, unknown>);
}
