import { Command } from 'commander';
import { assertAllRemoved, listForensicImages, removeForensicImages, type RemovalResult } from '../../../engine/forensic-images.js';
import type { ForensicImage } from '../../../evidence/orphan-images.js';
import { color, printJson, table } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';
import { authorize } from '../run/shared.js';

const RESULT: Record<RemovalResult['result'], string> = {
  removed: color.green('removed'),
  untagged: color.yellow('untagged (another tag keeps it)'),
  absent: color.dim('already gone'),
  kept: color.red('KEPT'),
};

export function evidenceImagesCommand(): Command {
  return new Command('images')
    .description('list the forensic images evidence.commit left in the engine; --remove deletes those whose saved copy still verifies, and orphans')
    .argument('<incident>', 'incident id')
    .option('--remove', 'remove the engine copies (only after the run ended, and only where the saved tar matches its recorded hash or the image is an orphan)')
    .addHelpText('after', `
Every forensic image is also saved as a tar in the evidence store, so the engine's copy can go
once the incident is over. A copy whose saved tar is modified or missing is kept (exit 7).
An orphan is an image committed for the incident (label irctl.incident) by a run interrupted before
its save was recorded; the retry committed and saved another. Orphans are listed with saved copy
"none (capture interrupted)" and --remove removes them too, each removal a custody record.

Examples:
  irctl evidence images inc-20261124-0612-3fa9c1
  irctl --as alice evidence images inc-20261124-0612-3fa9c1 --remove`)
    .action(async (incidentId: string, options: { remove?: boolean }, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        const sources = { db: services.db, docker: services.docker, evidenceDir: services.paths.evidenceDir };
        if (!options.remove) {
          const images = await listForensicImages(sources, incidentId);
          if (output.json) return printJson(output, images);
          if (images.length === 0) return output.out(`incident ${incidentId} has no forensic images`);
          output.out(table(['image', 'host', 'image id', 'in engine', 'saved copy', 'evidence id'], images.map((i) => [i.imageRef, i.host, shortId(i.imageId), i.inEngine ? 'yes' : 'no', savedCopy(i), i.evidenceId ?? color.dim('orphan')])));
          if (images.some((i) => i.orphan)) output.out('orphan: committed by a run interrupted before the save was recorded; --remove removes it');
          return;
        }
        authorize(services, 'evidence.release', `remove the forensic images of ${incidentId}`);
        const results = await removeForensicImages(sources, incidentId, services.actor);
        if (output.json) printJson(output, results);
        else if (results.length === 0) output.out(`incident ${incidentId} has no forensic images`);
        else output.out(table(['image', 'host', 'image id', 'result'], results.map((r) => [r.imageRef, r.host, shortId(r.imageId), r.reason ? `${RESULT[r.result]}: ${r.reason}` : RESULT[r.result]])));
        assertAllRemoved(incidentId, results);
      } finally {
        services.close();
      }
    });
}

function savedCopy(image: ForensicImage): string {
  return image.orphan ? color.yellow(image.savedCopy) : image.savedCopy;
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
