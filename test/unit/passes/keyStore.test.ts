import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { certifyGate, loadPassKeys, newCommitteeRoot, SECRETS_DIR } from '../../../src/main/passes/keyStore';
import { encodeCert, encodePass, idTag, rawPublicKey, verifyPass } from '../../../src/main/passes/passCrypto';
import { tempDir } from '../../helpers/tmp';

const NOW = new Date('2020-02-10T01:00:00.000Z');
const opts = { gateId: 'gate-main', compoundId: 'hm-4', now: NOW };
const dirs: { cleanup: () => void }[] = [];
function dataDir(): string {
  const t = tempDir();
  dirs.push(t);
  return t.dir;
}
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function signAndCheck(keys: ReturnType<typeof loadPassKeys>, committeeKey = keys.committeeKey) {
  const s = NOW.getTime() / 1000;
  const code = encodePass({ passId: 'p1', householdId: 'h1', purpose: 'other', issuedAt: s, expiresAt: s + 3600 }, keys.signer!.privateKey, keys.signer!.cert);
  return verifyPass(code, { committeeKey, compoundId: 'hm-4', now: NOW, isRevoked: () => false }).verdict;
}

describe('pass keys on disk', () => {
  it('a fresh gate makes a local committee root, its own key and a certificate; secrets are 0600 in a 0700 folder', () => {
    const dir = dataDir();
    const keys = loadPassKeys(dir, opts);
    expect(keys.mode).toBe('local_root');
    expect(keys.signer).not.toBeNull();
    expect(signAndCheck(keys)).toBe('valid');
    const secrets = join(dir, SECRETS_DIR);
    expect(statSync(secrets).mode & 0o777).toBe(0o700);
    for (const f of ['committee-root.key.pem', 'gate-signing.key.pem', 'committee-root.pub.pem', 'gate-cert.txt']) {
      expect(statSync(join(secrets, f)).mode & 0o777, f).toBe(0o600);
    }
  });

  it('reopening keeps the same keys, so passes issued before a restart still verify', () => {
    const dir = dataDir();
    const first = loadPassKeys(dir, opts);
    const again = loadPassKeys(dir, opts);
    expect(again.committeeFingerprint).toBe(first.committeeFingerprint);
    expect(again.gateFingerprint).toBe(first.gateFingerprint);
    expect(signAndCheck(first, again.committeeKey)).toBe('valid');
  });

  it('with only the committee public key installed the gate verifies but cannot issue until certified', () => {
    const committeeDir = dataDir();
    const committee = loadPassKeys(committeeDir, { ...opts, gateId: 'committee' });
    const rootPem = readFileSync(join(committeeDir, SECRETS_DIR, 'committee-root.key.pem'), 'utf8');
    const dir = dataDir();
    // The committee installs only its public key on this gate.
    loadPassKeys(dir, opts);
    const secrets = join(dir, SECRETS_DIR);
    rmSync(join(secrets, 'committee-root.key.pem'));
    rmSync(join(secrets, 'gate-cert.txt'));
    writeFileSync(join(secrets, 'committee-root.pub.pem'), readFileSync(join(committeeDir, SECRETS_DIR, 'committee-root.pub.pem')));
    const uncertified = loadPassKeys(dir, opts);
    expect(uncertified.mode).toBe('committee');
    expect(uncertified.signer).toBeNull();
    expect(uncertified.committeeFingerprint).toBe(committee.committeeFingerprint);

    // The committee certifies the gate's public key; the gate can now issue passes any gate verifies.
    const gatePub = createPublicKey(readFileSync(join(secrets, 'gate-signing.pub.pem'), 'utf8'));
    writeFileSync(
      join(secrets, 'gate-cert.txt'),
      encodeCert({ gateTag: idTag('gate-main'), compoundTag: idTag('hm-4'), publicKey: rawPublicKey(gatePub), certifiedAt: 0 }, createPrivateKey(rootPem)),
    );
    const certified = loadPassKeys(dir, opts);
    expect(certified.signer).not.toBeNull();
    expect(signAndCheck(certified, committee.committeeKey)).toBe('valid');
    expect(existsSync(join(secrets, 'committee-root.key.pem'))).toBe(false);
  });

  it('a certificate for another gate id is not used', () => {
    const dir = dataDir();
    loadPassKeys(dir, opts);
    const secrets = join(dir, SECRETS_DIR);
    const before = readFileSync(join(secrets, 'gate-cert.txt'), 'utf8');
    rmSync(join(secrets, 'committee-root.key.pem'));
    const renamed = loadPassKeys(dir, { ...opts, gateId: 'gate-east' });
    expect(renamed.signer).toBeNull();
    expect(readFileSync(join(secrets, 'gate-cert.txt'), 'utf8')).toBe(before);
  });

  it('the committee tooling makes a root and certifies a gate; the gate then issues passes the root verifies', () => {
    const root = newCommitteeRoot();
    const dir = dataDir();
    const secrets = join(dir, SECRETS_DIR);
    loadPassKeys(dir, opts);
    rmSync(join(secrets, 'committee-root.key.pem'));
    rmSync(join(secrets, 'gate-cert.txt'));
    writeFileSync(join(secrets, 'committee-root.pub.pem'), root.publicPem);
    expect(loadPassKeys(dir, opts).signer).toBeNull();
    writeFileSync(
      join(secrets, 'gate-cert.txt'),
      certifyGate({ rootPrivatePem: root.privatePem, gatePublicPem: readFileSync(join(secrets, 'gate-signing.pub.pem'), 'utf8'), gateId: 'gate-main', compoundId: 'hm-4', now: NOW }),
    );
    const keys = loadPassKeys(dir, opts);
    expect(keys.mode).toBe('committee');
    expect(signAndCheck(keys, createPublicKey(root.publicPem))).toBe('valid');
    // Certified for another compound, the same key is not accepted here.
    writeFileSync(
      join(secrets, 'gate-cert.txt'),
      certifyGate({ rootPrivatePem: root.privatePem, gatePublicPem: readFileSync(join(secrets, 'gate-signing.pub.pem'), 'utf8'), gateId: 'gate-main', compoundId: 'other', now: NOW }),
    );
    expect(loadPassKeys(dir, opts).signer).toBeNull();
  });
});
