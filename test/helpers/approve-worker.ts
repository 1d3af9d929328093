// One process of the approval race: opens its own connection to the shared store, waits for the
// common start time, then records an approval for each actor it was given, as fast as it can.
// Prints one JSON line per attempt: { actor, ok, code?, message? }.
import { decideGate } from '../../src/cli/commands/approvals/decide.js';
import { IrctlError } from '../../src/errors.js';
import { openServices } from '../../src/services.js';

const [home, incidentId, startAt, ...actors] = process.argv.slice(2);
const services = openServices({ home });
while (Date.now() < Number(startAt)) await new Promise((resolve) => setTimeout(resolve, 1));
for (const actor of actors) {
  try {
    decideGate({ ...services, actor }, { incidentId: incidentId!, decision: 'approve' });
    console.log(JSON.stringify({ actor, ok: true }));
  } catch (error) {
    if (!(error instanceof IrctlError)) throw error;
    console.log(JSON.stringify({ actor, ok: false, code: error.exitCode, message: error.message }));
  }
}
services.close();
