import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../../src/alerts/lossless-json.js';
import { parsePayloadText } from '../../../src/alerts/payload-text.js';
import { parseAlertPayload } from '../../../src/alerts/parsers/index.js';
import { fixturePath } from './fixtures.js';

describe('numbers are kept exact', () => {
  it('keeps a nanosecond integer beyond 2^53 digit for digit, as a string', () => {
    const text =
      '{"rule":"r","output":"o","priority":"Critical","output_fields":{"evt.time":1700000000123445995,"proc.pid":4242,"ratio":0.5,"note":"1700000000123445995 in a string"}}';
    const parsed = parsePayloadText(text) as { output_fields: Record<string, unknown> };
    expect(parsed.output_fields).toEqual({ 'evt.time': '1700000000123445995', 'proc.pid': 4242, ratio: 0.5, note: '1700000000123445995 in a string' });
    const alert = parseAlertPayload('falco', parsed).alerts[0]!;
    expect(alert.output_fields['evt.time']).toBe('1700000000123445995');
  });

  it('leaves safe numbers, negative numbers, exponents and escaped quotes alone', () => {
    expect(parseJsonLossless('[9007199254740991, -9007199254740993, 1e300, "a\\"9007199254740993"]')).toEqual([
      9007199254740991,
      '-9007199254740993',
      1e300,
      'a"9007199254740993',
    ]);
  });

  it('still refuses text that is not JSON', () => {
    expect(() => parseJsonLossless('{"a": 12345678901234567890,')).toThrow(SyntaxError);
  });
});

describe('Docker network events', () => {
  it('do not put the network name into container.name', () => {
    const event = {
      Type: 'network',
      Action: 'connect',
      Actor: { ID: 'b'.repeat(64), Attributes: { container: 'c'.repeat(64), name: 'bridge', type: 'bridge' } },
      scope: 'local',
      time: 1700000000,
    };
    const alert = parseAlertPayload('docker', event).alerts[0]!;
    expect(alert.output_fields['container.name']).toBeUndefined();
    expect(alert.output_fields['network.name']).toBe('bridge');
    expect(alert.container).toBe('c'.repeat(64));
  });
});

describe('truncatedAlerts', () => {
  it('is read from Grafana and Alertmanager notifications (0 when absent)', () => {
    const grafana = JSON.parse(readFileSync(fixturePath('grafana/grafana-docs-webhook-two-firing.json'), 'utf8'));
    expect(parseAlertPayload('grafana', { ...grafana, truncatedAlerts: 3 }).truncatedAlerts).toBe(3);
    expect(parseAlertPayload('grafana', grafana).truncatedAlerts).toBe(0);
    const alertmanager = JSON.parse(readFileSync(fixturePath('alertmanager/zulip-firing-two-alerts.json'), 'utf8'));
    expect(parseAlertPayload('alertmanager', { ...alertmanager, truncatedAlerts: 7 }).truncatedAlerts).toBe(7);
    expect(parseAlertPayload('alertmanager', { ...alertmanager, truncatedAlerts: -1 }).truncatedAlerts).toBe(0);
  });
});
