/**
 * PIN hashing: scrypt (node:crypto) with a per-staff random salt, compared in constant time. scrypt
 * runs on libuv's thread pool, so a sign-in never stalls a scan being processed on the main thread.
 * A 4-8 digit PIN has at most 10^8 values: the hash only slows an offline guess; the lockout in
 * staffStore.ts is what stops guessing at the kiosk.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
/** N=2^14, r=8: about 16 MiB and a few tens of ms per hash on a gate box. */
const PARAMS = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFKC'), salt, KEY_LENGTH, PARAMS, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPin(pin: string): Promise<{ salt: string; hash: string }> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt);
  return { salt: salt.toString('hex'), hash: key.toString('hex') };
}

export async function pinMatches(pin: string, saltHex: string, hashHex: string): Promise<boolean> {
  const expected = Buffer.from(hashHex, 'hex');
  const key = await derive(pin, Buffer.from(saltHex, 'hex'));
  return expected.length === key.length && timingSafeEqual(expected, key);
}
