import canonicalizeModule from 'canonicalize';
import { createHash, hash } from 'node:crypto';
import type { JsonValue } from '../json.js';

// canonicalize is CommonJS (module.exports = fn) but its typings declare a default export,
// which NodeNext types as a namespace; the runtime value is the function itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** Domain tags: a record hash can never be mistaken for any other SHA-256 irctl computes. */
const RECORD_TAG = 'irctl-custody-v1\n';
const GENESIS_TAG = 'irctl-custody-genesis-v1\n';

export type JsonObject = { [key: string]: JsonValue };

/** Every hashed field of a custody record: all of it except `hash`. */
export interface CustodyRecordFields {
  incidentId: string;
  seq: number;
  recordedAt: string;
  actor: string;
  act: string;
  subject: string;
  where: JsonObject | null;
  how: JsonObject | null;
  details: JsonObject | null;
  artifactSha256: string | null;
  artifactSize: number | null;
  artifactLocation: string | null;
  evidenceId: string | null;
  prevHash: string;
}

export interface CustodyRecord extends CustodyRecordFields {
  hash: string;
}

/** RFC 8785 canonical JSON. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** SHA-256 (hex) over the domain tag and the RFC 8785 canonical JSON of the record's fields. */
export function recordHash(fields: CustodyRecordFields): string {
  return sha256Hex(RECORD_TAG + canonicalJson(fields));
}

/** One-shot SHA-256 (crypto.hash): a verify hashes every record, and a Hash object per record was a
 *  third of a long ledger's walk. The text is hashed as UTF-8, as Hash.update does. */
const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

/** A record's fields as stored: nested objects as the canonical JSON text they were written as. */
export interface StoredRecordFields extends Omit<CustodyRecordFields, 'where' | 'how' | 'details'> {
  whereJson: string | null;
  howJson: string | null;
  detailsJson: string | null;
}

const str = JSON.stringify; // RFC 8785 serialises strings (and safe integers, null) exactly as JSON.stringify does

/**
 * recordHash without parsing: the canonical JSON spliced from the stored columns, keys in RFC 8785
 * order. Equal to recordHash of the parsed record whenever the stored objects are canonical (irctl
 * writes them so); a verifier that gets a mismatch re-checks with recordHash before it blames the record.
 */
export function storedRecordHash(r: StoredRecordFields): string {
  const canonical =
    `{"act":${str(r.act)},"actor":${str(r.actor)},"artifactLocation":${str(r.artifactLocation)},"artifactSha256":${str(r.artifactSha256)},` +
    `"artifactSize":${str(r.artifactSize)},"details":${r.detailsJson ?? 'null'},"evidenceId":${str(r.evidenceId)},"how":${r.howJson ?? 'null'},` +
    `"incidentId":${str(r.incidentId)},"prevHash":${str(r.prevHash)},"recordedAt":${str(r.recordedAt)},"seq":${str(r.seq)},"subject":${str(r.subject)},` +
    `"where":${r.whereJson ?? 'null'}}`;
  return sha256Hex(RECORD_TAG + canonical);
}

/** The prev hash of record 1: bound to the incident, so a chain cannot be replayed into another. */
export function genesisHash(incidentId: string): string {
  return createHash('sha256').update(GENESIS_TAG).update(incidentId).digest('hex');
}
