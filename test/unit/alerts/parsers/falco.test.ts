import { describe, expect, it } from 'vitest';
import { falcoParser } from '../../../../src/alerts/parsers/falco.js';
import { AlertRejectedError } from '../../../../src/alerts/rejection.js';
import { loadFixture } from '../fixtures.js';

const parse = (name: string) => falcoParser.parse(loadFixture(name));

describe('falco parser on published payloads', () => {
  it('reads the Falco docs example as a critical shell alert in container ee97d9c4186f', () => {
    const { alerts } = parse('falco/falco-docs-terminal-shell-critical.json');
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert).toMatchObject({
      source: 'falco',
      status: 'firing',
      rule: 'Terminal shell in container',
      priority: 'critical',
      container: 'ee97d9c4186f',
      host: 'falco-xczjd',
      tags: ['container', 'mitre_execution', 'shell'],
      startsAt: '2023-05-25T13:44:05.478Z',
    });
    expect(alert.output_fields['proc.cmdline']).toBe('sh -c clear; (bash || ash || sh)');
    expect(alert.summary).toMatch(/^13:44:05\.478445995: Critical A shell was spawned/);
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads an older Falco line without hostname, source or tags, keeping null output fields', () => {
    const alert = parse('falco/falco-blog-kubeless-terminal-shell.json').alerts[0]!;
    expect(alert).toMatchObject({ rule: 'Terminal shell in container', priority: 'notice', container: '5892b41bcf46', tags: [], host: undefined });
    expect(alert.output_fields['proc.pname']).toBeNull();
    expect(alert.output_fields['proc.tty']).toBe(34817);
  });

  it('gives a host event no container and says why', () => {
    const alert = parse('falco/falcosidekick-readme-write-below-binary-dir.json').alerts[0]!;
    expect(alert).toMatchObject({ rule: 'Write below binary dir', priority: 'error', host: 'localhost', container: undefined });
    expect(alert.containerProblem).toContain('names no container');
  });

  it('never finds a container in a k8s_audit event', () => {
    const alert = parse('falco/falco-blog-k8saudit-attach-exec-pod.json').alerts[0]!;
    expect(alert).toMatchObject({ rule: 'Attach/Exec Pod', priority: 'notice', tags: ['k8s'], container: undefined });
    expect(alert.output_fields['ka.target.name']).toBe('kubecon');
  });

  it('gives the same fingerprint to two events of one rule in one container', () => {
    const first = parse('falco/falco-docs-terminal-shell-critical.json').alerts[0]!;
    const again = parse('falco/falco-docs-terminal-shell-critical.json').alerts[0]!;
    const other = parse('falco/falco-blog-kubeless-terminal-shell.json').alerts[0]!;
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(other.fingerprint).not.toBe(first.fingerprint);
  });
});

describe('falco parser on variants', () => {
  it('takes a numeric priority, a comma string of tags and the container name when the id is null', () => {
    const alert = parse('made-up/falco-variant-numbers-nulls.json').alerts[0]!;
    expect(alert).toMatchObject({ priority: 'warning', tags: ['container', 'shell'], container: 'web-1' });
    expect(alert.output_fields['proc.pid']).toBe(4242);
  });

  it('reads Falcosidekick’s host event (container.id "host") as naming no container', () => {
    const alert = parse('made-up/falcosidekick-host-event.json').alerts[0]!;
    expect(alert).toMatchObject({ rule: 'Read sensitive file untrusted', priority: 'error', host: 'docker-host-1', container: undefined });
    expect(alert.containerProblem).toContain('"host"');
  });

  it('reads a list of events (Falco’s file output) as one alert each', () => {
    const one = loadFixture('falco/falco-docs-terminal-shell-critical.json');
    const two = loadFixture('falco/falcosidekick-readme-write-below-binary-dir.json');
    expect(falcoParser.parse([one, two]).alerts.map((a) => a.rule)).toEqual(['Terminal shell in container', 'Write below binary dir']);
  });

  it('keeps an alert whose priority is unknown, without a priority and with a note', () => {
    const alert = falcoParser.parse({ rule: 'Custom', priority: 'Spicy', output: 'x' }).alerts[0]!;
    expect(alert.priority).toBeUndefined();
    expect(alert.notes).toContain('priority: "Spicy" is not a Falco priority');
  });

  it('rejects an event without a rule, saying so', () => {
    expect(() => falcoParser.parse({ output: 'x', priority: 'Critical' })).toThrow(AlertRejectedError);
    expect(() => falcoParser.parse({ output: 'x', priority: 'Critical' })).toThrow(/rule is missing/);
  });
});
