import { Command } from 'commander';
import { loadOrCreateSigningKey, publicKeyPem, verifierKey } from '../../../custody/keys.js';
import { resolvePaths } from '../../../config.js';
import type { GlobalOptions } from '../../global-options.js';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';

export function custodyPubkeyCommand(): Command {
  return new Command('pubkey')
    .description('print the public key that signs custody checkpoints (creates the key pair on first use)')
    .action((_options: unknown, command: Command) => {
      const output = commandOutput(command);
      const key = loadOrCreateSigningKey(resolvePaths(command.optsWithGlobals<GlobalOptions>()).home);
      const pem = publicKeyPem(key);
      if (output.json) return printJson(output, { keyId: key.keyId, keyName: key.keyName, verifierKey: verifierKey(key), pem });
      output.out(`# irctl custody signing key ${key.keyName} (key id ${key.keyId})\n# verifier key: ${verifierKey(key)}\n${pem}`);
    });
}
