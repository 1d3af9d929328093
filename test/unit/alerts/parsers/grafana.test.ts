import { describe, expect, it } from 'vitest';
import { grafanaParser } from '../../../../src/alerts/parsers/grafana.js';
import { loadFixture } from '../fixtures.js';

const parse = (name: string) => grafanaParser.parse(loadFixture(name));

describe('grafana parser', () => {
  it('reads the Grafana docs example as two firing alerts with their values as output fields', () => {
    const { alerts } = parse('grafana/grafana-docs-webhook-two-firing.json');
    expect(alerts.map((a) => [a.rule, a.fingerprint, a.status])).toEqual([
      ['High memory usage', 'c6eadffa33fcdf37', 'firing'],
      ['High CPU usage', 'bc97ff14869b13e3', 'firing'],
    ]);
    expect(alerts[0]!.output_fields).toEqual({ 'values.B': 44.23943737541908, 'values.C': 1 });
    expect(alerts[0]).toMatchObject({
      source: 'grafana',
      summary: 'This alert was triggered for zone us-1',
      startsAt: '2021-10-12T07:51:03.157Z', // +02:00 in the payload
      endsAt: undefined,
      priority: undefined, // no severity label
    });
    expect(alerts[0]!.labels).toEqual({ alertname: 'High memory usage', team: 'blue', zone: 'us-1' });
  });

  it('reads the Grafana 9 docs example, whose values are keyed by expression name', () => {
    const { alerts } = parse('grafana/grafana-docs-v9-webhook-data-avg.json');
    expect(alerts.map((a) => a.output_fields['values.data-avg'])).toEqual([14151.331895396988, 47043.702386305304]);
  });

  it('reads a resolved alert with null annotations and values, a capitalised severity and a container label', () => {
    const alert = parse('made-up/grafana-variant-resolved-null-values.json').alerts[0]!;
    expect(alert).toMatchObject({
      status: 'resolved',
      rule: 'Disk almost full',
      priority: 'warning',
      container: 'db-1',
      annotations: {},
      summary: 'Disk almost full',
      endsAt: '2024-03-01T07:20:00.000Z',
    });
    expect(alert.output_fields).toEqual({ valueString: "[ var='B' labels={} value=97.5 ]" });
  });
});
