import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  encodeCert,
  idTag,
  encodePass,
  rawPublicKey,
  TEMP_PASS_PREFIX,
  verifyCert,
  verifyPass,
  type PassBody,
} from '../../../src/main/passes/passCrypto';

const committee = generateKeyPairSync('ed25519');
const gate = generateKeyPairSync('ed25519');
const NOW = new Date('2020-02-10T01:00:00.000Z');
const nowS = NOW.getTime() / 1000;
const cert = encodeCert({ gateTag: idTag('gate-main'), compoundTag: idTag('hm-4'), publicKey: rawPublicKey(gate.publicKey), certifiedAt: nowS - 86400 }, committee.privateKey);
const body: PassBody = {
  passId: '0191d3a2-7c4e-7a10-8b2c-3d4e5f607182',
  householdId: '0191d3a2-7c4e-7a10-8b2c-aaaaaaaaaaaa',
  purpose: 'medical',
  issuedAt: nowS,
  expiresAt: nowS + 4 * 3600,
};
const payload = encodePass(body, gate.privateKey, cert);

function check(code: string, o: { now?: Date; revoked?: string[]; compoundId?: string; key?: typeof committee.publicKey } = {}) {
  return verifyPass(code, {
    committeeKey: o.key ?? committee.publicKey,
    compoundId: o.compoundId ?? 'hm-4',
    now: o.now ?? NOW,
    isRevoked: (id) => (o.revoked ?? []).includes(id),
  });
}

/** Changes one character of the given base64url part (0 = body … 3 = cert signature). */
function tamper(code: string, part: number, at = 5): string {
  const parts = code.slice(TEMP_PASS_PREFIX.length).split('.');
  const p = parts[part]!;
  const c = p[at] === 'A' ? 'B' : 'A';
  parts[part] = p.slice(0, at) + c + p.slice(at + 1);
  return TEMP_PASS_PREFIX + parts.join('.');
}

describe('signed temporary passes', () => {
  it('a pass signed by a certified gate verifies with only the committee public key', () => {
    const r = check(payload);
    expect(r.verdict).toBe('valid');
    expect(r.body).toEqual(body);
    expect(r.cert).toMatchObject({ gateTag: idTag('gate-main'), compoundTag: idTag('hm-4') });
  });

  it('fits the 512-character scan limit and is plain ASCII a wedge scanner can type', () => {
    expect(payload.length).toBeLessThanOrEqual(512);
    expect(payload).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it('still fits with the longest ids the config and roster allow (64-character gate id, 64-character household id)', () => {
    const longCert = encodeCert({ gateTag: idTag('g'.repeat(64)), compoundTag: idTag('c'.repeat(64)), publicKey: rawPublicKey(gate.publicKey), certifiedAt: nowS }, committee.privateKey);
    const long = encodePass({ ...body, householdId: 'h'.repeat(64), purpose: 'shopping', expiresAt: body.issuedAt + 72 * 3600 }, gate.privateKey, longCert);
    expect(long.length).toBeLessThanOrEqual(512);
    expect(check(long, { compoundId: 'c'.repeat(64) }).verdict).toBe('valid');
  });

  it('a changed body, signature or certificate is forged', () => {
    for (const part of [0, 1, 2, 3]) expect(check(tamper(payload, part)).verdict, `part ${part}`).toBe('forged');
  });

  it('a body re-signed with another key but the genuine certificate is forged', () => {
    const thief = generateKeyPairSync('ed25519');
    const forged = encodePass({ ...body, expiresAt: body.expiresAt + 30 * 86400 }, thief.privateKey, cert);
    expect(check(forged).verdict).toBe('forged');
  });

  it('a gate key certified by another committee (wrong root key) is forged', () => {
    const other = generateKeyPairSync('ed25519');
    const otherCert = encodeCert({ gateTag: idTag('gate-main'), compoundTag: idTag('hm-4'), publicKey: rawPublicKey(gate.publicKey), certifiedAt: nowS }, other.privateKey);
    expect(check(encodePass(body, gate.privateKey, otherCert)).verdict).toBe('forged');
    expect(check(payload, { key: other.publicKey }).verdict).toBe('forged');
  });

  it('a pass from another compound is forged here', () => {
    expect(check(payload, { compoundId: 'other' }).verdict).toBe('forged');
  });

  it('expires at its expiry instant, not before', () => {
    expect(check(payload, { now: new Date((body.expiresAt - 1) * 1000) }).verdict).toBe('valid');
    expect(check(payload, { now: new Date(body.expiresAt * 1000) }).verdict).toBe('expired');
  });

  it('is not yet valid beyond the clock-skew allowance before issue', () => {
    expect(check(payload, { now: new Date((body.issuedAt - 60) * 1000) }).verdict).toBe('valid');
    expect(check(payload, { now: new Date((body.issuedAt - 3600) * 1000) }).verdict).toBe('not_yet_valid');
  });

  it('a revoked pass is refused as revoked, even before it expires', () => {
    expect(check(payload, { revoked: [body.passId] }).verdict).toBe('revoked');
  });

  it('garbage with the prefix is forged, never a crash', () => {
    for (const code of ['GHTP1.', 'GHTP1....', 'GHTP1.a.b.c.d', 'GHTP1.!!.??.##.$$', `${payload}.extra`, 'HM00001']) {
      expect(check(code).verdict, code).toBe('forged');
    }
  });

  it('a certificate verifies only under the key that signed it', () => {
    expect(verifyCert(cert, committee.publicKey)?.gateTag).toBe(idTag('gate-main'));
    expect(verifyCert(cert, gate.publicKey)).toBeNull();
  });
});
