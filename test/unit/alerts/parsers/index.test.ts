import { describe, expect, it } from 'vitest';
import { detectAlertSource, parseAlertPayload } from '../../../../src/alerts/parsers/index.js';
import { UsageError } from '../../../../src/errors.js';
import { loadFixture } from '../fixtures.js';

describe('source detection', () => {
  it.each([
    ['alertmanager/zulip-firing-two-alerts.json', 'alertmanager'],
    ['alertmanager/zulip-resolved-single.json', 'alertmanager'],
    ['made-up/alertmanager-variant-missing-fields.json', 'alertmanager'],
    ['grafana/grafana-docs-webhook-two-firing.json', 'grafana'],
    ['grafana/grafana-docs-v9-webhook-data-avg.json', 'grafana'],
    ['made-up/grafana-variant-resolved-null-values.json', 'grafana'],
    ['falco/falco-docs-terminal-shell-critical.json', 'falco'],
    ['falco/falco-blog-kubeless-terminal-shell.json', 'falco'],
    ['falco/falcosidekick-readme-write-below-binary-dir.json', 'falco'],
    ['falco/falco-blog-k8saudit-attach-exec-pod.json', 'falco'],
    ['docker-events/batect-die-and-health-status.jsonl', 'docker'],
    ['docker-events/docker-cli-golden-events-json.jsonl', 'docker'],
    ['made-up/generic-example.json', 'generic'],
    ['made-up/generic-batch.json', 'generic'],
  ])('recognizes %s as %s', (file, source) => {
    expect(detectAlertSource(loadFixture(file))).toBe(source);
  });

  it('refuses to guess a shape it does not know, and hints at --source', () => {
    let error: unknown;
    try {
      detectAlertSource({ hello: 'world' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).hint).toContain('--source falco|alertmanager|grafana|generic|docker');
  });

  it('parses with the parser of the named source', () => {
    const notification = parseAlertPayload('falco', loadFixture('falco/falco-docs-terminal-shell-critical.json'));
    expect(notification.source).toBe('falco');
    expect(notification.alerts[0]!.rule).toBe('Terminal shell in container');
  });
});
