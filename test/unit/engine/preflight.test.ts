import { describe, expect, it } from 'vitest';
import { plannedTargets } from '../../../src/engine/preflight.js';
import { loadRunbook } from '../../../src/runbook/load.js';

function runbook(steps: string): ReturnType<typeof loadRunbook>['runbook'] {
  const source = `apiVersion: irctl/v1
kind: Runbook
name: preflight-fixture
severity: low
inputs:
  container: { required: true }
  engine: { default: local }
  deep: { default: "no" }
steps:
${steps}`;
  return loadRunbook(source, 'preflight-fixture.yaml').runbook;
}

describe('plannedTargets', () => {
  it('finds the container of every container-targeting step on the default host, once per container', () => {
    const planned = plannedTargets(
      runbook(`  - { id: isolate, uses: docker.isolate, with: { container: "\${{ inputs.container }}" } }
  - { id: logs, uses: evidence.logs, with: { container: "\${{ inputs.container }}" } }
  - { id: note, uses: core.log, with: { message: hello } }`),
      { container: 'web-1' },
    );
    expect([...planned.hosts]).toEqual([['local', ['isolate', 'logs']]]);
    expect(planned.containers).toEqual([{ host: 'local', container: 'web-1', stepIds: ['isolate', 'logs'] }]);
  });

  it('resolves hosts and containers given literally or from inputs, parallel branches included', () => {
    const planned = plannedTargets(
      runbook(`  - id: grab
    parallel:
      - { id: inspect-db, uses: evidence.inspect, with: { container: db-1, host: prod-a } }
      - { id: inspect-web, uses: evidence.inspect, with: { container: "\${{ inputs.container }}", host: "\${{ inputs.engine }}" } }`),
      { container: 'web-1', engine: 'prod-b' },
    );
    expect(planned.containers).toEqual([
      { host: 'prod-a', container: 'db-1', stepIds: ['inspect-db'] },
      { host: 'prod-b', container: 'web-1', stepIds: ['inspect-web'] },
    ]);
  });

  it('skips values that depend on step outputs, since they are not known before the run', () => {
    const planned = plannedTargets(
      runbook(`  - { id: freeze, uses: docker.pause, with: { container: "\${{ inputs.container }}" } }
  - { id: check, uses: evidence.inspect, with: { container: "\${{ steps.freeze.outputs.container_id }}" } }`),
      { container: 'web-1' },
    );
    expect(planned.containers).toEqual([{ host: 'local', container: 'web-1', stepIds: ['freeze'] }]);
    // the host is still known, so it is still pinged
    expect(planned.hosts.get('local')).toEqual(['freeze', 'check']);
  });

  it('leaves out a step whose if is false for these inputs, and keeps one whose if needs the run', () => {
    const planned = plannedTargets(
      runbook(`  - { id: export, uses: evidence.export, if: "inputs.deep == 'yes'", with: { container: other } }
  - { id: logs, uses: evidence.logs, if: "steps.export.outcome == 'done'", with: { container: "\${{ inputs.container }}" } }`),
      { container: 'web-1', deep: 'no' },
    );
    expect(planned.containers.map((container) => container.container)).toEqual(['web-1']);
  });

  it('counts a Docker host that an action without a container uses', () => {
    const planned = plannedTargets(runbook(`  - { id: image, uses: investigate.image, with: { expected: "busybox:1", host: prod-c } }`), {
      container: 'web-1',
    });
    expect([...planned.hosts.keys()]).toEqual(['prod-c']);
    expect(planned.containers).toEqual([]);
  });
});
