import { afterEach, describe, expect, it } from 'vitest';
import type { AuditVerify, ScheduleImportReport, ScheduleSlot, StaffMember } from '../../../src/shared/staff';
import { makeGate, type TestGate } from '../../helpers/gate';
import { auditKinds, caller } from './helpers';

let gate: TestGate;
afterEach(() => gate.cleanup());
const { raw, call } = caller(() => gate);
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('managers manage staff', () => {
  it('a guard may not; a manager creates, changes roles, disables and resets PINs, each audited', async () => {
    gate = await makeGate({ signIn: ['demo-guard'] });
    expect(await raw('staff:create', { name: '赵新', role: 'volunteer', pin: '5555' })).toMatchObject({ error: { code: 'forbidden', details: { reason: 'needs_manager' } } });
    expect(await raw('staff:list', {})).toMatchObject({ error: { code: 'forbidden' } });
    await call('staff:signOut', { staffId: 'demo-guard' });
    await call('staff:signIn', { staffId: 'demo-manager', pin: '3333' });

    const m = await call<StaffMember>('staff:create', { name: '赵新', role: 'volunteer', pin: '5555', card: 'GS-ZHAO-0009' });
    expect(m).toMatchObject({ name: '赵新', role: 'volunteer', active: true, hasCard: true });
    expect(await raw('staff:create', { name: '钱', role: 'guard', pin: '5555', card: 'GS-ZHAO-0009' })).toMatchObject({ error: { code: 'conflict' } });
    // A manager cannot appoint a committee admin.
    expect(await raw('staff:update', { staffId: m.id, role: 'committee_admin' })).toMatchObject({ error: { details: { reason: 'needs_committee_admin' } } });
    await call('staff:update', { staffId: m.id, role: 'guard' });
    await call('staff:resetPin', { staffId: m.id, pin: '6666' });
    await call('staff:update', { staffId: m.id, active: false });
    const list = await call<StaffMember[]>('staff:list', {});
    expect(list.find((s) => s.id === m.id)).toMatchObject({ role: 'guard', active: false });
    expect(auditKinds(gate).filter((k) => k.startsWith('staff.') && !k.startsWith('staff.sign')).slice(-4)).toEqual([
      'staff.created',
      'staff.updated',
      'staff.pin_reset',
      'staff.updated',
    ]);
    const roleChange = gate.db.prepare("SELECT actors_json, details_json FROM audit_log WHERE kind = 'staff.updated' ORDER BY seq LIMIT 1").get() as { actors_json: string; details_json: string };
    expect(JSON.parse(roleChange.actors_json)).toEqual(['demo-manager']);
    expect(JSON.parse(roleChange.details_json)).toEqual({ role: { from: 'volunteer', to: 'guard' } });
    expect(JSON.stringify(list)).not.toMatch(/5555|6666|pin_hash/);
  });

  it('a reset PIN lifts a lockout; disabling someone on duty signs them out', async () => {
    gate = await makeGate({ signIn: ['demo-manager', 'demo-volunteer'] });
    expect((await call<StaffMember[]>('staff:list', {})).find((s) => s.id === 'demo-guard')?.lockedUntil).toBeNull();
    for (let i = 0; i < 5; i++) await gate.staff.staff.checkPin('demo-guard', '0000', 'test').catch(() => {});
    expect((await call<StaffMember[]>('staff:list', {})).find((s) => s.id === 'demo-guard')?.lockedUntil).not.toBeNull();
    await call('staff:resetPin', { staffId: 'demo-guard', pin: '7777' });
    expect((await gate.staff.staff.checkPin('demo-guard', '7777', 'test')).id).toBe('demo-guard');
    await call('staff:update', { staffId: 'demo-volunteer', active: false });
    expect(gate.staff.shifts.ids()).toEqual(['demo-manager']);
  });
});

describe('audit verify screen', () => {
  it('reports OK, then the first broken link after a row is tampered with in SQLite', async () => {
    gate = await makeGate({ signIn: ['demo-manager'] });
    await call('staff:signOut', { staffId: 'demo-manager', handoverNote: 'x' });
    await call('staff:signIn', { staffId: 'demo-manager', pin: '3333' });
    const ok = await call<AuditVerify>('audit:verify', {});
    expect(ok).toMatchObject({ ok: true, brokenAt: null });
    const target = gate.db.prepare("SELECT seq, id FROM audit_log WHERE kind = 'staff.sign_out'").get() as { seq: number; id: string };
    gate.db.exec('DROP TRIGGER audit_log_no_update');
    gate.db.prepare("UPDATE audit_log SET actors_json = '[\"someone-else\"]' WHERE seq = ?").run(target.seq);
    const bad = await call<AuditVerify>('audit:verify', {});
    expect(bad).toMatchObject({ ok: false, brokenAt: { seq: target.seq, id: target.id, problem: 'hash_mismatch' } });
  });
});

describe('config changes, roster imports and exports are audited', () => {
  it('camera and device saves, a roster import and a CSV export each leave an audit record naming who was on duty', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    await call('camera:set', { enabled: true, deviceId: null });
    await call('device:saveConfig', { devices: [] });
    const csv = '楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态\n1,1,101,张伟,13900000001,,owner,HM90001,black\n';
    await call('roster:import', { fileName: 'r.csv', dataBase64: b64(csv), mode: 'all_or_nothing', dryRun: false });
    await call('log:exportCsv', { filter: {} });
    const rows = gate.db.prepare("SELECT kind, actors_json FROM audit_log WHERE kind LIKE 'config.%' OR kind LIKE 'roster.%' OR kind LIKE 'export.%' ORDER BY seq").all() as Array<{ kind: string; actors_json: string }>;
    expect(rows.map((r) => r.kind)).toEqual(['config.camera', 'config.devices', 'roster.import', 'export.entry_log_csv']);
    for (const r of rows) expect(JSON.parse(r.actors_json)).toEqual(['demo-guard', 'demo-volunteer']);
  });
});

describe('volunteer schedule', () => {
  it('imports a CSV rota and shows who is due on which post today, flagging the current slot', async () => {
    gate = await makeGate({ signIn: ['demo-manager'] }); // 2020-02-10 09:00 in Shanghai
    const csv = [
      '排班表',
      '日期,岗位,开始,结束,姓名,角色,电话',
      '2020-02-10,南门,08:00,12:00,李志愿,志愿者,13911112222',
      '2/10,北门,12:00,20:00,王五,保安,',
      '2020-02-10,南门,22:00,06:00,夜班,保安,',
      '2020-02-11,南门,08:00,12:00,明天,志愿者,',
    ].join('\n');
    const report = await call<ScheduleImportReport>('schedule:import', { fileName: 'rota.csv', dataBase64: b64(csv), dryRun: false });
    expect(report).toMatchObject({ imported: true, importedRows: 4, problems: [] });
    const day = await call<{ day: string; slots: ScheduleSlot[] }>('schedule:day', {});
    expect(day.day).toBe('2020-02-10');
    expect(day.slots.map((s) => [s.post, s.starts, s.name, s.now, s.phoneLast4])).toEqual([
      ['北门', '12:00', '王五', false, ''],
      ['南门', '08:00', '李志愿', true, '2222'],
      ['南门', '22:00', '夜班', false, ''],
    ]);
  });

  it('a rota with a bad row changes nothing and names the row', async () => {
    gate = await makeGate({ signIn: ['demo-manager'] });
    const csv = '日期,岗位,开始,结束,姓名\n2020-02-10,南门,08:00,12:00,甲\n2020-02-31,南门,8点,12:00,乙\n';
    const r = await call<ScheduleImportReport>('schedule:import', { fileName: 'rota.csv', dataBase64: b64(csv), dryRun: false });
    expect(r).toMatchObject({ imported: false, importedRows: 0 });
    expect(r.problems).toEqual([
      { row: 3, field: 'day', value: '2020-02-31' },
      { row: 3, field: 'starts', value: '8点' },
    ]);
    expect((await call<{ slots: ScheduleSlot[] }>('schedule:day', {})).slots).toEqual([]);
    expect(await raw('schedule:import', { fileName: 'rota.txt', dataBase64: b64(csv), dryRun: false })).toMatchObject({ error: { code: 'bad_file' } });
  });

  it('reads an .xlsx rota too', async () => {
    gate = await makeGate({ signIn: ['demo-manager'] });
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    const ws = wb.addWorksheet('排班');
    ws.addRow(['date', 'post', 'start', 'end', 'name', 'role']);
    ws.addRow(['2020-02-10', 'South', '08:00', '16:00', 'Li', 'volunteer']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await call<ScheduleImportReport>('schedule:import', { fileName: 'rota.xlsx', dataBase64: buf.toString('base64'), dryRun: false });
    expect(r).toMatchObject({ imported: true, importedRows: 1 });
  });
});
