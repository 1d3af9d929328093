// One process of the approval race: opens its own connection to the shared store, says "ready" on
// stdout, waits for "go" on stdin (the test sends it to every worker once all are ready), then
// records an approval for each actor it was given, as fast as it can.
// Prints one JSON line per attempt: { actor, ok, code?, message? }.
// Plain JavaScript on the compiled dist/ (global-setup builds it when stale), so five processes do
// not each compile the sources through tsx first.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { decideGate } from '../../dist/cli/commands/approvals/decide.js';
import { IrctlError } from '../../dist/errors.js';
import { openServices } from '../../dist/services.js';

const [home, incidentId, ...actors] = process.argv.slice(2);
const services = openServices({ home });
const lines = createInterface({ input: process.stdin });
console.log('ready');
await once(lines, 'line');
lines.close();
for (const actor of actors) {
  try {
    decideGate({ ...services, actor }, { incidentId, decision: 'approve' });
    console.log(JSON.stringify({ actor, ok: true }));
  } catch (error) {
    if (!(error instanceof IrctlError)) throw error;
    console.log(JSON.stringify({ actor, ok: false, code: error.exitCode, message: error.message }));
  }
}
services.close();
