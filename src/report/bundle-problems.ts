import type { CustodyProblemKind } from '../custody/problems.js';
/** What verify-bundle found wrong; stable strings for --json consumers. */
export type BundleProblemKind =
  | 'unsafe-path' // absolute, "..", or otherwise not a plain relative name
  | 'link' // symbolic or hard link
  | 'special-file' // device, FIFO, …
  | 'duplicate' // the same name twice in the archive or the manifest
  | 'ambiguous' // tar readers could read the archive differently (an entry named twice, data after its end): `tar -x` might not write what was checked
  | 'extract-collision' // with --extract: two of the bundle's names cannot both exist on this filesystem
  | 'too-large' // extracting it would exceed the space allowed for the check
  | 'added' // in the archive, not in the manifest
  | 'missing' // in the manifest, not in the archive
  | 'mismatch' // size or SHA-256 differs from the manifest
  | 'manifest' // manifest.json absent or malformed
  | 'ledger' // custody/ledger.jsonl absent or malformed
  | 'checkpoint-name' // the bundled checkpoint notes are not named 0001.note … NNNN.note in a row
  | 'key' // the public key cannot be read
  | 'custody' // the chain, an evidence file or a checkpoint does not verify
  | 'unrecorded-evidence' // an evidence file no ledger record vouches for
  | 'unsigned-tail' // ledger records no bundled checkpoint pins
  | 'cosignature' // --witness-key given, and no checkpoint carries a valid cosignature by that witness
  | 'unbound' // the files differ from what the signed `bundled` record bound, or there is no such record
  | 'unverified'; // everything is consistent, but only the bundle's own key vouches for it

export interface BundleProblem {
  kind: BundleProblemKind;
  path: string | null; // the file inside the bundle it is about
  message: string;
  custodyKind?: CustodyProblemKind; // for kind "custody": which check of the custody verifier failed
}
