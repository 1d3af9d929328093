import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';

/** Fail before any work (and before any custody record) when the output cannot be written. */
export async function assertWritableTarget(file: string, what: string): Promise<void> {
  const folder = dirname(file);
  const why = await (async () => {
    try {
      if (!(await stat(folder)).isDirectory()) return `${folder} is not a directory`;
      await access(folder, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? `directory ${folder} does not exist` : code === 'EACCES' ? `directory ${folder} is not writable` : (error as Error).message;
    }
    try {
      if ((await stat(file)).isDirectory()) return `${file} is a directory`;
      await access(file, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return code === 'EACCES' ? `${file} exists and is not writable` : (error as Error).message;
    }
    return undefined;
  })();
  if (why) throw new UsageError(`cannot write the ${what} to ${file}: ${why}`, { hint: 'choose another path with -o FILE' });
}
