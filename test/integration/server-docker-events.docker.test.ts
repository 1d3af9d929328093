import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execIn, removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { eventually, startHarness, type Harness } from './server-harness.js';

const docker = testDocker();
// The watcher sees every exec on the shared engine, and other test files exec into containers
// labelled irctl.protect=true at the same time: a scope of this file's own keeps it to its victims.
const SCOPE_LABEL = { 'irctl.test-watcher': uniqueName('events') };
const PROTECTED = { 'irctl.protect': 'true', ...SCOPE_LABEL };
const victims: Docker.Container[] = [];
let harness: Harness;

const incidentsFor = (containerId: string) =>
  harness.services.db.prepare('SELECT id, status FROM incidents WHERE target = ?').all(containerId) as { id: string; status: string }[];

beforeAll(async () => {
  harness = await startHarness({
    runbooks: ['docker-exec-contain.yaml', 'docker-capability-note.yaml'],
    dockerEvents: docker,
    config: `scope:\n  - labels: ${JSON.stringify(SCOPE_LABEL)}\n`,
  });
  await harness.server.watcher!.ready;
});

afterAll(async () => {
  await harness?.close();
  await Promise.all(victims.map(removeQuietly));
  await docker
    .getNetwork(harness.quarantine)
    .remove()
    .catch(() => undefined);
});

describe('irctl serve watches Docker events', () => {
  it('contains a container labelled irctl.protect=true when someone runs docker exec in it', async () => {
    const victim = await startVictim(docker, { labels: PROTECTED });
    victims.push(victim);
    await execIn(victim, ['sh', '-c', 'id']);
    const state = await eventually('the protected container to be contained', async () => {
      const info = await victim.inspect();
      const networks = Object.keys(info.NetworkSettings.Networks ?? {});
      return info.State.Paused && networks.length === 1 && networks[0] === harness.quarantine ? { paused: true, networks } : undefined;
    });
    expect(state).toEqual({ paused: true, networks: [harness.quarantine] });
    expect(incidentsFor(victim.id)).toHaveLength(1);
  });

  it('opens nothing for an exec into a container without the label', async () => {
    const plain = await startVictim(docker, { labels: SCOPE_LABEL }); // in scope, but not opted in by the trigger's label
    victims.push(plain);
    const protectedOne = await startVictim(docker, { labels: PROTECTED });
    victims.push(protectedOne);
    await execIn(plain, ['sh', '-c', 'id']);
    await execIn(protectedOne, ['sh', '-c', 'id']); // events arrive in order: once this one is seen, so was the first
    await eventually('the protected exec to open an incident', () => (incidentsFor(protectedOne.id).length === 1 ? true : undefined));
    expect(incidentsFor(plain.id)).toEqual([]);
    expect((await plain.inspect()).State.Paused).toBe(false);
  });

  it('lets a second exec into the same container join the incident the first one opened', async () => {
    const victim = await startVictim(docker, { labels: PROTECTED });
    victims.push(victim);
    // two execs at once: both exec_start events arrive long before the container is frozen
    await Promise.all([execIn(victim, ['sh', '-c', 'id']), execIn(victim, ['sh', '-c', 'uname'])]);
    const links = () =>
      harness.services.db.prepare('SELECT outcome, incident_id FROM server_alerts WHERE target = ? ORDER BY seq').all(victim.id) as {
        outcome: string;
        incident_id: string;
      }[];
    const seen = await eventually('both exec events to be taken in', () => (links().length === 2 ? links() : undefined));
    expect(seen.map((link) => link.outcome)).toEqual(['opened', 'joined']);
    expect(seen[1]!.incident_id).toBe(seen[0]!.incident_id);
    expect(incidentsFor(victim.id)).toHaveLength(1);
  });

  // This sandbox cannot start --privileged containers (runc may not apply the capabilities), so the
  // real-engine test triggers on an added capability; the privileged flag comes from the same
  // inspect (test/unit/server/container-facts.test.ts).
  it('opens an incident when a container is started with an added capability, and none for an ordinary start', async () => {
    // both opted in (the default scope), so only the capability tells them apart
    const ordinary = await startVictim(docker, { labels: PROTECTED });
    victims.push(ordinary);
    const withCap = await startVictim(docker, { labels: PROTECTED, hostConfig: { CapAdd: ['NET_RAW'] } });
    victims.push(withCap);
    const opened = await eventually('the start with an added capability to open an incident', () => {
      const rows = harness.services.db.prepare("SELECT id FROM incidents WHERE runbook_name = 'docker-capability-note' AND target = ?").all(withCap.id);
      return rows.length === 1 ? rows : undefined;
    });
    expect(opened).toHaveLength(1);
    expect(harness.services.db.prepare("SELECT id FROM incidents WHERE runbook_name = 'docker-capability-note' AND target = ?").all(ordinary.id)).toEqual([]);
  });
});
