import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { partialName, stagingPrefix, sweepExportLeftovers } from '../../../src/report/export-leftovers.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

/** The id of a process that has ended: a killed export's. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('what an export killed midway left behind', () => {
  it("is removed by the next export, and a running export's files are not", () => {
    const root = mkdtempSync(join(tmpdir(), 'irctl-leftovers-'));
    roots.push(root);
    const [temp, out] = [join(root, 'tmp'), join(root, 'out')];
    mkdirSync(temp);
    mkdirSync(out);
    const dead = deadPid();
    const staleStaging = join(temp, `${stagingPrefix(dead)}AbC123`);
    mkdirSync(join(staleStaging, 'report'), { recursive: true });
    writeFileSync(join(staleStaging, 'report', 'report.md'), '# half');
    const stalePartial = join(out, partialName('incident.tar.gz', 'deadbeef', dead));
    writeFileSync(stalePartial, 'half a tar');
    const liveStaging = join(temp, `${stagingPrefix(process.pid)}XyZ789`); // this process: running
    mkdirSync(liveStaging);
    const livePartial = join(out, partialName('incident.tar.gz', 'cafebabe', process.ppid)); // alive
    writeFileSync(livePartial, 'being written');
    const unrelated = join(out, '.notes.partial');
    writeFileSync(unrelated, 'not an export');

    expect(sweepExportLeftovers(temp, out).sort()).toEqual([stalePartial, staleStaging].sort());
    expect(existsSync(staleStaging)).toBe(false);
    expect(existsSync(stalePartial)).toBe(false);
    for (const kept of [liveStaging, livePartial, unrelated]) expect(existsSync(kept)).toBe(true);
  });
});
