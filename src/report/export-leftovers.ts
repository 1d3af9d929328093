import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// An export killed midway (kill -9, power cut) leaves its staging folder in the temp directory and
// its half-written tar beside the output. Both names carry the exporting process's id, so the next
// export removes those whose process is gone, and never another export's that is still running.

/** The staging folder's prefix in the temp directory: `irctl-bundle-<pid>-`. */
export const stagingPrefix = (pid: number = process.pid) => `irctl-bundle-${pid}-`;

/** The half-written tar's name beside `outName`: `.<outName>.<pid>.<random>.partial`. */
export const partialName = (outName: string, random: string, pid: number = process.pid) => `.${outName}.${pid}.${random}.partial`;

const STAGING = /^irctl-bundle-(\d+)-/;
const PARTIAL = /^\..+\.(\d+)\.[0-9a-f]+\.partial$/;

/** Remove what dead exports left in `tempDir` (staging folders) and `outDir` (partial tars); returns what went. */
export function sweepExportLeftovers(tempDir: string, outDir: string): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, pattern: RegExp) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // a folder we cannot read holds nothing of ours to sweep
    }
    for (const name of names) {
      const pid = Number(pattern.exec(name)?.[1]);
      if (!pid || pid === process.pid || isAlive(pid) || !ours(join(dir, name))) continue;
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(join(dir, name));
    }
  };
  sweep(tempDir, STAGING);
  sweep(outDir, PARTIAL);
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Only this user's leftovers: a shared temp directory holds other users' files too. */
function ours(path: string): boolean {
  try {
    return statSync(path).uid === process.getuid?.();
  } catch {
    return false;
  }
}
