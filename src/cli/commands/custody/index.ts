import type { Command } from 'commander';
import { custodyCheckpointCommand } from './checkpoint.js';
import { custodyCosignCommand } from './cosign.js';
import { custodyLogCommand } from './log.js';
import { custodyPubkeyCommand } from './pubkey.js';
import { custodyVerifyCommand } from './verify.js';
import { custodyCheckProofCommand, custodyProveCommand } from './prove.js';

/** `irctl custody log|verify|checkpoint|pubkey|prove|check-proof|cosign`. */
export function registerCustodyCommands(program: Command): void {
  const custody = program.command('custody').description('chain of custody: the hash-chained ledger, its signed checkpoints, verification');
  for (const command of [
    custodyLogCommand(),
    custodyVerifyCommand(),
    custodyCheckpointCommand(),
    custodyPubkeyCommand(),
    custodyProveCommand(),
    custodyCheckProofCommand(),
    custodyCosignCommand(),
  ]) {
    // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
    custody.addCommand(command.copyInheritedSettings(custody));
  }
}
