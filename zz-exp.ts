import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '/work/main/src/main/store/db';
import { exportEntryLog } from '/work/main/src/main/export/streamExport';
async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'gh-exp-'));
  const db = openDatabase(join(dir, 'g.sqlite'));
  db.pragma('synchronous = OFF');
  const ins = db.prepare(`INSERT INTO entry_log (id, compound_id, gate_id, direction, credential, credential_source, building, unit, room, resident_name_masked, decision, reasons, temp_body_c, temp_source, staff_json, started_at, occurred_at, recorded_at) VALUES (?, 'c', 'gate-south', ?, ?, 'wedge', ?, '1', ?, '张*明', ?, ?, ?, 'device', '["王保安"]', ?, ?, ?)`);
  const N = Number(process.argv[2] ?? 1_000_000);
  let t = performance.now();
  const base = Date.parse('2020-02-01T00:00:00Z');
  db.transaction(() => { for (let i = 0; i < N; i++) { const at = new Date(base + i * 2500).toISOString(); ins.run(`id-${i}`, i % 2 ? 'out' : 'in', `HM${String(i % 90000).padStart(5, '0')}`, String(1 + (i % 8)), String(101 + (i % 30)), i % 50 ? 'admit' : 'deny', i % 50 ? '' : 'fever', 36.5, at, at, at); } })();
  console.log('insert', (performance.now() - t).toFixed(0), 'ms');
  let peak = 0; const iv = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  for (const format of ['csv', 'xlsx'] as const) {
    peak = 0; t = performance.now();
    const r = await exportEntryLog({ db, format, folder: dir, filter: {}, timeZone: 'Asia/Shanghai', lang: 'zh-CN' });
    console.log(format, r.rows, r.bytes, (performance.now() - t).toFixed(0), 'ms', 'peak', (peak / 2 ** 20).toFixed(0), 'MB');
  }
  clearInterval(iv);
}
void main();
