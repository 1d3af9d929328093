import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  color,
  printJson
} from "./chunk-NULSSLA3.js";
import {
  findLoosePermissions
} from "./chunk-LQHUQG2A.js";
import {
  resolvePaths
} from "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-JMAPXXTL.js";

// dist/cli/commands/doctor/index.js
function registerDoctorCommand(program) {
  program.command("doctor").description("check that state, keys and evidence are private to this user (0700 directories, 0600 files, 0400 evidence); warns on anything looser").action((_options, command) => {
    const output = commandOutput(command);
    const paths = resolvePaths(command.optsWithGlobals());
    const loose = findLoosePermissions(paths);
    if (output.json)
      return printJson(output, { ok: loose.length === 0, home: paths.home, db: paths.db, evidenceDir: paths.evidenceDir, loose });
    if (loose.length === 0)
      return output.out(`${color.green("ok")}   ${paths.home}, ${paths.db} and ${paths.evidenceDir} are private to this user`);
    for (const entry of loose)
      output.err(`${color.yellow("warning:")} ${entry.message}`);
    output.out(`${loose.length} path(s) readable or writable by other users; fix with: chmod -R go-rwx ${paths.home} ${paths.evidenceDir}`);
  });
}
export {
  registerDoctorCommand
};
