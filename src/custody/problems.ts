/** What kind of break verify found; stable strings for --json consumers. */
export type CustodyProblemKind =
  | 'sequence' // records missing from (or duplicated in) the numbering
  | 'link' // prev hash does not match the record before (or the incident's genesis)
  | 'hash' // the record's content does not match its hash
  | 'artifact-missing'
  | 'artifact-mismatch'
  | 'artifact-location'
  | 'checkpoint-signature'
  | 'checkpoint-malformed'
  | 'checkpoint-origin'
  | 'checkpoint-ahead' // the checkpoint pins more records than the ledger holds: tail cut off
  | 'checkpoint-diverged' // the ledger no longer extends the checkpoint: history rewritten
  | 'unpinned' // records no stored checkpoint pins where irctl always signs (a closed incident), or --require-pinned
  | 'cosignature'; // --witness-key given, and no checkpoint carries a valid cosignature by that witness

export interface CustodyProblem {
  incidentId: string;
  seq: number | null; // the record the problem is about; null when it is about no one record
  kind: CustodyProblemKind;
  message: string;
}
