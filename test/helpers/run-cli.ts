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

/** runCli with the shape of cli-process.ts's runIrctl ({ code, output }), for tests that only need
 *  the command's result: in-process is several times cheaper than a child Node process. */
export async function irctl(argv: string[]): Promise<{ code: number; output: string }> {
  const result = await runCli(argv);
  return { code: result.code, output: result.out + result.err };
}
