import { randomUUID } from 'node:crypto';
import { PushRequest } from './src/shared/sync';
import { openHubDb, type Queryable } from './src/hub/db';
import { migrateHub } from './src/hub/migrations';
import { createCommittee, createCompound, createGate } from './src/hub/store/admin';
import { pushEvents } from './src/hub/store/events';
const schema = 'prof_' + randomUUID().slice(0, 6);
const db = await openHubDb({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', schema });
await migrateHub(db);
await createCommittee(db, 'c', 'c', new Date()); await createCompound(db, 'c', 'p', 'p', 'yijingyuan9', new Date()); await createGate(db, 'c', 'p', 'g', 'g', new Date());
const stat: Record<string, number> = {};
const origTx = db.tx.bind(db);
(db as any).tx = (fn: any) => origTx(async (q: Queryable) => fn({ ...q, query: async (t: string, p: any) => { const t0 = performance.now(); const r = await q.query(t, p); const k = t.trim().slice(0, 25); stat[k] = (stat[k] ?? 0) + performance.now() - t0; return r; } }));
const people = Array.from({ length: 5000 }, () => randomUUID());
let zodMs = 0, jsonMs = 0, storeMs = 0;
for (let b = 0; b < 20; b++) {
  const events = Array.from({ length: 1000 }, (_, k) => { const i = b * 1000 + k; const at = new Date(Date.UTC(2020,1,10) + i * 2000).toISOString(); const known = i % 10 < 7;
    return { id: randomUUID(), gateId: 'g', seq: i + 1, occurredAt: at, kind: 'entry', payload: { direction: (i % 2 ? 'out' : 'in'), credential: 'HM00001', credentialSource: 'wedge', passId: null, residentId: known ? people[i % 5000]! : null, householdId: null, building: '1', unit: '1', room: '101', residentNameMasked: '张*明', statusCode: 'black', tempObjectC: 36.5, tempBodyC: 36.5, tempDevice: 'ir-1', tempSource: 'device', readings: [{ celsius: 36.5, source: 'device', at, deviceId: 'ir-1' }], decision: (known ? 'admit' : 'deny'), reasons: known ? [] : ['unknown_pass'], alert: false, staff: ['王保安', '李志愿'], startedAt: at, recordedAt: at } }; });
  const body = JSON.stringify({ sentAt: new Date().toISOString(), events });
  let t0 = performance.now(); const parsed = JSON.parse(body); jsonMs += performance.now() - t0;
  t0 = performance.now(); const r = PushRequest.parse(parsed); zodMs += performance.now() - t0;
  t0 = performance.now(); await pushEvents(db, { committeeId: 'c', compoundId: 'p', gateId: 'g' }, r, new Date()); storeMs += performance.now() - t0;
}
console.log({ jsonMs, zodMs, storeMs }, Object.fromEntries(Object.entries(stat).map(([k, v]) => [k, Math.round(v)])));
await db.query(`DROP SCHEMA ${schema} CASCADE`); await db.close();
