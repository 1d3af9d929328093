import { generateKeyPairSync, verify, createPublicKey } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';
import { createIncidentFixture, type IncidentFixture } from '../unit/report/fixtures/incident.js';

// Witness cosignatures (C2SP tlog-cosignature, cosignature/v1 with Ed25519): a witness key kept
// off the irctl host countersigns the head irctl export printed; verify-bundle --witness-key
// accepts the bundle only with a valid cosignature by that key (exit 7 otherwise).

/** A real Ed25519 key pair, private half 0600, as `openssl genpkey -algorithm ed25519` would make. */
function witnessKeys(dir: string, name: string): { key: string; pub: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = join(dir, `${name}.key`);
  const pub = join(dir, `${name}.pub`);
  writeFileSync(key, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  writeFileSync(pub, publicKey.export({ format: 'pem', type: 'spki' }));
  return { key, pub };
}

describe('witness cosignatures: custody cosign and verify-bundle --witness-key', () => {
  let fixture: IncidentFixture;
  let dir: string;
  let bundle: string;
  let head: string;
  let custodyPub: string;
  let witness: { key: string; pub: string };
  let cosigned: string;
  let vkey: string;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    dir = mkdtempSync(join(tmpdir(), 'irctl-cosign-'));
    bundle = join(dir, 'incident.tar.gz');
    const run = await runCli([...fixture.args, 'export', fixture.incidentId, '-o', bundle]);
    if (run.code !== 0) throw new Error(`export failed: ${run.err}`);
    head = join(dir, 'bundle-head.txt');
    writeFileSync(head, run.out);
    custodyPub = join(dir, 'custody.pub');
    writeFileSync(custodyPub, (await runCli([...fixture.args, 'custody', 'pubkey'])).out);
    witness = witnessKeys(dir, 'witness');
    cosigned = join(dir, 'bundle-head.cosigned.txt');
    const cosign = await runCli(['custody', 'cosign', '--witness-key', witness.key, '--pubkey', custodyPub, head, '-o', cosigned]);
    expect(cosign.code, cosign.err).toBe(ExitCode.OK);
    vkey = /witness verifier key: (\S+)/.exec(cosign.err)![1]!;
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds one C2SP cosignature/v1 line that an independent check verifies over "cosignature/v1\\ntime T\\n" and the checkpoint body', () => {
    const original = readFileSync(head, 'utf8').trimEnd();
    const note = readFileSync(cosigned, 'utf8');
    expect(note.startsWith(`${original}\n`)).toBe(true); // the custody signature is kept as it was
    const [body, signatures] = note.split('\n\n') as [string, string];
    const line = signatures.trimEnd().split('\n').pop()!;
    const [, name, encoded] = line.split(' ') as [string, string, string];
    expect(line.startsWith('\u2014 irctl-witness-')).toBe(true);
    expect(vkey.startsWith(`${name}+`)).toBe(true);
    const bytes = Buffer.from(encoded, 'base64');
    expect(bytes).toHaveLength(4 + 8 + 64);
    const time = bytes.readBigUInt64BE(4);
    expect(Math.abs(Number(time) - Date.now() / 1000)).toBeLessThan(120);
    const message = Buffer.from(`cosignature/v1\ntime ${time}\n${body}\n`);
    expect(verify(null, message, createPublicKey(readFileSync(witness.pub)), bytes.subarray(12))).toBe(true);
  });

  it('verify-bundle accepts the cosigned head with the witness PEM key or its verifier key, and says who cosigned when', async () => {
    const run = await runCli(['verify-bundle', bundle, '--pubkey', custodyPub, '--checkpoint', cosigned, '--witness-key', witness.pub]);
    expect(run.code, run.err).toBe(ExitCode.OK);
    expect(run.out).toMatch(/cosigned by witness irctl-witness-[0-9a-f]{16} at \d{4}-\d\d-\d\dT/);
    const vkeyFile = join(dir, 'witness.vkey');
    writeFileSync(vkeyFile, `# witness verifier key\n${vkey}\n`);
    const json = await runCli(['--json', 'verify-bundle', bundle, '--pubkey', custodyPub, '--checkpoint', cosigned, '--witness-key', vkeyFile]);
    expect(json.code, json.err).toBe(ExitCode.OK);
    const result = JSON.parse(json.out) as { ok: boolean; cosignatures: { witness: string; checkpoint: string }[] };
    expect(result.ok).toBe(true);
    expect(result.cosignatures).toEqual([expect.objectContaining({ witness: vkey.split('+')[0], checkpoint: cosigned })]);
  });

  it('exit 7 when no checkpoint carries the cosignature, naming the witness key', async () => {
    const run = await runCli(['verify-bundle', bundle, '--pubkey', custodyPub, '--checkpoint', head, '--witness-key', witness.pub]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain(`[cosignature] witness cosignature missing or wrong for witness key ${witness.pub}: none of the`);
    expect(run.err).toContain('irctl custody cosign');
  });

  it('exit 7 for a cosignature by another witness key, and for an altered cosignature', async () => {
    const other = witnessKeys(dir, 'other');
    const wrongKey = await runCli(['verify-bundle', bundle, '--pubkey', custodyPub, '--checkpoint', cosigned, '--witness-key', other.pub]);
    expect(wrongKey.code).toBe(ExitCode.INTEGRITY);
    expect(wrongKey.out).toContain('[cosignature]');

    const note = readFileSync(cosigned, 'utf8').trimEnd().split('\n');
    const [dash, name, encoded] = note.pop()!.split(' ') as [string, string, string];
    const bytes = Buffer.from(encoded, 'base64');
    bytes[bytes.length - 1]! ^= 0x01;
    const altered = join(dir, 'altered.txt');
    writeFileSync(altered, `${[...note, `${dash} ${name} ${bytes.toString('base64')}`].join('\n')}\n`);
    const run = await runCli(['verify-bundle', bundle, '--pubkey', custodyPub, '--checkpoint', altered, '--witness-key', witness.pub]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain(`${altered}: the cosignature of ${name} does not verify: the checkpoint or its cosignature was altered`);
  });

  it('a witness refuses to cosign a checkpoint the custody key did not sign, and a key file others can read', async () => {
    const stranger = join(dir, 'stranger.pub');
    writeFileSync(stranger, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const unsigned = await runCli(['custody', 'cosign', '--witness-key', witness.key, '--pubkey', stranger, head]);
    expect(unsigned.code).toBe(ExitCode.INTEGRITY);
    expect(unsigned.err).toContain(`refusing to cosign ${head}: not signed by key irctl-custody-`);

    const loose = witnessKeys(dir, 'loose');
    chmodSync(loose.key, 0o644);
    const refused = await runCli(['custody', 'cosign', '--witness-key', loose.key, '--pubkey', custodyPub, head]);
    expect(refused.code).toBe(ExitCode.REFUSED);
    expect(refused.err).toContain('is readable by other users');
  });

  it('custody verify on the host takes --witness-key too: ok with the cosigned head, exit 7 without', async () => {
    const ok = await runCli([...fixture.args, 'custody', 'verify', fixture.incidentId, '--checkpoint', cosigned, '--witness-key', witness.pub]);
    expect(ok.code, ok.out + ok.err).toBe(ExitCode.OK);
    expect(ok.err).toMatch(/cosigned by witness irctl-witness-[0-9a-f]{16} at /);
    const missing = await runCli([...fixture.args, 'custody', 'verify', fixture.incidentId, '--checkpoint', head, '--witness-key', witness.pub]);
    expect(missing.code).toBe(ExitCode.INTEGRITY);
    expect(missing.out).toContain(`ledger [cosignature] witness cosignature missing or wrong for witness key ${witness.pub}`);
  });
});
