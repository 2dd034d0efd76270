import { randomUUID } from 'node:crypto';
import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' }); await c.connect();
const s = 'p7_' + randomUUID().slice(0, 6); await c.query(`CREATE SCHEMA ${s}; SET search_path=${s}`);
for (const t of ['a', 'b', 'c', 'd']) await c.query(`CREATE TABLE ${t} (committee_id text, compound_id text, gate_id text, event_id uuid, seq bigint, kind text, occurred_at timestamptz, received_at timestamptz, clock_skew_ms bigint, resident_id text, direction text, decision text, payload jsonb, PRIMARY KEY (committee_id, compound_id, gate_id, event_id)); CREATE INDEX ON ${t} (committee_id, compound_id, gate_id, seq); CREATE INDEX ON ${t} (committee_id, compound_id, occurred_at);`);
const tm: Record<string, number> = {};
for (let b = 0; b < 30; b++) {
  const rows = Array.from({ length: 1000 }, (_, k) => { const i = b * 1000 + k; const at = new Date(Date.UTC(2020,1,10) + i * 2000).toISOString(); return { event_id: randomUUID(), seq: i + 1, kind: 'entry', occurred_at: at, resident_id: randomUUID(), direction: 'in', decision: 'admit', payload: { direction: 'in', credential: 'HM00001', credentialSource: 'wedge', passId: null, residentId: 'x', householdId: null, building: '1', unit: '1', room: '101', residentNameMasked: '张*明', statusCode: 'black', tempObjectC: 36.5, tempBodyC: 36.5, tempDevice: 'ir-1', tempSource: 'device', readings: [{ celsius: 36.5, source: 'device', at, deviceId: 'ir-1' }], decision: 'admit', reasons: [], alert: false, staff: ['王保安', '李志愿'], startedAt: at, recordedAt: at } }; });
  const vals: unknown[] = []; const tuples = rows.map((r) => { const base = vals.length; vals.push('c', 'p', 'g', r.event_id, r.seq, r.kind, r.occurred_at, new Date(), 0, r.resident_id, r.direction, r.decision, JSON.stringify(r.payload)); return '(' + Array.from({ length: 13 }, (_, k) => '$' + (base + k + 1)).join(',') + ')'; });
  const json = JSON.stringify(rows);
  const time = async (k: string, f: () => Promise<unknown>) => { const t0 = performance.now(); await f(); tm[k] = (tm[k] ?? 0) + performance.now() - t0; };
  await time('raw', () => c.query(`INSERT INTO a VALUES ${tuples.join(',')}`, vals));
  await time('jsonb', () => c.query(`INSERT INTO b SELECT 'c','p','g', r.event_id, r.seq, r.kind, r.occurred_at, now(), 0, r.resident_id, r.direction, r.decision, r.payload FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, seq bigint, kind text, occurred_at timestamptz, resident_id text, direction text, decision text, payload jsonb)`, [json]));
  await time('jsonb+conflict', () => c.query(`INSERT INTO c SELECT 'c','p','g', r.event_id, r.seq, r.kind, r.occurred_at, now(), 0, r.resident_id, r.direction, r.decision, r.payload FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, seq bigint, kind text, occurred_at timestamptz, resident_id text, direction text, decision text, payload jsonb) ON CONFLICT DO NOTHING RETURNING event_id::text`, [json]));
  await time('raw+conflict', () => c.query(`INSERT INTO d VALUES ${tuples.join(',')} ON CONFLICT DO NOTHING RETURNING event_id::text`, vals));
}
console.log(Object.fromEntries(Object.entries(tm).map(([k, v]) => [k, Math.round(v)])));
await c.query(`DROP SCHEMA ${s} CASCADE`); await c.end();
