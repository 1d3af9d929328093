import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerts/alert.js';
import { explainTrigger, matchAlert } from '../../../src/alerts/match.js';
import { alertmanagerParser } from '../../../src/alerts/parsers/alertmanager.js';
import { dockerEventsParser } from '../../../src/alerts/parsers/docker-events.js';
import { falcoParser } from '../../../src/alerts/parsers/falco.js';
import { loadFixture } from './fixtures.js';
import { runbookWith } from './runbooks.js';

const shell = (): Alert => falcoParser.parse(loadFixture('falco/falco-docs-terminal-shell-critical.json')).alerts[0]!; // critical, ee97d9c4186f
const oldShell = (): Alert => falcoParser.parse(loadFixture('falco/falco-blog-kubeless-terminal-shell.json')).alerts[0]!; // notice
const CONTAINER_INPUT = { container: "${{ alert.output_fields['container.id'] }}" };

describe('trigger matching', () => {
  it('matches the design’s example trigger and maps the container id into the runbook input', () => {
    const runbook = runbookWith('container-compromise', [
      { source: 'falco', rule: 'Terminal shell in container', priority: '>= warning', inputs: CONTAINER_INPUT },
    ]);
    const [match] = matchAlert([runbook], shell());
    expect(match).toMatchObject({ triggerIndex: 0, inputs: { container: 'ee97d9c4186f' }, inputProblems: [] });
    expect(match!.runbook.name).toBe('container-compromise');
  });

  it('does not match an alert below the priority floor, and says so', () => {
    const trigger = runbookWith('r', [{ source: 'falco', priority: '>= warning' }]).triggers[0]!;
    expect(explainTrigger(trigger, oldShell())).toEqual(['priority is notice, the trigger wants >= warning']);
  });

  it('matches `< error` and a bare priority by their meaning', () => {
    const below = runbookWith('below', [{ source: 'falco', priority: '< error' }]);
    const exactly = runbookWith('exactly', [{ source: 'falco', priority: 'critical' }]);
    expect(matchAlert([below, exactly], oldShell()).map((m) => m.runbook.name)).toEqual(['below']);
    expect(matchAlert([below, exactly], shell()).map((m) => m.runbook.name)).toEqual(['exactly']);
  });

  it('ANDs every condition of one trigger: one failing condition is enough to miss', () => {
    const trigger = runbookWith('r', [{ source: 'falco', rule: 'Terminal shell in container', tags: ['shell', 'network'] }]).triggers[0]!;
    expect(explainTrigger(trigger, shell())).toEqual(['tags lack network']);
  });

  it('ORs a runbook’s triggers: the first that matches is reported', () => {
    const runbook = runbookWith('r', [
      { source: 'alertmanager', alertname: 'High CPU Temperature' },
      { source: 'falco', rule: 'Nope' },
      { source: 'falco', tags: ['shell', 'container'], output_fields: { 'proc.pname': 'runc' }, inputs: CONTAINER_INPUT },
    ]);
    expect(matchAlert([runbook], shell()).map((m) => m.triggerIndex)).toEqual([2]);
  });

  it('compares output fields as text, and never matches a null field', () => {
    const tty = runbookWith('r', [{ source: 'falco', output_fields: { 'proc.tty': '34816' } }]).triggers[0]!;
    const pname = runbookWith('r', [{ source: 'falco', output_fields: { 'proc.pname': 'null' } }]).triggers[0]!;
    expect(explainTrigger(tty, shell())).toEqual([]);
    expect(explainTrigger(pname, oldShell())).toEqual(['output field proc.pname is not set, the trigger wants "null"']);
  });

  it('matches Alertmanager alerts on alertname and labels', () => {
    const alert = alertmanagerParser.parse(loadFixture('alertmanager/zulip-firing-two-alerts.json')).alerts[0]!;
    const runbook = runbookWith('hot', [
      {
        source: 'alertmanager',
        alertname: 'High CPU Temperature',
        labels: { host: 'andromeda' },
        priority: '>= error',
        inputs: { container: '${{ alert.labels.host }}' },
      },
    ]);
    expect(matchAlert([runbook], alert)[0]!.inputs).toEqual({ container: 'andromeda' });
    const other = runbookWith('cold', [{ source: 'alertmanager', labels: { host: 'orion' } }]);
    expect(explainTrigger(other.triggers[0]!, alert)).toEqual(['label host is "andromeda", the trigger wants "orion"']);
  });

  it('matches a docker trigger on event and the irctl.protect label', () => {
    const [exec, oom] = dockerEventsParser.parse(loadFixture('made-up/docker-exec-start-protected.jsonl')).alerts;
    const runbook = runbookWith('protected-exec', [
      { source: 'docker', event: 'exec_start', labels: { 'irctl.protect': 'true' }, inputs: { container: '${{ alert.container }}' } },
    ]);
    expect(matchAlert([runbook], exec!)[0]!.inputs).toEqual({ container: exec!.container });
    expect(explainTrigger(runbook.triggers[0]!, oom!)).toEqual(['event is "oom", the trigger wants "exec_start"']);
  });

  it('applies an `if` expression over the alert after the other conditions', () => {
    const runbook = runbookWith('r', [{ source: 'falco', if: "contains(alert.tags, 'shell') && alert.priority == 'critical'", inputs: CONTAINER_INPUT }]);
    expect(matchAlert([runbook], shell())).toHaveLength(1);
    expect(explainTrigger(runbook.triggers[0]!, oldShell())).toEqual(["if: contains(alert.tags, 'shell') && alert.priority == 'critical' is false"]);
  });

  it('reports an `if` it cannot evaluate as a miss, not a crash', () => {
    const trigger = runbookWith('r', [{ source: 'falco', if: 'alert.__proto__' }]).triggers[0]!;
    expect(explainTrigger(trigger, shell())[0]).toMatch(/^if: alert.__proto__ cannot be evaluated: property "__proto__" is not allowed/);
  });

  it('never matches across sources', () => {
    const trigger = runbookWith('r', [{ source: 'grafana' }]).triggers[0]!;
    expect(explainTrigger(trigger, shell())).toEqual(['source is falco, the trigger wants grafana']);
  });
});

describe('resolved inputs', () => {
  it('reports a required input the alert cannot fill', () => {
    const runbook = runbookWith('r', [{ source: 'falco', inputs: CONTAINER_INPUT }]);
    const hostEvent = falcoParser.parse(loadFixture('falco/falcosidekick-readme-write-below-binary-dir.json')).alerts[0]!;
    const [match] = matchAlert([runbook], hostEvent);
    expect(match!.inputs).toEqual({});
    expect(match!.inputProblems).toEqual([
      'required input "container" has no value: give it with --input container=…, or map it from the alert in the trigger',
    ]);
  });

  it('types inputs as the runbook declares them and fills defaults', () => {
    const runbook = runbookWith('r', [{ source: 'falco', inputs: { ...CONTAINER_INPUT, tty: "${{ alert.output_fields['proc.tty'] }}", since: '' } }], {
      container: { required: true, pattern: '^[0-9a-f]{12}$' },
      tty: { type: 'string' },
      since: { default: '1h' },
    });
    expect(matchAlert([runbook], shell())[0]).toMatchObject({ inputs: { container: 'ee97d9c4186f', tty: '34816', since: '1h' }, inputProblems: [] });
  });

  it('reports a value that fails the input’s type or pattern', () => {
    const runbook = runbookWith(
      'r',
      [{ source: 'falco', inputs: { count: "${{ alert.output_fields['proc.cmdline'] }}", container: "${{ alert.output_fields['k8s.pod.name'] }}" } }],
      { container: { required: true, pattern: '^[0-9a-f]{12}$' }, count: { type: 'number' } },
    );
    expect(matchAlert([runbook], shell())[0]!.inputProblems).toEqual([
      'input "container" value "kubecon" does not match the pattern /^[0-9a-f]{12}$/',
      'input "count" must be a number, got "sh -c clear; (bash || ash || sh)"',
    ]);
  });
});
