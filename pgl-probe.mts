import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create();
console.log((await db.query(`SELECT pg_advisory_xact_lock(hashtext($1 || '/' || $2))`, ['a','b'])).rows);
await db.exec(`CREATE TABLE e (id uuid primary key, seq bigint, p jsonb, t timestamptz)`);
const j = JSON.stringify([{id:'0190a5c4-0000-7000-8000-000000000001', seq: 1, p: {a:'中"\\'}, t:'2020-01-01T00:00:00+08:00'},{id:'0190a5c4-0000-7000-8000-000000000001', seq: 2, p: {}, t:'2020-01-01T00:00:00Z'}]);
const r = await db.query(`INSERT INTO e SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, seq bigint, p jsonb, t timestamptz) ON CONFLICT DO NOTHING RETURNING id`, [j]);
console.log(r.rows, r.affectedRows);
console.log((await db.query(`SELECT * FROM e`)).rows);
