import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { Output } from '../../../src/cli/output.js';
import { FIXTURE_DIR, fixturePath } from './fixtures.js';

// `irctl alerts test` through the real entry point, in-process.

async function irctl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output: Output = { json: args.includes('--json'), out: (text) => (stdout += text), err: (text) => (stderr += text) };
  const code = await main(['--runbooks', `${FIXTURE_DIR}runbooks`, ...args], output);
  return { code, stdout, stderr };
}

describe('irctl alerts test', () => {
  it('shows the parsed alert, the matching runbook and trigger and the resolved input', async () => {
    const { code, stdout } = await irctl(['alerts', 'test', fixturePath('falco/falco-docs-terminal-shell-critical.json')]);
    expect(code).toBe(0);
    expect(stdout).toContain('1 alert from falco (detected), tested against 2 runbooks; nothing was run');
    expect(stdout).toContain('container    ee97d9c4186f');
    expect(stdout).toMatch(/match\s+runbook container-compromise trigger 0/);
    expect(stdout).toContain('input container = "ee97d9c4186f"');
  });

  it('reports a match that cannot start, with the reason, in --json', async () => {
    const { code, stdout } = await irctl(['--json', 'alerts', 'test', fixturePath('alertmanager/zulip-firing-two-alerts.json'), '--source', 'alertmanager']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ source: 'alertmanager', detected: false, runbooks: 2 });
    expect(report.alerts).toHaveLength(2);
    expect(report.alerts[0].alert).toMatchObject({ rule: 'High CPU Temperature', fingerprint: 'a1bc48475b20e73d' });
    expect(report.alerts[0].alert).not.toHaveProperty('raw');
    expect(report.alerts[0].matches).toEqual([
      {
        runbook: 'hot-host',
        file: `${FIXTURE_DIR}runbooks/hot-host.yaml`,
        trigger: 0,
        inputs: {},
        problems: ['required input "container" has no value: give it with --input container=…, or map it from the alert in the trigger'],
      },
    ]);
  });

  it('explains why the triggers of the same source do not match', async () => {
    const { stdout } = await irctl(['alerts', 'test', fixturePath('falco/falco-blog-kubeless-terminal-shell.json')]);
    expect(stdout).toContain('no runbook trigger matches');
    expect(stdout).toContain('no match: runbook container-compromise trigger 0: priority is notice, the trigger wants >= warning');
  });

  it('fails with exit 2 when the file is not JSON', async () => {
    const { code, stderr } = await irctl(['alerts', 'test', fixturePath('SOURCES.md')]);
    expect(code).toBe(2);
    expect(stderr).toContain('alert payload rejected: line 1 is not JSON');
  });

  it('fails with exit 2 and a --source hint when the source cannot be told from the payload', async () => {
    const { code, stderr } = await irctl(['alerts', 'test', fixturePath('made-up/unknown-shape.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot tell which source sent this payload');
    expect(stderr).toContain('--source falco|alertmanager|grafana|generic|docker');
  });

  it('rejects a payload that is not of the named source, as JSON on stderr with --json', async () => {
    const { code, stderr } = await irctl(['--json', 'alerts', 'test', fixturePath('made-up/generic-example.json'), '--source', 'grafana']);
    expect(code).toBe(2);
    expect(JSON.parse(stderr).error).toMatchObject({ code: 'ALERT_REJECTED', message: expect.stringContaining('not a usable grafana payload') });
  });

  it('refuses an unknown --source', async () => {
    const { code, stderr } = await irctl(['alerts', 'test', fixturePath('made-up/generic-example.json'), '--source', 'splunk']);
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'splunk' is invalid");
  });

  it('tests against only the runbook files given with --runbook', async () => {
    const { stdout } = await irctl([
      '--json',
      'alerts',
      'test',
      fixturePath('falco/falco-docs-terminal-shell-critical.json'),
      '--runbook',
      fixturePath('runbooks/hot-host.yaml'),
    ]);
    const report = JSON.parse(stdout);
    expect(report.runbooks).toBe(1);
    expect(report.alerts[0].matches).toEqual([]);
  });
});
