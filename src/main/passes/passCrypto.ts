/**
 * Signed temporary passes (临时通行证) that any gate verifies offline.
 *
 * Two levels of Ed25519 keys (decision 0016): the committee's root key certifies each gate's own
 * signing key; a gate signs passes with its key and puts its certificate in the pass. A verifying
 * gate needs only the committee's public key, so the committee's private key never sits on a gate
 * box, and a stolen gate key is withdrawn by not renewing (or revoking) that gate's certificate.
 *
 * Payload (ASCII, fits a QR and the 512-character scan limit):
 *   GHTP1.<body>.<bodySig>.<cert>.<certSig>     each part base64url
 *   body = passId \n householdId \n purpose \n issuedAt(s) \n expiresAt(s)
 *   cert = gateTag \n compoundTag \n gatePublicKey(raw 32 bytes, base64url) \n certifiedAt(s)
 * Signatures cover a domain tag plus the decoded bytes, so a certificate can never pass as a body.
 * Gate and compound are carried as 72-bit hash tags (idTag) so 64-character ids cannot push the
 * payload past the scan limit; a pass longer than MAX_PAYLOAD is refused at issue, never printed.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const TEMP_PASS_PREFIX = 'GHTP1.';
/** The gate contract's scan limit (check:scan code ≤ 512 characters). */
export const MAX_PAYLOAD = 512;
const BODY_TAG = Buffer.from('gatehouse temp pass v1\n');
const CERT_TAG = Buffer.from('gatehouse gate cert v1\n');
/** Clock drift between gates tolerated before a pass counts as "not yet valid". */
export const CLOCK_SKEW_S = 300;

export type PassBody = { passId: string; householdId: string; purpose: string; issuedAt: number; expiresAt: number };
export type GateCert = { gateTag: string; compoundTag: string; publicKey: string; certifiedAt: number };

/** What a certificate carries for a gate or compound id: 9 bytes of SHA-256 of it, base64url. */
export function idTag(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest().subarray(0, 9).toString('base64url');
}

export type Verdict = 'valid' | 'forged' | 'expired' | 'revoked' | 'not_yet_valid';
export type VerifyResult = { verdict: Verdict; body: PassBody | null; cert: GateCert | null };

const b64 = (b: Buffer): string => b.toString('base64url');
const unb64 = (s: string): Buffer | null => (/^[A-Za-z0-9_-]*$/.test(s) ? Buffer.from(s, 'base64url') : null);

/** Raw 32-byte Ed25519 public key, as carried in certificates. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key');
  return jwk.x;
}

export function publicKeyFromRaw(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

/** Short stable name for a key, shown to staff so two gates can be seen to share a committee. */
export function fingerprint(key: KeyObject): string {
  return rawPublicKey(key).slice(0, 12);
}

function field(s: string, name: string): string {
  if (!s || s.includes('\n')) throw new Error(`temp pass field ${name} is empty or has a line break`);
  return s;
}

export function encodeCert(cert: GateCert, rootPrivate: KeyObject): string {
  const bytes = Buffer.from(
    [field(cert.gateTag, 'gateTag'), field(cert.compoundTag, 'compoundTag'), field(cert.publicKey, 'publicKey'), String(cert.certifiedAt)].join('\n'),
  );
  return `${b64(bytes)}.${b64(sign(null, Buffer.concat([CERT_TAG, bytes]), rootPrivate))}`;
}

export function encodePass(body: PassBody, gatePrivate: KeyObject, encodedCert: string): string {
  const bytes = Buffer.from(
    [field(body.passId, 'passId'), field(body.householdId, 'householdId'), field(body.purpose, 'purpose'), String(body.issuedAt), String(body.expiresAt)].join('\n'),
  );
  const payload = `${TEMP_PASS_PREFIX}${b64(bytes)}.${b64(sign(null, Buffer.concat([BODY_TAG, bytes]), gatePrivate))}.${encodedCert}`;
  if (payload.length > MAX_PAYLOAD) throw new Error(`temp pass payload is ${payload.length} characters; the scan limit is ${MAX_PAYLOAD}`);
  return payload;
}

export function isTempPassPayload(code: string): boolean {
  return code.startsWith(TEMP_PASS_PREFIX);
}

/** The pass id if the payload's body parses, whatever its signatures say (for logging a refusal). */
export function peekPassId(code: string): string | null {
  const body = decodeBody(code.slice(TEMP_PASS_PREFIX.length).split('.')[0] ?? '');
  return body?.passId ?? null;
}

function decodeBody(part: string): PassBody | null {
  const bytes = unb64(part);
  const f = bytes?.toString('utf8').split('\n');
  if (!f || f.length !== 5) return null;
  const [passId, householdId, purpose, iat, exp] = f as [string, string, string, string, string];
  const issuedAt = Number(iat);
  const expiresAt = Number(exp);
  if (!passId || !householdId || !purpose || !Number.isSafeInteger(issuedAt) || !Number.isSafeInteger(expiresAt)) return null;
  return { passId, householdId, purpose, issuedAt, expiresAt };
}

function decodeCert(part: string): GateCert | null {
  const f = unb64(part)?.toString('utf8').split('\n');
  if (!f || f.length !== 4) return null;
  const [gateTag, compoundTag, publicKey, at] = f as [string, string, string, string];
  const certifiedAt = Number(at);
  if (!gateTag || !compoundTag || !/^[A-Za-z0-9_-]{43}$/.test(publicKey) || !Number.isSafeInteger(certifiedAt)) return null;
  return { gateTag, compoundTag, publicKey, certifiedAt };
}

function checks(sig: Buffer | null, tag: Buffer, bytes: Buffer | null, key: KeyObject): boolean {
  if (!sig || !bytes || sig.length !== 64) return false;
  try {
    return verify(null, Buffer.concat([tag, bytes]), key, sig);
  } catch {
    return false;
  }
}

/** The certificate's contents if the committee key signed it, else null. */
export function verifyCert(encoded: string, committeeKey: KeyObject): GateCert | null {
  const parts = encoded.split('.');
  if (parts.length !== 2) return null;
  const [certPart, certSig] = parts as [string, string];
  const cert = decodeCert(certPart);
  return cert && checks(unb64(certSig), CERT_TAG, unb64(certPart), committeeKey) ? cert : null;
}

/**
 * Checks a scanned payload against the committee's public key: certificate, then pass signature,
 * then compound, revocation and validity window. Anything that does not verify is `forged`.
 */
export function verifyPass(
  code: string,
  opts: { committeeKey: KeyObject; compoundId: string; now: Date; isRevoked: (passId: string) => boolean },
): VerifyResult {
  const forged: VerifyResult = { verdict: 'forged', body: null, cert: null };
  if (!isTempPassPayload(code)) return forged;
  const parts = code.slice(TEMP_PASS_PREFIX.length).split('.');
  if (parts.length !== 4) return forged;
  const [bodyPart, bodySig, certPart, certSig] = parts as [string, string, string, string];
  const cert = verifyCert(`${certPart}.${certSig}`, opts.committeeKey);
  if (!cert) return forged;
  if (cert.compoundTag !== idTag(opts.compoundId)) return { ...forged, cert };
  let gateKey: KeyObject;
  try {
    gateKey = publicKeyFromRaw(cert.publicKey);
  } catch {
    return forged;
  }
  const body = decodeBody(bodyPart);
  if (!body || !checks(unb64(bodySig), BODY_TAG, unb64(bodyPart), gateKey)) return { ...forged, cert };
  if (opts.isRevoked(body.passId)) return { verdict: 'revoked', body, cert };
  const nowS = Math.floor(opts.now.getTime() / 1000);
  if (nowS + CLOCK_SKEW_S < body.issuedAt) return { verdict: 'not_yet_valid', body, cert };
  if (nowS >= body.expiresAt) return { verdict: 'expired', body, cert };
  return { verdict: 'valid', body, cert };
}

export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey(pem);
}
