/**
 * Who may call the hub. Committee endpoints take the hub's admin token; gate endpoints take the
 * gate's own token, which fixes the committee, compound and gate for the whole request: a gate can
 * never name another compound, because the compound is not taken from the request at all.
 *
 * Tokens and enrolment codes are random (256 and 60 bits) and stored only as SHA-256 hashes: a
 * leaked database does not let anyone act as a gate.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from './db';
import { HubError } from './errors';

export type GateAuth = { committeeId: string; compoundId: string; gateId: string };

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newToken(prefix: 'gt' | 'adm'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Crockford base32: no I, L, O or U, so a code read aloud or typed from paper survives. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newEnrolmentCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The canonical form that is hashed: case, dashes and the usual look-alikes do not matter. */
export function normaliseEnrolmentCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

function bearer(req: FastifyRequest): string {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  if (!m?.[1]) throw new HubError(401, 'unauthorized', 'missing bearer token');
  return m[1];
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Auth {
  constructor(
    private readonly db: Queryable,
    private readonly adminHash: string,
  ) {}

  admin(req: FastifyRequest): void {
    if (!sameHash(hashSecret(bearer(req)), this.adminHash)) throw new HubError(401, 'unauthorized', 'invalid admin token');
  }

  /** The gate behind this token; a revoked or unknown token is 401, whatever the route. */
  async gate(req: FastifyRequest): Promise<GateAuth> {
    const token = bearer(req);
    const r = await this.db.query<{ committee_id: string; compound_id: string; gate_id: string }>(
      'SELECT committee_id, compound_id, gate_id FROM gate_token WHERE token_hash = $1 AND revoked_at IS NULL',
      [hashSecret(token)],
    );
    const row = r.rows[0];
    if (!row) throw new HubError(401, 'unauthorized', 'invalid or revoked gate token');
    return { committeeId: row.committee_id, compoundId: row.compound_id, gateId: row.gate_id };
  }
}

/**
 * The admin token's hash: from HUB_ADMIN_TOKEN when given, else the one stored at first start, else
 * a new token whose plain text is returned once so the CLI can print it.
 */
export async function resolveAdminToken(db: Queryable, fromEnv: string | undefined): Promise<{ hash: string; generated: string | null }> {
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error('HUB_ADMIN_TOKEN must be at least 16 characters');
    return { hash: hashSecret(fromEnv), generated: null };
  }
  const stored = await db.query<{ value: string }>("SELECT value FROM hub_setting WHERE key = 'admin_token_hash'");
  const hash = stored.rows[0]?.value;
  if (hash) return { hash, generated: null };
  const token = newToken('adm');
  const inserted = await db.query<{ value: string }>(
    "INSERT INTO hub_setting (key, value) VALUES ('admin_token_hash', $1) ON CONFLICT (key) DO NOTHING RETURNING value",
    [hashSecret(token)],
  );
  if (inserted.rows.length === 0) return resolveAdminToken(db, undefined); // another process won the race
  return { hash: hashSecret(token), generated: token };
}
