/**
 * Issue 6 item 5: no contract response carries a full ID number or phone, except `privacy:reveal`
 * (dual control) and an export made with a dual-control grant. The test walks the whole contract
 * on a gate whose residents, visitors and returnees have known full numbers, scans every answer
 * (and every pushed event, every workbook inside an answer, every exported file) for them, and
 * fails when a method of the contract was not walked — so a new method has to be placed here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, type MethodName, type Result } from '../../../src/shared/contract';
import { idCheckChar } from '../../../src/main/roster/idNumber';
import type { RosterInput } from '../../../src/main/store/roster';
import { approval } from '../../helpers/approval';
import { makeGate, type TestGate } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';

const id = (first17: string): string => first17 + idCheckChar(first17);
const RESIDENT_IDS = [id('11010519800101001'), id('31011519751230002'), id('44052419900615003'), id('11010820010309004')];
const RESIDENT_PHONES = ['13912340001', '13912340002', '13912340003', '13912340004'];
const VISITOR_ID = id('32010219850505005');
const VISITOR_PHONE = '13712345678';
const RETURNEE_ID = id('42010619920202006');
const RETURNEE_PHONE = '15812345678';
const IMPORT_ID = id('11010119700101007');
const IMPORT_PHONE = '18612345678';
const FULL_VALUES = [...RESIDENT_IDS, ...RESIDENT_PHONES, VISITOR_ID, VISITOR_PHONE, RETURNEE_ID, RETURNEE_PHONE, IMPORT_ID, IMPORT_PHONE];

const ROSTER: RosterInput[] = [
  { building: '1', unit: '1', room: '101', name: '张伟', phone: RESIDENT_PHONES[0]!, idNumber: RESIDENT_IDS[0]!, residency: 'owner', passNumber: 'HM90001', status: 'black' },
  { building: '1', unit: '1', room: '101', name: '李娜', phone: RESIDENT_PHONES[1]!, idNumber: RESIDENT_IDS[1]!, residency: 'owner', passNumber: 'HM90002', status: 'black' },
  { building: '3', unit: '2', room: '402', name: '王小明', phone: RESIDENT_PHONES[2]!, idNumber: RESIDENT_IDS[2]!, residency: 'renter', passNumber: 'HM90003', status: 'orange' },
  { building: '5', unit: '1', room: '1201', name: '赵敏', phone: RESIDENT_PHONES[3]!, idNumber: RESIDENT_IDS[3]!, residency: 'owner', passNumber: 'HM90004', status: 'black' },
];

const DAY = '2020-02-10';
/** The guard on duty asks, the demo manager confirms: two PINs (decision 0013). */
const MANAGER = approval('demo-guard', 'demo-manager');

type Answer = { method: MethodName; result: Result<unknown> };

let gate: TestGate;
let out: ReturnType<typeof tempDir>;
const answers: Answer[] = [];
const events: { event: string; payload: unknown }[] = [];
const walked = new Set<MethodName>();

async function call(method: MethodName, input: unknown): Promise<Result<unknown>> {
  walked.add(method);
  const result = await gate.dispatch(method, input);
  answers.push({ method, result });
  return result;
}
async function value<T>(method: MethodName, input: unknown): Promise<T> {
  const r = await call(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Every full value found in `text`, in either case of the check character. */
function leaks(text: string): string[] {
  const upper = text.toUpperCase();
  return FULL_VALUES.filter((v) => upper.includes(v.toUpperCase()));
}

/** Text of a workbook: every XML part (shared strings, sheets, headers) unzipped. */
async function xlsxText(base64: string): Promise<string> {
  const zip = await JSZip.loadAsync(Buffer.from(base64, 'base64'));
  const parts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')));
  return parts.join('\n');
}

/** The answer as JSON, plus the text of any workbook it carries. */
async function answerText(v: unknown): Promise<string> {
  let text = JSON.stringify(v);
  if (v && typeof v === 'object' && typeof (v as { dataBase64?: unknown }).dataBase64 === 'string') {
    text += await xlsxText((v as { dataBase64: string }).dataBase64);
  }
  return text;
}

async function exportedFilesText(): Promise<string> {
  const texts: string[] = [];
  for (const f of readdirSync(out.dir)) {
    const data = readFileSync(join(out.dir, f));
    texts.push(f.endsWith('.xlsx') ? await xlsxText(data.toString('base64')) : data.toString('utf8'));
  }
  return texts.join('\n');
}

async function exportDone(): Promise<void> {
  const until = Date.now() + 15_000;
  const done = (): boolean => events.some((e) => e.event === 'export:progress' && ['done', 'failed'].includes((e.payload as { state: string }).state));
  while (!done()) {
    if (Date.now() > until) throw new Error('export did not finish');
    await new Promise((r) => setTimeout(r, 20));
  }
  events.splice(0, events.length, ...events.filter((e) => e.event !== 'export:progress' || (e.payload as { state: string }).state === 'running'));
}

/**
 * Methods not walked, each with the reason its answer cannot hold personal data.
 * Everything else in the contract is called below.
 */
const NOT_WALKED: Partial<Record<MethodName, string>> = {
  'staff:firstAdmin': 'only on a gate with no staff at all; answers the new admin (a staff member, no resident data)',
};

beforeAll(async () => {
  gate = await makeGate({ roster: ROSTER, signIn: ['demo-guard'] });
  out = tempDir();
  gate.events.subscribe((event, payload) => events.push({ event, payload }));
  type Summary = { residentId: string; household: { id: string } };
  const residents = await value<Summary[]>('roster:search', {});
  const [r1, r2, r3] = residents;
  const hh = r1!.household.id;

  // The guard's screen: passes, an ID card and a phone number shown instead of a pass, lookups.
  await call('gate:info', {});
  await call('gate:setDirection', { direction: 'in' });
  await call('device:status', {});
  await call('camera:get', {});
  await call('camera:set', { enabled: false, deviceId: null });
  await call('device:listPorts', {});
  await call('device:config', {});
  await call('device:test', { device: { kind: 'thermometer' }, timeoutMs: 500 });
  await call('device:saveConfig', { devices: [] });
  await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
  await call('check:current', {});
  await call('device:simulateReading', { celsius: 36.5 });
  await call('check:scan', { code: RESIDENT_IDS[1], source: 'wedge', direction: 'in' });
  await call('check:manualReading', { celsius: 36.6 });
  await call('check:scan', { code: RESIDENT_PHONES[2], source: 'typed', direction: 'in' });
  await call('check:scan', { code: IMPORT_ID, source: 'camera', direction: 'in' });
  await call('check:lookup', { residentId: r3!.residentId, direction: 'in' });
  await call('device:simulateReading', { celsius: 38.2 });
  await call('device:simulateReading', { celsius: 38.3 });
  await call('check:scan', { code: 'HM90004', source: 'wedge', direction: 'in' });
  await call('check:dismiss', {});
  await call('roster:search', { name: '张' });
  const csv = `楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态\n1,1,101,张伟,${IMPORT_PHONE},${IMPORT_ID},业主,HM90001,black\n1,1,102,钱多,${IMPORT_PHONE}9,${IMPORT_ID.slice(0, 17)}0,业主,HM90009,black\n` +
    // A committee that uses phone numbers or ID numbers as pass numbers: a duplicate is reported by its value.
    `2,1,201,周一,,,业主,${IMPORT_PHONE},black\n2,1,202,周二,,,业主,${IMPORT_PHONE},black\n2,1,203,吴三,,,租户,${IMPORT_ID},purple_x\n2,1,204,郑四,,,租户,${IMPORT_ID},black\n`;
  await call('roster:import', { fileName: 'r.csv', dataBase64: Buffer.from(csv).toString('base64'), mode: 'all_or_nothing', dryRun: true });

  // Flows: a visitor and a returnee give their full numbers at the gate.
  await call('flows:settings', {});
  await call('flows:household', { householdId: hh });
  await call('visitor:register', {
    name: '孙丽', phone: VISITOR_PHONE, idNumber: VISITOR_ID, householdId: hh, relation: 'parent',
    confirmation: { numberCalled: RESIDENT_PHONES[0], answeredBy: '张伟', outcome: 'confirmed' }, readings: [{ celsius: 36.4, source: 'manual' }],
  });
  const inside = await value<{ id: string }[]>('visitor:inside', {});
  if (inside[0]) await call('visitor:checkout', { visitorId: inside[0].id });
  const returnee = await call('returnee:register', {
    residentId: r2!.residentId, householdId: r2!.household.id, name: '李娜', idNumber: RETURNEE_ID, phone: RETURNEE_PHONE,
    originProvince: '湖北', originCity: '武汉', keyRegion: true, transport: 'train', transportNo: 'G123', arrivedOn: DAY, symptoms: [],
    readings: [{ celsius: 36.5, source: 'manual' }],
  });
  const observations = await value<{ id: string }[]>('observation:list', {});
  const parcel = await call('parcel:dropoff', { carrier: '顺丰', trackingTail: '1234', householdId: hh, shelfSlot: 'A1' });
  await call('parcel:waiting', {});
  await call('parcel:forPass', { code: 'HM90001' });
  const parcelId = parcel.ok ? (parcel.value as { id: string }).id : 'none';
  await call('parcel:collect', { code: 'HM90001', parcelIds: [parcelId] });
  await call('parcel:doorDelivered', { parcelId, deliveredBy: '王保安' });
  const alerts = await value<{ id: string }[]>('alert:list', {});
  if (alerts[0]) await call('alert:ack', { id: alerts[0].id });

  // Staff, shifts, dual control, audit.
  await call('staff:session', {});
  await call('staff:list', {});
  const created = await call('staff:create', { name: '吴新', role: 'volunteer', pin: '5678' });
  const newStaff = created.ok ? (created.value as { id: string }).id : 'demo-volunteer';
  await call('staff:update', { staffId: newStaff, name: '吴新新' });
  await call('staff:resetPin', { staffId: newStaff, pin: '5679' });
  await call('staff:signIn', { staffId: newStaff, pin: '5679' });
  await call('staff:signOut', { staffId: newStaff, handoverNote: '一切正常' });
  await call('staff:signInCard', { code: 'GS-DEMO-0002' });
  await call('watch:add', { householdId: hh, note: '居家观察至2/20', until: '2020-02-20' });
  const watches = await value<{ id: string }[]>('watch:list', {});
  if (watches[0]) await call('watch:clear', { id: watches[0].id });
  await call('schedule:import', { fileName: 's.csv', dataBase64: Buffer.from('日期,岗位\n').toString('base64'), dryRun: true });
  await call('schedule:day', {});
  const log = await value<{ rows: { id: string }[] }>('log:list', { filter: {}, limit: 100, offset: 0 });
  const entryId = log.rows[0]!.id;
  await call('override:admit', { entryId, reason: '核实后放行', approval: MANAGER });
  await call('log:void', { entryId: log.rows[1]!.id, reason: '误扫', approval: MANAGER });
  await call('log:corrections', { entryId });
  await call('check:manualEntry', { residentId: r1!.residentId, direction: 'out', reason: '证件遗失', approval: MANAGER });
  gate.clock.advance(60_000); // an observation cannot end in the instant it started
  if (observations[0]) await call('observation:endEarly', { observationId: observations[0].id, reason: '核酸阴性，提前解除', approval: MANAGER });
  await call('audit:list', { limit: 200, offset: 0 });
  await call('audit:verify', {});

  // Status map, vehicles, temporary passes, presence.
  await call('statusMap:get', {});
  await call('statusMap:setScheme', { scheme: 'yijingyuan9' });
  await call('household:detail', { householdId: hh });
  await call('household:setStatus', { householdId: hh, status: 'black', note: '复核' });
  await call('presence:household', { householdId: hh });
  await call('presence:getQuota', {});
  await call('presence:setQuota', { quota: null });
  await call('vehicle:addResident', { householdId: hh, plate: '沪A12345' });
  await call('vehicle:lookup', { plate: '沪A12345' });
  await call('vehicle:start', { plate: '沪A12345', direction: 'in' });
  await call('vehicle:current', {});
  await call('vehicle:finish', {});
  await call('vehicle:start', { plate: '沪B99999', direction: 'in', visitor: { householdId: hh, note: '送货' } });
  await call('vehicle:cancel', {});
  await call('vehicle:refuse', { plate: '沪B99999', direction: 'in' });
  await call('vehicle:list', { limit: 50 });
  await call('vehicle:removeResident', { plate: '沪A12345' });
  const pass = await call('tempPass:issue', { householdId: hh, purpose: 'shopping', validHours: 4 });
  const passId = pass.ok ? (pass.value as { id?: string; pass?: { id: string } }).id ?? (pass.value as { pass?: { id: string } }).pass?.id ?? 'none' : 'none';
  await call('tempPass:list', { limit: 50 });
  await call('tempPass:printHtml', { id: passId, widthMm: 58 });
  await call('tempPass:revoke', { id: passId, reason: '已返回' });
  await call('tempPass:keyInfo', {});

  // Sync (no hub here: the answers are refusals or empty states).
  await call('sync:status', {});
  await call('sync:enrol', { hubUrl: 'http://127.0.0.1:9/', code: '123456' });
  await call('sync:now', {});
  await call('sync:quarantine', {});
  await call('sync:retryQuarantine', {});

  // The manager's desk: reports, forms, log, exports (masked by default).
  await call('log:list', { filter: { from: DAY, to: DAY }, limit: 500, offset: 0 });
  await call('log:exportCsv', { filter: {} });
  await call('report:daily', { from: DAY, to: DAY });
  await call('report:html', { from: DAY, to: DAY });
  await call('report:xlsx', { from: DAY, to: DAY });
  for (const form of ['survey', 'arrivals', 'gate_control'] as const) await call('forms:xlsx', { form, from: DAY, to: DAY });
  await call('checklist:tick', { date: DAY, code: 'gate_two_person', ticked: true, by: '王保安' });
  await call('checklist:day', { date: DAY });
  await call('checklist:history', { date: DAY });
  await call('disinfection:add', { place: '电梯', doneAt: '2020-02-10T00:30:00Z', person: '王保安', agent: '84消毒液' });
  await call('disinfection:list', { from: DAY, to: DAY });
  await call('export:defaults', {});
  for (const format of ['csv', 'xlsx'] as const) {
    await call('export:start', { format, folder: out.dir, filter: {} });
    await exportDone();
  }
  await call('export:cancel', { jobId: 'none' });
  // An unmasked export asked for without a grant is refused, so it writes nothing.
  await call('export:start', { format: 'csv', folder: out.dir, filter: {}, unmasked: true });
  await call('forms:xlsx', { form: 'survey', unmasked: true, unmaskedGrant: 'forged' });

  // Privacy.
  await call('privacy:findByIdNumber', { idNumber: RESIDENT_IDS[0] });
  await call('privacy:retention', {});
  await call('privacy:purgeNow', {});
  await call('privacy:purgeReports', { limit: 10 });
  await call('privacy:reveal', { residentId: r1!.residentId, field: 'idNumber', approval: approval('demo-guard', 'demo-manager', { approver: '0000' }) });
  await call('privacy:grantUnmasked', { purpose: 'forms', approval: approval('demo-guard', 'demo-manager', { approver: '0000' }) });

  // The data disk (numbers only).
  await call('disk:status', {});

  // The gate's clock (times only).
  await call('clock:status', {});
  await call('clock:acceptSystem', {});

  // The config fallback (a reason code, a setting's name, a time).
  await call('config:status', {});
  void returnee;
}, 120_000);

afterAll(async () => {
  await gate?.cleanup();
  out?.cleanup();
});

describe('no full ID number or phone leaves the core', () => {
  it('every method of the contract was walked (or is listed with the reason it holds no personal data)', () => {
    const missing = methodNames.filter((m) => !walked.has(m) && !(m in NOT_WALKED));
    expect(missing).toEqual([]);
  });

  it('the walk used valid inputs: no answer is a schema refusal, an internal error or an unknown method', () => {
    // Handlers also answer invalid_input for business rules ("check an occupant first"); only the
    // dispatcher's schema refusals ("invalid input at …") mean this walk sent a wrong shape.
    const broken = answers.filter(
      (a) =>
        !a.result.ok &&
        (['internal', 'unknown_method'].includes(a.result.error.code) || (a.result.error.code === 'invalid_input' && a.result.error.message.startsWith('invalid input at'))),
    );
    expect(broken.map((a) => `${a.method}: ${!a.result.ok ? a.result.error.message : ''}`)).toEqual([]);
  });

  it('the ID card scanned instead of a pass found its resident (keyed lookup), and the gate admitted them', () => {
    const idCard = answers.find((a) => a.method === 'check:scan' && a.result.ok && (a.result.value as { credential: string }).credential === '3101**********' + RESIDENT_IDS[1]!.slice(-4));
    expect(idCard?.result.ok && (idCard.result.value as { resident: unknown }).resident).toBeTruthy();
  });

  it('no answer, error message, workbook or pushed event holds a full value', async () => {
    const found: string[] = [];
    for (const a of answers) {
      const text = a.result.ok ? await answerText(a.result.value) : JSON.stringify(a.result.error);
      for (const v of leaks(text)) found.push(`${a.method} → ${v}`);
    }
    for (const e of events) for (const v of leaks(JSON.stringify(e.payload))) found.push(`event ${e.event} → ${v}`);
    expect(found).toEqual([]);
    expect(answers.length).toBeGreaterThan(100);
  });

  it('exported files (CSV and XLSX) hold no full value', async () => {
    expect(readdirSync(out.dir).length).toBe(2);
    expect(leaks(await exportedFilesText())).toEqual([]);
  });

  it('the scan would see a leak: the masked forms are there, the full ones are not', async () => {
    // Guards against a scan that passes because it looks at nothing: the same answers do carry the masked values.
    const all = (await Promise.all(answers.filter((a) => a.result.ok).map((a) => answerText((a.result as { value: unknown }).value)))).join('\n');
    expect(all).toContain(`*******${RESIDENT_PHONES[0]!.slice(-4)}`);
    expect(all).toContain(`${RESIDENT_IDS[0]!.slice(0, 4)}**********${RESIDENT_IDS[0]!.slice(-4)}`);
    expect(leaks(`x${RESIDENT_IDS[0]!.toLowerCase()}y`)).toEqual([RESIDENT_IDS[0]]);
  });
});

describe('full values only through dual control', () => {
  it('privacy:reveal returns the full value with the second person’s PIN, audited with both names', async () => {
    const [r1] = await value<{ residentId: string }[]>('roster:search', { name: '张伟' });
    const refused = await gate.dispatch('privacy:reveal', { residentId: r1!.residentId, field: 'phone', approval: approval('demo-guard', 'demo-volunteer', { approver: '0000' }) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const shown = await value<{ value: string; approverName: string }>('privacy:reveal', { residentId: r1!.residentId, field: 'idNumber', approval: MANAGER });
    expect(shown.value).toBe(RESIDENT_IDS[0]);
    const phone = await value<{ value: string }>('privacy:reveal', { residentId: r1!.residentId, field: 'phone', approval: MANAGER });
    expect(phone.value).toBe(RESIDENT_PHONES[0]);
    const rec = gate.db
      .prepare<[], { actors_json: string; subject: string; details_json: string }>("SELECT actors_json, subject, details_json FROM audit_log WHERE kind = 'privacy.full_view' ORDER BY seq")
      .all();
    expect(rec).toHaveLength(2);
    expect(JSON.parse(rec[0]!.actors_json)).toContain('demo-manager');
    expect(rec[0]!.subject).toBe(r1!.residentId);
    // The audit trail says what was viewed, never the value itself.
    expect(leaks(JSON.stringify(rec))).toEqual([]);
  });

  it('an unmasked committee form needs a one-time grant from a second person; the PIN is never part of the export input', async () => {
    const g = await value<{ grant: string }>('privacy:grantUnmasked', { purpose: 'forms', approval: MANAGER });
    const form = await value<{ dataBase64: string }>('forms:xlsx', { form: 'survey', unmasked: true, unmaskedGrant: g.grant });
    expect(leaks(await xlsxText(form.dataBase64))).toEqual(expect.arrayContaining([RESIDENT_IDS[0], RESIDENT_PHONES[0]]));
    // Spent: the same grant does not work twice, nor for an entry-log export.
    expect(await gate.dispatch('forms:xlsx', { form: 'survey', unmasked: true, unmaskedGrant: g.grant })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const g2 = await value<{ grant: string }>('privacy:grantUnmasked', { purpose: 'forms', approval: MANAGER });
    expect(await gate.dispatch('export:start', { format: 'csv', folder: out.dir, filter: {}, unmasked: true, unmaskedGrant: g2.grant })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const kinds = gate.db.prepare<[], { kind: string }>("SELECT kind FROM audit_log WHERE kind LIKE 'privacy.%' OR kind = 'dual_control.approved'").all().map((r) => r.kind);
    expect(kinds).toContain('privacy.unmasked_export');
    expect(JSON.stringify(gate.db.prepare('SELECT details_json FROM audit_log').all())).not.toContain('3333');
  });
});
