import { describe, expect, it } from 'vitest';
import { dockerEventsParser } from '../../../../src/alerts/parsers/docker-events.js';
import { loadFixture } from '../fixtures.js';

const parse = (name: string) => dockerEventsParser.parse(loadFixture(name));
const WEB_1 = '3f4e8b1c2d5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c';

describe('docker events parser', () => {
  it('reads real die and health_status lines, splitting the action from its detail', () => {
    const [die, health] = parse('docker-events/batect-die-and-health-status.jsonl').alerts;
    expect(die).toMatchObject({
      source: 'docker',
      event: 'die',
      rule: 'die',
      container: '4c44dd62529c1037111ea460fc445f8c7acaa92832b2f991a13052ebac6b50d0',
      startsAt: '2018-08-11T11:13:55.779Z',
      labels: {},
    });
    expect(die!.output_fields).toMatchObject({ 'container.name': 'nostalgic_lovelace', 'container.image': 'alpine:3.7', 'exit.code': '0' });
    expect(health).toMatchObject({ event: 'health_status', container: 'f09004d33c0892ed74718bd0c1166b28a8d4788bea6449bb6ea8c4d402b20db7' });
    expect(health!.output_fields['docker.detail']).toBe('healthy');
  });

  it('refuses docker/cli’s fake id "abc123" as a container id, and says why', () => {
    const alerts = parse('docker-events/docker-cli-golden-events-json.jsonl').alerts;
    expect(alerts.map((a) => a.event)).toEqual(['create', 'start', 'attach', 'die']);
    expect(alerts[0]!.container).toBeUndefined();
    expect(alerts[0]!.containerProblem).toBe('Actor.ID "abc123" is not a valid container id');
  });

  it('reads exec_start into a protected container with its labels and exec command', () => {
    const [exec, oom, disconnect] = parse('made-up/docker-exec-start-protected.jsonl').alerts;
    expect(exec).toMatchObject({ event: 'exec_start', container: WEB_1, labels: { 'irctl.protect': 'true' }, startsAt: '2024-03-01T10:46:40.123Z' });
    expect(exec!.output_fields).toMatchObject({ 'docker.detail': 'sh -c id', 'container.name': 'web-1', 'exec.id': expect.stringMatching(/^9b1d/) });
    expect(oom).toMatchObject({ event: 'oom', container: WEB_1 });
    expect(disconnect).toMatchObject({ event: 'disconnect', container: WEB_1, labels: {} });
  });

  it('gives repeated events of one kind on one container the same fingerprint', () => {
    const line = loadFixture('made-up/docker-exec-start-protected.jsonl') as unknown[];
    const first = dockerEventsParser.parse(line[0]).alerts[0]!;
    const again = dockerEventsParser.parse({ ...(line[0] as object), time: 1709299999, timeNano: 1709299999000000000 }).alerts[0]!;
    expect(again.fingerprint).toBe(first.fingerprint);
  });

  it('reads the pre-1.22 shape (status, id, from) as a container event', () => {
    const alert = dockerEventsParser.parse({ status: 'start', id: WEB_1, from: 'busybox', time: 1709290000 }).alerts[0]!;
    expect(alert).toMatchObject({ event: 'start', container: WEB_1, startsAt: '2024-03-01T10:46:40.000Z' });
  });

  it('rejects an event with no action', () => {
    expect(() => dockerEventsParser.parse({ Type: 'container', Actor: { ID: WEB_1 } })).toThrow(/Action is missing/);
  });
});
