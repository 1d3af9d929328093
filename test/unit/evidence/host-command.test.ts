import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceHostCommand } from '../../../src/actions/evidence/host-command.js';
import { listCustody } from '../../../src/custody/ledger.js';
import { ActionFailedError, NotFoundError } from '../../../src/errors.js';
import { listEvidence } from '../../../src/evidence/records.js';
import { evidenceContext, outputsOf } from '../../integration/evidence-fixtures.js';
import { evidenceFixture, type EvidenceFixture } from './fixtures.js';

let fixture: EvidenceFixture;
afterEach(() => fixture?.db.close());

describe('evidence.host-command', () => {
  it("streams the program's stdout into a sealed artifact, each argument passed as is", async () => {
    fixture = evidenceFixture();
    const outputs = outputsOf(await evidenceHostCommand.run(evidenceContext(fixture, evidenceHostCommand, { command: ['printf', '%s|%s\\n', 'one arg; $(id)', '*'] })));
    const bytes = readFileSync(join(fixture.evidenceDir, outputs.path));
    expect(bytes.toString()).toBe('one arg; $(id)|*\n');
    expect(outputs.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(outputs.path).toBe(`${fixture.incidentId}/host-printf.txt`);
    expect(listCustody(fixture.db, fixture.incidentId)[0]).toMatchObject({ act: 'acquired', artifactSha256: outputs.sha256 });
  });

  it('says "1 byte" in its summary for one byte of output', async () => {
    fixture = evidenceFixture();
    const outcome = await evidenceHostCommand.run(evidenceContext(fixture, evidenceHostCommand, { command: ['printf', 'x'] }));
    expect(outcome).toMatchObject({ kind: 'done', summary: 'captured 1 byte from printf (exit 0)' });
  });

  it('names a program that does not exist and records no evidence', async () => {
    fixture = evidenceFixture();
    const run = evidenceHostCommand.run(evidenceContext(fixture, evidenceHostCommand, { command: ['irctl-no-such-program', '-x'] }));
    await expect(run).rejects.toBeInstanceOf(NotFoundError);
    await expect(run).rejects.toThrow(/program "irctl-no-such-program" was not found/);
    expect(listEvidence(fixture.db, fixture.incidentId)).toEqual([]);
  });

  it('records the output of a program that exits non-zero as incomplete', async () => {
    fixture = evidenceFixture();
    const run = evidenceHostCommand.run(evidenceContext(fixture, evidenceHostCommand, { command: ['sh', '-c', 'echo partial; echo broken >&2; exit 3'] }));
    await expect(run).rejects.toBeInstanceOf(ActionFailedError);
    await expect(run).rejects.toThrow(/exited 3: broken/);
    expect(listEvidence(fixture.db, fixture.incidentId)[0]).toMatchObject({ status: 'incomplete', size: 8 });
  });

  it('keeps the output of a non-zero exit as complete when allow_failure is set', async () => {
    fixture = evidenceFixture();
    const outputs = outputsOf(await evidenceHostCommand.run(evidenceContext(fixture, evidenceHostCommand, { command: ['sh', '-c', 'echo partial; exit 3'], allow_failure: true, name: 'probe.txt' })));
    expect(outputs).toMatchObject({ exit_code: 3, size: 8, path: `${fixture.incidentId}/probe.txt` });
  });
});
