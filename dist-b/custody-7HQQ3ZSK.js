import {
  cosignCheckpoint,
  findCosignatures,
  parseWitnessPublicKey,
  parseWitnessSigningKey,
  readCheckpointFile,
  witnessVerifierKey
} from "./chunk-S6ZK2NAJ.js";
import {
  verifyCustody
} from "./chunk-KT6XSSTL.js";
import {
  checkpointOrigin,
  loadOrCreateSigningKey,
  parseCheckpoint,
  parsePublicKey,
  publicKeyPem,
  recordLeaf,
  rootFromInclusion,
  storedInclusionProof,
  syncTree,
  verifierKey,
  verifyCheckpointSignature,
  writeCheckpoint
} from "./chunk-JOVG2KOV.js";
import {
  servicesFor
} from "./chunk-63OQWS67.js";
import {
  sha256File
} from "./chunk-DVWMJPOH.js";
import {
  RECORD_COLUMNS,
  canonicalJson,
  custodyIncidentIds,
  listCustody,
  recordFromRow
} from "./chunk-72I7VOGQ.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  color,
  printJson,
  table
} from "./chunk-NULSSLA3.js";
import "./chunk-VIEP5AEZ.js";
import {
  witnessedNotes,
  witnessesConfigured
} from "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import {
  findLoosePermissions
} from "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import {
  resolvePaths
} from "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-QCYQ7BMR.js";
import {
  IntegrityError,
  IrctlError,
  NotFoundError,
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/cli/commands/custody/checkpoint.js
import { Command } from "commander";
function custodyCheckpointCommand() {
  return new Command("checkpoint").description("sign the incident's ledger head and print the checkpoint note (paste it in a ticket to anchor the chain)").argument("<incident>", "incident id").option("--reason <text>", "why the checkpoint was taken", "manual").action((incidentId, options, command) => {
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      const checkpoint = writeCheckpoint(services.db, services.paths.home, incidentId, options.reason);
      if (output.json)
        return printJson(output, checkpoint);
      output.out(checkpoint.note);
      output.err(`checkpoint of ${checkpoint.count} records signed by key ${checkpoint.keyId}; keep it outside this host and check it later with: irctl custody verify ${incidentId} --checkpoint FILE`);
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/custody/cosign.js
import { Command as Command2 } from "commander";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
function readInput(path, what) {
  if (!existsSync(path))
    throw new NotFoundError(`${what} ${path} does not exist`);
  return readFileSync(path, "utf8");
}
function custodyCosignCommand() {
  return new Command2("cosign").description("countersign a checkpoint as a witness (C2SP tlog-cosignature, Ed25519): prints the checkpoint with the cosignature line added").argument("<checkpoint>", "the checkpoint file (what irctl export or irctl custody checkpoint printed)").requiredOption("--witness-key <file>", "the witness's Ed25519 private key (PEM, mode 0600), kept off the irctl host").requiredOption("--pubkey <file>", "the custody public key the checkpoint must be signed by (irctl custody pubkey on the irctl host)").option("--name <name>", "the witness name in the signature line (default irctl-witness-<key id>)").option("-o, --output <file>", "write the cosigned checkpoint to FILE (0600) instead of stdout").addHelpText("after", `
A cosignature says: at this time, the witness saw this checkpoint signed by the custody key. Whoever
holds the irctl host and its key can re-sign a rewritten ledger, but cannot get it cosigned after the
fact. Receivers check it with: irctl verify-bundle B --pubkey custody.pub --checkpoint cosigned.txt --witness-key witness.pub

Examples:
  openssl genpkey -algorithm ed25519 -out witness.key && openssl pkey -in witness.key -pubout -out witness.pub
  irctl custody cosign --witness-key witness.key --pubkey custody.pub bundle-head.txt > bundle-head.cosigned.txt`).action((file, options, command) => {
    const output = commandOutput(command);
    const custodyKey = parsePublicKey(readInput(options.pubkey, "public key file"));
    const witness = parseWitnessSigningKey(readInput(options.witnessKey, "witness key file"), options.witnessKey, process.platform === "win32" ? void 0 : statSync(options.witnessKey).mode, options.name);
    const checkpoint = parseCheckpoint(readCheckpointFile(file).text);
    const signed = verifyCheckpointSignature(checkpoint, custodyKey);
    if (!signed.ok) {
      throw new IntegrityError(`refusing to cosign ${file}: ${signed.reason}`, {
        hint: "a witness cosigns only checkpoints signed by the custody key it was given (--pubkey)"
      });
    }
    const { note, timestamp } = cosignCheckpoint(checkpoint, witness);
    const vkey = witnessVerifierKey(witness);
    if (options.output)
      writeFileSync(options.output, note, { mode: 384 });
    const cosignedAt = new Date(timestamp * 1e3).toISOString();
    if (output.json)
      return printJson(output, {
        origin: checkpoint.origin,
        count: checkpoint.count,
        witness: witness.name,
        verifierKey: vkey,
        timestamp,
        cosignedAt,
        file: options.output ?? null,
        note
      });
    if (!options.output)
      output.out(note.trimEnd());
    output.err(`cosigned ${checkpoint.origin} at ${checkpoint.count} records as witness ${witness.name} at ${cosignedAt}${options.output ? ` \u2192 ${options.output}` : ""}; witness verifier key: ${vkey}`);
  });
}

// dist/cli/commands/custody/log.js
import { Command as Command3 } from "commander";
function custodyLogCommand() {
  return new Command3("log").description("list an incident's chain-of-custody records in order").argument("<incident>", "incident id").action((incidentId, _options, command) => {
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      const records = listCustody(services.db, incidentId);
      if (records.length === 0) {
        throw new NotFoundError(`incident ${incidentId} has no custody records`, {
          hint: "check the incident id: irctl custody verify --all lists every ledger"
        });
      }
      if (output.json)
        return printJson(output, records);
      const rows = records.map((r) => [
        r.seq,
        r.recordedAt,
        r.actor,
        r.act,
        r.subject,
        r.artifactLocation ? `${r.artifactLocation} sha256:${r.artifactSha256?.slice(0, 12)}` : "",
        r.hash.slice(0, 16)
      ]);
      output.out(table(["seq", "time (UTC)", "actor", "act", "subject", "artifact", "hash"], rows));
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/custody/pubkey.js
import { Command as Command4 } from "commander";
function custodyPubkeyCommand() {
  return new Command4("pubkey").description("print the public key that signs custody checkpoints (creates the key pair on first use)").action((_options, command) => {
    const output = commandOutput(command);
    const key = loadOrCreateSigningKey(resolvePaths(command.optsWithGlobals()).home);
    const pem = publicKeyPem(key);
    if (output.json)
      return printJson(output, { keyId: key.keyId, keyName: key.keyName, verifierKey: verifierKey(key), pem });
    output.out(`# irctl custody signing key ${key.keyName} (key id ${key.keyId})
# verifier key: ${verifierKey(key)}
${pem}`);
  });
}

// dist/cli/commands/custody/verify.js
import { Command as Command5 } from "commander";
import { existsSync as existsSync2, readFileSync as readFileSync2 } from "node:fs";
function readInput2(path, what) {
  if (!existsSync2(path))
    throw new NotFoundError(`${what} ${path} does not exist`);
  return readFileSync2(path, "utf8");
}
function originIncident(checkpoint) {
  try {
    return parseCheckpoint(checkpoint.text).incidentId;
  } catch (error) {
    if (error instanceof IrctlError)
      return null;
    throw error;
  }
}
function report(output, result) {
  const anchors = `${result.checkpoints} checkpoint(s)${result.externalCheckpoints ? ` + ${result.externalCheckpoints} external` : ""}`;
  const summary = `${result.records} records, ${result.artifacts} evidence file(s), ${anchors}`;
  if (result.ok) {
    output.out(`${color.green("ok")}   ${result.incidentId}: ${summary}; head ${result.headHash?.slice(0, 16) ?? "(empty)"}`);
    for (const proof of result.consistency) {
      output.out(`     consistent: the ledger's ${proof.to} records extend the ${proof.from} signed in ${proof.label.replace(/^old checkpoint /, "")} (RFC 9162 proof of ${proof.proof.length} hashes)`);
    }
    return;
  }
  output.out(`${color.red("FAIL")} ${result.incidentId}: ${summary}; ${result.problems.length} problem(s):`);
  for (const problem of result.problems) {
    output.out(`  ${problem.seq === null ? "ledger" : `record ${problem.seq}`} [${problem.kind}] ${problem.message}`);
  }
}
function custodyVerifyCommand() {
  return new Command5("verify").description("re-derive the chain, re-hash every evidence file, check checkpoint signatures; exit 7 on any break").argument("[incident]", "incident id (or use --all)").option("--all", "verify every incident that has a ledger").option("--checkpoint <file>", "a checkpoint kept elsewhere (ticket, chat); prove the ledger still extends it (repeatable)", (file, files) => [...files, file], []).option("--since-checkpoint <file>", "an older checkpoint: check an RFC 9162 consistency proof that the ledger extends it without rewriting it (repeatable)", (file, files) => [...files, file], []).option("--pubkey <file>", "the signer's public key (PEM or verifier key), when verifying away from the signing host").option("--witness-key <file>", "a witness public key (PEM or verifier key): a given or witnessed checkpoint must carry its C2SP cosignature, else exit 7 (repeatable)", (file, files) => [...files, file], []).action(async (incidentArg, options, command) => {
    const output = commandOutput(command);
    const external = options.checkpoint.map((file) => readCheckpointFile(file, incidentArg));
    const since = options.sinceCheckpoint.map((file) => readCheckpointFile(file, incidentArg));
    if (since.length > 0 && !incidentArg)
      throw new UsageError("--since-checkpoint needs the incident id", { hint: "irctl custody verify <incident> --since-checkpoint old.txt" });
    const publicKey = options.pubkey ? parsePublicKey(readInput2(options.pubkey, "public key file")) : void 0;
    if (incidentArg && options.all)
      throw new UsageError("give an incident id or --all, not both");
    const witnessKeys = options.witnessKey.map((file) => ({
      label: `witness key ${file}`,
      key: parseWitnessPublicKey(readInput2(file, "witness public key file"), file)
    }));
    const services = servicesFor(command);
    try {
      const origins = external.map(originIncident);
      const known = custodyIncidentIds(services.db);
      let incidentIds;
      if (incidentArg)
        incidentIds = [incidentArg];
      else if (options.all)
        incidentIds = [.../* @__PURE__ */ new Set([...known, ...origins.filter((id) => id !== null)])].sort();
      else if (origins.length > 0 && origins.every((id) => id !== null))
        incidentIds = [...new Set(origins)];
      else
        throw new UsageError("name the incident to verify, or pass --all", { hint: "irctl custody verify <incident> [--checkpoint FILE]" });
      if (incidentArg && !known.includes(incidentArg) && external.length === 0) {
        throw new NotFoundError(`incident ${incidentArg} has no custody ledger`, { hint: "irctl custody verify --all checks every ledger there is" });
      }
      const results = [];
      for (const incidentId of incidentIds) {
        const given = incidentArg ? external : external.filter((_, i) => origins[i] === incidentId);
        const witnessed = witnessedNotes(incidentId);
        if (witnessed.length === 0 && !output.json) {
          output.err(witnessesConfigured().length === 0 ? `note: ${incidentId} has no witnessed checkpoint (no custody.witness configured): checked against checkpoints on this host only, which whoever holds this host and its key could rewrite` : `note: no witness holds a checkpoint of ${incidentId} yet: checked against checkpoints on this host only`);
        }
        const mine = [...given, ...witnessed];
        const result = await verifyCustody(services.db, {
          incidentId,
          evidenceDir: services.paths.evidenceDir,
          home: services.paths.home,
          publicKey,
          externalCheckpoints: mine,
          sinceCheckpoints: since
        });
        if (witnessKeys.length > 0) {
          const { found, missing } = findCosignatures(witnessKeys, mine);
          for (const m of missing)
            result.problems.push({ incidentId, seq: null, kind: "cosignature", message: m.message });
          result.ok = result.problems.length === 0;
          if (!output.json)
            for (const c of found)
              output.err(`${incidentId}: cosigned by witness ${c.witness} at ${c.cosignedAt} (${c.checkpoint})`);
        }
        results.push(result);
      }
      const loose = findLoosePermissions(services.paths, incidentIds);
      if (!output.json)
        for (const entry of loose)
          output.err(`${color.yellow("warning:")} ${entry.message}`);
      if (output.json)
        printJson(output, { ok: results.every((r) => r.ok), incidents: results, loosePermissions: loose });
      else if (results.length === 0)
        output.out("no custody ledgers to verify");
      else
        results.forEach((result) => report(output, result));
      const failed = results.filter((r) => !r.ok);
      if (failed.length > 0) {
        const first = failed[0].problems[0];
        const others = failed.length > 1 ? ` (and ${failed.length - 1} other incident(s))` : "";
        throw new IntegrityError(`custody verification failed for incident ${first.incidentId}${others}: ${first.seq === null ? "" : `first broken record is ${first.seq}: `}${first.message}`, {
          hint: "do not add to or export this evidence; preserve the store and evidence directory as they are and escalate",
          details: { problems: failed.flatMap((r) => r.problems) }
        });
      }
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/custody/prove.js
import { Command as Command6 } from "commander";
import { existsSync as existsSync3, readFileSync as readFileSync3, statSync as statSync2, writeFileSync as writeFileSync2 } from "node:fs";

// dist/custody/proof.js
import { createHash } from "node:crypto";
import { z } from "zod";
var PROOF_FORMAT = "irctl-inclusion-proof/1";
var RECORD_TAG = "irctl-custody-v1\n";
var inclusionProofSchema = z.object({
  format: z.literal(PROOF_FORMAT),
  incident: z.string().min(1),
  record: z.string().min(2),
  // the exact bytes hashed: RFC 8785 JSON of the record's fields
  leafIndex: z.number().int().nonnegative(),
  // record seq − 1
  treeSize: z.number().int().positive(),
  path: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  // RFC 9162 audit path, hex
  checkpoint: z.string().min(1)
  // the signed note whose root the path leads to
}).strict();
function proveArtifact(db, incidentId, artifact) {
  const row = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND artifact_location IS NOT NULL
         AND (artifact_location = ? OR artifact_location = ? OR evidence_id = ?) ORDER BY seq LIMIT 1`).get(incidentId, artifact, `${incidentId}/${artifact}`, artifact);
  if (!row)
    throw new NotFoundError(`no custody record of incident ${incidentId} names evidence ${artifact}`, {
      hint: `irctl evidence ls ${incidentId} lists the evidence files`
    });
  const checkpoint = db.prepare("SELECT seq, note FROM custody_checkpoints WHERE incident_id = ? AND seq >= ? ORDER BY seq DESC, id DESC LIMIT 1").get(incidentId, row.seq);
  if (!checkpoint) {
    throw new NotFoundError(`no signed checkpoint of incident ${incidentId} covers record ${row.seq} yet`, {
      hint: `irctl custody checkpoint ${incidentId} signs one (operator role)`
    });
  }
  syncTree(db, incidentId);
  const { hash, ...fields } = recordFromRow(row);
  const record = canonicalJson(fields);
  if (recordDigest(record) !== hash)
    throw new IntegrityError(`record ${row.seq} does not match its hash`, { hint: `irctl custody verify ${incidentId}` });
  return {
    format: PROOF_FORMAT,
    incident: incidentId,
    record,
    leafIndex: row.seq - 1,
    treeSize: checkpoint.seq,
    path: storedInclusionProof(db, incidentId, row.seq, checkpoint.seq).map((node) => node.toString("hex")),
    checkpoint: checkpoint.note
  };
}
var recordDigest = (record) => createHash("sha256").update(RECORD_TAG).update(record).digest("hex");
function checkInclusionProof(proofText, file, key) {
  let proof;
  try {
    proof = inclusionProofSchema.parse(JSON.parse(proofText));
  } catch (error) {
    throw new UsageError(`the proof is not an ${PROOF_FORMAT} document: ${error.message.split("\n")[0]}`, {
      hint: "irctl custody prove <incident> <artifact> writes one"
    });
  }
  const problems = [];
  let record;
  try {
    record = JSON.parse(proof.record);
  } catch {
    return { ok: false, problems: ["the proof's record is not JSON"] };
  }
  if (record.artifactSha256 !== file.sha256)
    problems.push(`the file's SHA-256 is ${file.sha256}, the custody record says ${record.artifactSha256}: the file is not the one acquired (changed, or another file)`);
  else if (record.artifactSize !== null && record.artifactSize !== file.size)
    problems.push(`the file is ${file.size} bytes, the custody record says ${record.artifactSize}`);
  if (record.incidentId !== proof.incident || record.seq !== proof.leafIndex + 1)
    problems.push(`the record is ${record.incidentId} #${record.seq}, the proof is for ${proof.incident} leaf ${proof.leafIndex}`);
  const root = rootFromInclusion(proof.leafIndex, proof.treeSize, recordLeaf(recordDigest(proof.record)), proof.path.map((node) => Buffer.from(node, "hex")));
  let note;
  try {
    note = parseCheckpoint(proof.checkpoint);
  } catch (error) {
    return { ok: false, problems: [...problems, `the proof's checkpoint is not a valid signed note: ${error.message}`], record };
  }
  const signature = verifyCheckpointSignature(note, key);
  if (!signature.ok)
    problems.push(`the checkpoint ${signature.reason}`);
  if (note.origin !== checkpointOrigin(proof.incident))
    problems.push(`the checkpoint is for ${note.origin}, not incident ${proof.incident}`);
  if (note.count !== proof.treeSize)
    problems.push(`the checkpoint signs ${note.count} records, the proof is for a tree of ${proof.treeSize}`);
  if (!root)
    problems.push(`the audit path has the wrong length for leaf ${proof.leafIndex} of ${proof.treeSize}`);
  else if (root.toString("hex") !== note.rootHash)
    problems.push(`the record and audit path lead to root ${root.toString("hex")}, the checkpoint signed ${note.rootHash}: the record or the path was altered`);
  return { ok: problems.length === 0, problems, record };
}

// dist/cli/commands/custody/prove.js
function readInput3(path, what) {
  if (!existsSync3(path))
    throw new NotFoundError(`${what} ${path} does not exist`);
  return readFileSync3(path, "utf8");
}
function custodyProveCommand() {
  return new Command6("prove").description("print an RFC 9162 inclusion proof that an evidence file's custody record is in a signed checkpoint (check it anywhere with custody check-proof)").argument("<incident>", "incident id").argument("<artifact>", "the evidence file: its path under the evidence directory, its file name, or its evidence id").option("-o, --output <file>", "write the proof to FILE instead of stdout").action((incidentId, artifact, options, command) => {
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      const proof = proveArtifact(services.db, incidentId, artifact);
      const text = `${JSON.stringify(proof, null, 2)}
`;
      if (options.output) {
        writeFileSync2(options.output, text, { mode: 384 });
        output.err(`wrote ${options.output}: record ${proof.leafIndex + 1} in the signed tree of ${proof.treeSize} records (${proof.path.length} hashes)`);
      } else if (output.json)
        printJson(output, proof);
      else
        output.out(text);
    } finally {
      services.close();
    }
  });
}
function custodyCheckProofCommand() {
  return new Command6("check-proof").description("check an inclusion proof: the file's SHA-256 is the one its custody record holds, and that record is in a checkpoint signed by the pinned key; exit 7 if not").argument("<file>", "the evidence file as received").requiredOption("--proof <file>", "the proof irctl custody prove wrote").requiredOption("--pubkey <file>", "the signer's public key, obtained out of band (PEM or verifier key)").action(async (file, options, command) => {
    const output = commandOutput(command);
    const key = parsePublicKey(readInput3(options.pubkey, "public key file"));
    const proofText = readInput3(options.proof, "proof file");
    if (!existsSync3(file))
      throw new NotFoundError(`file ${file} does not exist`);
    const result = checkInclusionProof(proofText, { sha256: await sha256File(file), size: statSync2(file).size }, key);
    if (output.json)
      printJson(output, result);
    else if (result.ok) {
      output.out(`${color.green("ok")}   ${file}: record ${result.record?.seq} of incident ${result.record?.incidentId} (${result.record?.act} by ${result.record?.actor} at ${result.record?.recordedAt}) is in the checkpoint signed by ${key.keyName}`);
    } else {
      output.out(`${color.red("FAIL")} ${file}:`);
      for (const problem of result.problems)
        output.out(`  ${problem}`);
    }
    if (!result.ok) {
      throw new IntegrityError(`inclusion proof for ${file} does not hold: ${result.problems[0]}`, {
        hint: "do not rely on this file; ask the exporting host for the evidence again and a fresh proof",
        details: { problems: result.problems }
      });
    }
  });
}

// dist/cli/commands/custody/index.js
function registerCustodyCommands(program) {
  const custody = program.command("custody").description("chain of custody: the hash-chained ledger, its signed checkpoints, verification");
  for (const command of [
    custodyLogCommand(),
    custodyVerifyCommand(),
    custodyCheckpointCommand(),
    custodyPubkeyCommand(),
    custodyProveCommand(),
    custodyCheckProofCommand(),
    custodyCosignCommand()
  ]) {
    custody.addCommand(command.copyInheritedSettings(custody));
  }
}
export {
  registerCustodyCommands
};
