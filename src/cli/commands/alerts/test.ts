import { Command, Option } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { ALERT_SOURCES } from '../../../alerts/alert.js';
import { testAlertPayload, type AlertTestReport, type RunbookRef } from '../../../alerts/dry-run.js';
import { isAlertSource } from '../../../alerts/parsers/index.js';
import { parsePayloadText } from '../../../alerts/payload-text.js';
import { NotFoundError, UsageError } from '../../../errors.js';
import { loadRunbookFile, loadRunbooks } from '../../../runbook/load.js';
import { color, printJson, type Output } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { runbookDirs } from '../runbook/runbook-dirs.js';
import { renderAlertTest } from './render.js';

/** Large enough for any real notification; the HTTP server enforces its own body limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface TestOptions {
  source?: string;
  runbook: string[];
}

function readPayload(path: string): unknown {
  if (!existsSync(path)) throw new NotFoundError(`payload file ${path} does not exist`);
  const size = statSync(path).size;
  if (size > MAX_PAYLOAD_BYTES) throw new UsageError(`payload file ${path} is ${size} bytes; at most ${MAX_PAYLOAD_BYTES} are read`);
  return parsePayloadText(readFileSync(path, 'utf8'));
}

/** The runbooks named with --runbook, else every runbook in the runbook directories that exist. */
function runbooksFor(command: Command, files: string[], output: Output): RunbookRef[] {
  if (files.length > 0) return files.map((file) => loadRunbookFile(file));
  const catalog = loadRunbooks(runbookDirs(command));
  for (const { file, error } of catalog.invalid) {
    output.err(
      `${color.yellow('warning:')} skipped invalid runbook ${file}: ${error.issues.length === 1 ? '1 problem' : `${error.issues.length} problems`}; irctl runbook validate ${file}`,
    );
  }
  return catalog.runbooks;
}

export function alertsTestCommand(): Command {
  return new Command('test')
    .description('parse an alert payload and show which runbook trigger would match, with which inputs (runs nothing)')
    .argument('<payload>', 'a JSON file (or JSON lines) as the source would POST it')
    .addOption(new Option('--source <source>', 'the payload format (default: detected from its shape)').choices([...ALERT_SOURCES]))
    .option(
      '--runbook <file>',
      'test against this runbook file instead of the runbook directories (repeatable)',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .action((payloadPath: string, options: TestOptions, command: Command) => {
      const output = commandOutput(command);
      const source = options.source !== undefined && isAlertSource(options.source) ? options.source : undefined;
      const payload = readPayload(payloadPath);
      const runbooks = runbooksFor(command, options.runbook, output);
      const report: AlertTestReport = testAlertPayload(payload, runbooks, source);
      if (output.json) printJson(output, { ...report, runbooks: runbooks.length });
      else output.out(renderAlertTest(report, runbooks.length));
    });
}
