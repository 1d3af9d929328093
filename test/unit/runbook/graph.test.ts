import { describe, expect, it } from 'vitest';
import { stepPhases } from '../../../src/engine/compile.js';
import { escapeLabel, runbookGraph } from '../../../src/runbook/graph.js';
import { loadRunbook } from '../../../src/runbook/load.js';

const SMALL = `apiVersion: irctl/v1
kind: Runbook
name: small
severity: high
steps:
  - id: note
    phase: containment
    uses: core.log
    with: { message: start }
    auto: true
  - id: look
    phase: evidence
    parallel:
      - { id: up, uses: exec.host, with: { command: [uptime] } }
      - { id: kernel, uses: exec.host, with: { command: [uname] }, on_failure: cleanup }
  - id: gate
    phase: recovery
    approval: { roles: [admin], quorum: 2, timeout: 1h, on_reject: cleanup }
    next:
      - if: steps.up.outputs.exit_code == 0
        goto: end
  - id: cleanup
    uses: core.log
    with: { message: cleaning }
    on_failure: rollback
`;

function graphOf(source: string): string {
  const { runbook } = loadRunbook(source, 'small.yaml');
  const phases = stepPhases(runbook);
  return runbookGraph(runbook, (step) => phases.get(step.id)!);
}

describe('runbookGraph', () => {
  it('draws phases as subgraphs, gates as hexagons, parallel groups as nested subgraphs and every way the run moves', () => {
    expect(graphOf(SMALL)).toBe(`flowchart TD
  start((" ")) --> step0
  subgraph phase_containment["containment"]
    direction TB
    step0["note<br/>core.log (auto)"]
  end
  subgraph phase_evidence["evidence"]
    direction TB
    subgraph step1["look (parallel)"]
      step1_0["up<br/>exec.host"]
      step1_1["kernel<br/>exec.host"]
    end
  end
  subgraph phase_recovery["recovery"]
    direction TB
    step2{{"gate<br/>approval: admin ×2, 1h"}}
    step3["cleanup<br/>core.log"]
  end
  step0 --> step1
  step1 --> step2
  step1_1 -.->|"on failure"| step3
  step2 -->|"if steps.up.outputs.exit_code == 0"| finished
  step2 -->|"otherwise"| step3
  step2 -.->|"rejected"| step3
  step2 -.->|"no answer in 1h"| aborted
  step3 --> finished
  step3 -.->|"on failure"| rolledback
  finished(["end"])
  aborted(["aborted"])
  rolledback(["rollback"])
  classDef approval fill:#fff4d6,stroke:#b7791f
  class step2 approval
`);
  });

  it('escapes every character that could end a label or start Mermaid markup', () => {
    expect(escapeLabel('a"]; click x call alert()<b>#`|')).toBe('a#34;#93;#59; click x call alert()#60;b#62;#35;#96;#124;');
  });

  it('keeps a hostile step name inside its label', () => {
    const graph = graphOf(SMALL.replace('  - id: note\n', '  - id: note\n    name: "x\\"]\\nclick step0 href \\"javascript:alert(1)\\""\n'));
    const nodeLine = graph.split('\n').find((line) => line.includes('step0['))!;
    expect(nodeLine).toMatch(/^ {4}step0\["[^"]*"\]$/);
    expect(graph.split('\n').filter((line) => line.trim().startsWith('click'))).toEqual([]);
  });
});
