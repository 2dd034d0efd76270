/**
 * The demo compound's staff, so `npm start` can be signed into at once. Their PINs are public
 * (README, "Demo staff"): a real install starts with no staff and the first-run screen instead.
 */
import type { StaffRole } from '../../shared/staff';
import type { Db } from '../store/db';
import type { AuditLog } from '../audit/auditLog';
import type { Clock } from '../core/clock';
import { hashPin } from './pin';

export const DEMO_STAFF: ReadonlyArray<{ id: string; name: string; role: StaffRole; pin: string; card: string }> = [
  { id: 'demo-guard', name: '王保安', role: 'guard', pin: '1111', card: 'GS-DEMO-0001' },
  { id: 'demo-volunteer', name: '李志愿', role: 'volunteer', pin: '2222', card: 'GS-DEMO-0002' },
  { id: 'demo-manager', name: '陈经理', role: 'manager', pin: '3333', card: 'GS-DEMO-0003' },
  { id: 'demo-admin', name: '周主任', role: 'committee_admin', pin: '4444', card: 'GS-DEMO-0004' },
];

let hashing: Promise<Array<(typeof DEMO_STAFF)[number] & { salt: string; hash: string }>> | null = null;
/** Hashed once per process: test suites start many demo gates, and the PINs are public anyway. */
function demoHashes(): Promise<Array<(typeof DEMO_STAFF)[number] & { salt: string; hash: string }>> {
  hashing ??= Promise.all(DEMO_STAFF.map(async (s) => ({ ...s, ...(await hashPin(s.pin)) })));
  return hashing;
}

/** Adds the demo staff to an empty staff table; does nothing once anyone exists. */
export async function seedDemoStaff(db: Db, clock: Clock, audit: AuditLog): Promise<boolean> {
  if ((db.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n > 0) return false;
  const hashed = await demoHashes();
  const now = clock.now().toISOString();
  const insert = db.prepare(
    `INSERT INTO staff (id, name, role, pin_salt, pin_hash, card_code, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  db.transaction(() => {
    if ((db.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n > 0) return;
    for (const s of hashed) insert.run(s.id, s.name, s.role, s.salt, s.hash, s.card, now, now);
    audit.append('staff.demo_seeded', { actors: [], details: { staff: DEMO_STAFF.map((s) => s.id) } });
  })();
  return true;
}
