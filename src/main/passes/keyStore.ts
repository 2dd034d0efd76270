/**
 * Where the temporary-pass keys live: files in the data folder's `secrets/` subfolder (0700, files
 * 0600), never in the database, so a database copy handed to the committee or a backup does not
 * carry a signing key.
 *
 *   committee-root.pub.pem   the committee's public key; every gate has it (verifies passes)
 *   committee-root.key.pem   the committee's private key; only on a gate in local-root (demo) mode
 *   gate-signing.key.pem     this gate's own signing key
 *   gate-signing.pub.pem     its public key, for the committee to certify
 *   gate-cert.txt            the committee's certificate for that key (part of every pass)
 *
 * A gate with no committee key yet makes its own root (local_root, labelled on screen): passes it
 * issues verify at that gate only, until the committee installs its key and a certificate.
 */
import { generateKeyPairSync, createPublicKey, createPrivateKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCert, idTag, fingerprint, rawPublicKey, verifyCert } from './passCrypto';

export const SECRETS_DIR = 'secrets';
const ROOT_PUB = 'committee-root.pub.pem';
const ROOT_KEY = 'committee-root.key.pem';
const GATE_KEY = 'gate-signing.key.pem';
const GATE_PUB = 'gate-signing.pub.pem';
const GATE_CERT = 'gate-cert.txt';

export type PassKeys = {
  mode: 'local_root' | 'committee';
  committeeKey: KeyObject;
  /** Null when this gate's key has no valid certificate: it verifies passes but cannot issue them. */
  signer: { privateKey: KeyObject; cert: string } | null;
  committeeFingerprint: string;
  gateFingerprint: string;
};

function writeSecret(dir: string, name: string, data: string): void {
  const file = join(dir, name);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export function loadPassKeys(dataDir: string, opts: { gateId: string; compoundId: string; now: Date }): PassKeys {
  const dir = join(dataDir, SECRETS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const at = (name: string): string => join(dir, name);

  if (!existsSync(at(ROOT_PUB))) {
    const root = generateKeyPairSync('ed25519');
    writeSecret(dir, ROOT_KEY, root.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    writeSecret(dir, ROOT_PUB, root.publicKey.export({ format: 'pem', type: 'spki' }).toString());
  }
  const committeeKey = createPublicKey(readFileSync(at(ROOT_PUB), 'utf8'));
  const rootPrivate = existsSync(at(ROOT_KEY)) ? createPrivateKey(readFileSync(at(ROOT_KEY), 'utf8')) : null;

  if (!existsSync(at(GATE_KEY))) {
    const gate = generateKeyPairSync('ed25519');
    writeSecret(dir, GATE_KEY, gate.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    writeSecret(dir, GATE_PUB, gate.publicKey.export({ format: 'pem', type: 'spki' }).toString());
  }
  const gatePrivate = createPrivateKey(readFileSync(at(GATE_KEY), 'utf8'));
  const gatePublic = createPublicKey(gatePrivate);

  let cert = existsSync(at(GATE_CERT)) ? readFileSync(at(GATE_CERT), 'utf8').trim() : null;
  if (cert && !certFits(cert, { committeeKey, gatePublic, ...opts })) cert = null;
  if (!cert && rootPrivate) {
    cert = encodeCert(
      { gateTag: idTag(opts.gateId), compoundTag: idTag(opts.compoundId), publicKey: rawPublicKey(gatePublic), certifiedAt: Math.floor(opts.now.getTime() / 1000) },
      rootPrivate,
    );
    writeSecret(dir, GATE_CERT, cert);
  }
  return {
    mode: rootPrivate ? 'local_root' : 'committee',
    committeeKey,
    signer: cert ? { privateKey: gatePrivate, cert } : null,
    committeeFingerprint: fingerprint(committeeKey),
    gateFingerprint: fingerprint(gatePublic),
  };
}

/**
 * The committee's side: certify a gate's public key (its `gate-signing.pub.pem`) for a gate and
 * compound with the committee's root private key; the result is that gate's `gate-cert.txt`.
 */
export function certifyGate(o: { rootPrivatePem: string; gatePublicPem: string; gateId: string; compoundId: string; now: Date }): string {
  return encodeCert(
    {
      gateTag: idTag(o.gateId),
      compoundTag: idTag(o.compoundId),
      publicKey: rawPublicKey(createPublicKey(o.gatePublicPem)),
      certifiedAt: Math.floor(o.now.getTime() / 1000),
    },
    createPrivateKey(o.rootPrivatePem),
  );
}

/** A new committee root key pair as PEM (the private half stays with the committee, 0600). */
export function newCommitteeRoot(): { privatePem: string; publicPem: string } {
  const root = generateKeyPairSync('ed25519');
  return {
    privatePem: root.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: root.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** A certificate fits when the committee signed it for this gate, this compound and this key. */
function certFits(encoded: string, o: { committeeKey: KeyObject; gatePublic: KeyObject; gateId: string; compoundId: string }): boolean {
  const cert = verifyCert(encoded, o.committeeKey);
  return (
    cert !== null && cert.gateTag === idTag(o.gateId) && cert.compoundTag === idTag(o.compoundId) && cert.publicKey === rawPublicKey(o.gatePublic)
  );
}
