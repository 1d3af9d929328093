import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Run the real CLI entry in-process, with stdout and stderr captured into strings. */
export async function runCli(argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const code = await main(argv, {
    json: argv.includes('--json'),
    out: (text) => (out += line(text)),
    err: (text) => (err += line(text)),
  });
  return { code, out, err };
}
