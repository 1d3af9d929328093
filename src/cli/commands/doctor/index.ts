import { Command } from 'commander';
import { resolvePaths } from '../../../config.js';
import { findLoosePermissions } from '../../../private-files.js';
import type { GlobalOptions } from '../../global-options.js';
import { color, printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';

/** `irctl doctor`: is the state private? Reads modes only; opens no store, changes nothing. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check that state, keys and evidence are private to this user (0700 directories, 0600 files, 0400 evidence); warns on anything looser')
    .action((_options: unknown, command: Command) => {
      const output = commandOutput(command);
      const paths = resolvePaths(command.optsWithGlobals<GlobalOptions>());
      const loose = findLoosePermissions(paths);
      if (output.json) return printJson(output, { ok: loose.length === 0, home: paths.home, db: paths.db, evidenceDir: paths.evidenceDir, loose });
      if (loose.length === 0) return output.out(`${color.green('ok')}   ${paths.home}, ${paths.db} and ${paths.evidenceDir} are private to this user`);
      for (const entry of loose) output.err(`${color.yellow('warning:')} ${entry.message}`);
      output.out(`${loose.length} path(s) readable or writable by other users; fix with: chmod -R go-rwx ${paths.home} ${paths.evidenceDir}`);
    });
}
