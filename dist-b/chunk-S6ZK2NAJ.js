import {
  CHECKPOINT_SHAPE,
  parseCheckpoint
} from "./chunk-JOVG2KOV.js";
import {
  IntegrityError,
  IrctlError,
  NotFoundError,
  RefusedError,
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/custody/checkpoint-file.js
import { readFileSync } from "node:fs";
function readCheckpointFile(path, incidentId) {
  const make = `make one on the signing host with: irctl custody checkpoint ${incidentId ?? "<incident>"} > head.txt (needs the operator role); for a bundle, save what irctl export printed on stdout`;
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT")
      throw new NotFoundError(`checkpoint file ${path} does not exist`, { hint: make });
    throw new UsageError(`checkpoint file ${path} cannot be read: ${error.message}`, { hint: make, cause: error });
  }
  try {
    parseCheckpoint(text);
  } catch (error) {
    if (error instanceof UsageError) {
      const what = text.trim() === "" ? "is empty" : `is not a checkpoint: ${error.message}`;
      throw new UsageError(`checkpoint file ${path} ${what}; ${CHECKPOINT_SHAPE}`, { hint: make, cause: error });
    }
    if (!(error instanceof IntegrityError))
      throw error;
  }
  return { label: path, text };
}

// dist/custody/cosignature.js
import { createHash, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
var COSIGNATURE_V1 = 4;
var SIGNATURE_PREFIX = "\u2014 ";
var FUTURE_SKEW_SECONDS = 300;
function witnessKeyId(name, raw) {
  return createHash("sha256").update(Buffer.concat([Buffer.from(`${name}
`), Buffer.from([COSIGNATURE_V1]), raw])).digest().subarray(0, 4);
}
function defaultWitnessName(raw) {
  return `irctl-witness-${createHash("sha256").update(raw).digest("hex").slice(0, 16)}`;
}
function witnessVerifierKey(key) {
  return `${key.name}+${witnessKeyId(key.name, key.raw).toString("hex")}+${Buffer.concat([Buffer.from([COSIGNATURE_V1]), key.raw]).toString("base64")}`;
}
function checkName(name) {
  if (name.length === 0 || /[\s+]/.test(name))
    throw new UsageError(`witness name ${JSON.stringify(name)} must be non-empty, without spaces or "+" (a signed-note key name)`);
  return name;
}
function rawOf(publicKey, what) {
  if (publicKey.asymmetricKeyType !== "ed25519")
    throw new UsageError(`${what} is ${publicKey.asymmetricKeyType ?? "not asymmetric"}, expected ed25519`);
  return Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
}
function parseWitnessSigningKey(text, file, mode, name) {
  if (mode !== void 0 && (mode & 63) !== 0)
    throw new RefusedError(`witness key ${file} is readable by other users`, { hint: `chmod 600 ${file}` });
  let privateKey;
  try {
    privateKey = createPrivateKey(text);
  } catch (error) {
    throw new UsageError(`witness key ${file} is not a PEM private key: ${error.message}`, {
      hint: "make one with: openssl genpkey -algorithm ed25519 -out witness.key && openssl pkey -in witness.key -pubout -out witness.pub",
      cause: error
    });
  }
  const publicKey = createPublicKey(privateKey);
  const raw = rawOf(publicKey, `witness key ${file}`);
  return { publicKey, raw, privateKey, name: checkName(name ?? defaultWitnessName(raw)) };
}
function parseWitnessPublicKey(text, file) {
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(text)?.[0];
  try {
    if (pem) {
      const publicKey2 = createPublicKey(pem);
      return { publicKey: publicKey2, raw: rawOf(publicKey2, `witness public key ${file}`) };
    }
  } catch (error) {
    if (error instanceof UsageError)
      throw error;
    throw new UsageError(`witness public key ${file} is not a valid ed25519 key: ${error.message}`, { cause: error });
  }
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0 && !l.startsWith("#")) ?? "";
  const vkey = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(line);
  const encoded = Buffer.from(vkey?.[3] ?? "", "base64");
  if (!vkey || encoded.length !== 33 || encoded[0] !== COSIGNATURE_V1) {
    throw new UsageError(`witness public key ${file} is neither a PEM public key nor a cosignature/v1 verifier key (name+keyid+base64 of 0x04 and the key)`, {
      hint: "irctl custody cosign prints the witness verifier key; openssl pkey -in witness.key -pubout gives the PEM"
    });
  }
  const raw = encoded.subarray(1);
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
  if (!witnessKeyId(vkey[1], raw).equals(Buffer.from(vkey[2], "hex")))
    throw new UsageError(`witness public key ${file}: its key ID does not match its name and key`);
  return { publicKey, raw, name: vkey[1] };
}
function cosignedMessage(body, timestamp) {
  return Buffer.from(`cosignature/v1
time ${timestamp}
${body}`);
}
function cosignCheckpoint(checkpoint, key, now = /* @__PURE__ */ new Date()) {
  const timestamp = Math.floor(now.getTime() / 1e3);
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, cosignedMessage(checkpoint.body, timestamp), key.privateKey);
  const keyId = witnessKeyId(key.name, key.raw);
  const line = `${SIGNATURE_PREFIX}${key.name} ${Buffer.concat([keyId, stamp, signature]).toString("base64")}`;
  const others = checkpoint.signatures.filter((s) => !(s.keyName === key.name && s.keyHash.equals(keyId))).map((s) => `${SIGNATURE_PREFIX}${s.keyName} ${s.encoded}`);
  return { note: `${checkpoint.body}
${[...others, line].join("\n")}
`, timestamp, line };
}
function verifyCosignature(checkpoint, key, now = /* @__PURE__ */ new Date()) {
  const lines = checkpoint.signatures.filter((s) => (key.name === void 0 || s.keyName === key.name) && s.keyHash.equals(witnessKeyId(s.keyName, key.raw)));
  const who = key.name ?? `the witness key ${defaultWitnessName(key.raw)}`;
  if (lines.length === 0) {
    const names = checkpoint.signatures.map((s) => s.keyName).join(", ") || "none";
    return { ok: false, present: false, reason: `no cosignature by ${who} (signed by: ${names})` };
  }
  for (const line of lines) {
    const bytes = Buffer.from(line.encoded, "base64").subarray(4);
    if (bytes.length !== 8 + 64)
      return { ok: false, present: true, reason: `the cosignature line of ${line.keyName} is not a cosignature/v1 (timestamp and Ed25519 signature)` };
    const timestamp = bytes.readBigUInt64BE(0);
    if (timestamp > BigInt(Math.floor(now.getTime() / 1e3) + FUTURE_SKEW_SECONDS)) {
      return { ok: false, present: true, reason: `the cosignature of ${line.keyName} is dated in the future (${timestamp})` };
    }
    if (verify(null, cosignedMessage(checkpoint.body, Number(timestamp)), key.publicKey, bytes.subarray(8)))
      return { ok: true, witness: line.keyName, timestamp: Number(timestamp) };
  }
  return { ok: false, present: true, reason: `the cosignature of ${lines[0].keyName} does not verify: the checkpoint or its cosignature was altered` };
}
function findCosignatures(witnesses, notes, now = /* @__PURE__ */ new Date()) {
  const parsed = notes.flatMap((note) => {
    try {
      return [{ label: note.label, checkpoint: parseCheckpoint(note.text) }];
    } catch (error) {
      if (error instanceof IrctlError)
        return [];
      throw error;
    }
  });
  const found = [];
  const missing = [];
  for (const witness of witnesses) {
    const checks = parsed.map((note) => ({ label: note.label, check: verifyCosignature(note.checkpoint, witness.key, now) }));
    const good = checks.find((c) => c.check.ok);
    if (good?.check.ok) {
      found.push({
        witness: good.check.witness,
        timestamp: good.check.timestamp,
        cosignedAt: new Date(good.check.timestamp * 1e3).toISOString(),
        checkpoint: good.label
      });
      continue;
    }
    const bad = checks.find((c) => !c.check.ok && c.check.present);
    const where = parsed.length === 0 ? "there is no checkpoint to check" : bad && !bad.check.ok ? `${bad.label}: ${bad.check.reason}` : `none of the ${parsed.length} checkpoint(s) (${parsed.map((n) => n.label).join(", ")}) carries a cosignature by it`;
    missing.push({
      witnessLabel: witness.label,
      checkpoint: bad?.label ?? null,
      message: `witness cosignature missing or wrong for ${witness.label}: ${where}`
    });
  }
  return { found, missing };
}

export {
  readCheckpointFile,
  witnessVerifierKey,
  parseWitnessSigningKey,
  parseWitnessPublicKey,
  cosignCheckpoint,
  findCosignatures
};
