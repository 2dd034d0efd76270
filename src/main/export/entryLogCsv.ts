/**
 * The entry-log export, in the committee's words (Chinese headers by default). The header, the
 * words and the row → cells mapping are shared by the CSV here and the streaming XLSX export, so
 * both formats always carry the same columns.
 */
import type { ReasonCode } from '../../shared/domain';
import type { EntryRow } from '../store/entryLog';
import { BOM, csvCell, csvLine, csvText, isLongDigits, type CellKind } from './csv';
import { localTimeFormatter, type LocalFormatter } from './localTime';
import { maskCredential } from './mask';

export type Lang = 'zh-CN' | 'en';

const HEADERS: Record<Lang, string[]> = {
  'zh-CN': ['记录编号', '时间', '门岗', '方向', '出入证号', '楼号', '单元', '室', '姓名', '体温(℃)', '测温方式', '结果', '原因', '值守人员'],
  en: ['Record id', 'Time', 'Gate', 'Direction', 'Pass number', 'Building', 'Unit', 'Room', 'Name', 'Temperature (°C)', 'Reading', 'Decision', 'Reasons', 'Staff on duty'],
};

// Null prototypes: a code such as "constructor" must read as unknown, not as Object's own function.
const bare = (words: Record<string, string>): Record<string, string> =>
  Object.assign(Object.create(null) as Record<string, string>, words);

/**
 * Every reason code in the committee's words. Typed over ReasonCode, so a code added to the domain
 * without words here fails the type check instead of reaching an export, report or form as a raw code.
 */
const REASON_WORDS: Record<Lang, Record<ReasonCode, string>> = {
  'zh-CN': {
    unknown_pass: '出入证无效', expired_pass: '出入证已过期', revoked_pass: '出入证已停用', pass_not_yet_valid: '出入证未生效',
    home_observation: '居家观察期间请勿外出', status_denied: '状态禁止通行', status_refer: '需人工核实', fever: '体温异常',
    no_reading: '未测体温', invalid_reading: '读数无效', already_inside: '已在小区内', manual_reading: '人工录入体温',
    manual_lookup: '人工查询（无证）', abandoned: '未完成',
    forged_pass: '出入证校验失败', household_quota: '本户外出次数已达限额',
    visitor: '访客', visitors_not_allowed: '非本小区居民不得入内', not_direct_relative: '仅限直系亲属探望',
    visit_not_confirmed: '未经住户电话确认', visitor_overstay: '访客超时未离开', returnee: '返沪人员登记',
  },
  en: {
    unknown_pass: 'pass not recognised', expired_pass: 'pass expired', revoked_pass: 'pass withdrawn', pass_not_yet_valid: 'pass not yet valid',
    home_observation: 'under home observation', status_denied: 'status refuses entry', status_refer: 'check by staff', fever: 'abnormal temperature',
    no_reading: 'no temperature reading', invalid_reading: 'invalid reading', already_inside: 'already inside', manual_reading: 'temperature entered by staff',
    manual_lookup: 'looked up by staff (no pass)', abandoned: 'not completed',
    forged_pass: 'pass failed verification', household_quota: 'household outing quota used',
    visitor: 'visitor passage', visitors_not_allowed: 'non-residents may not enter', not_direct_relative: 'direct relatives only',
    visit_not_confirmed: 'not confirmed by the household by phone', visitor_overstay: 'visitor stayed past their pass', returnee: 'returnee registration',
  },
};

const WORDS: Record<Lang, Record<string, string>> = {
  'zh-CN': bare({
    in: '进', out: '出', admit: '通行', deny: '禁止通行', refer: '转人工',
    device: '测温仪', simulated: '模拟', manual: '人工录入',
    ...REASON_WORDS['zh-CN'],
  }),
  en: bare({
    in: 'in', out: 'out', admit: 'admitted', deny: 'refused', refer: 'referred to staff',
    device: 'thermometer', simulated: 'simulated', manual: 'entered by staff',
    ...REASON_WORDS.en,
  }),
};

/** Column headers of the entry-log export. */
export function entryLogHeaders(lang: Lang): readonly string[] {
  return HEADERS[lang];
}

/** A direction, decision, reading source or reason code in the committee's words. */
export function entryWord(key: string | null, lang: Lang): string {
  return key ? (WORDS[lang][key] ?? key) : '';
}

/**
 * Reasons, staff lists and temperatures repeat on almost every row; at a million rows the split,
 * JSON.parse and toFixed behind them cost more than the rest of a row together, so one export
 * remembers their words. Bounded: a pathological log only stops being remembered, never grows memory.
 */
export class EntryCellMemo {
  private static readonly MAX = 4096;
  readonly reasons = new Map<string, string>();
  readonly staff = new Map<string, string>();
  readonly temps = new Map<number, string>();

  /** Stores a value unless the map is full, and returns it. */
  keep<K>(map: Map<K, string>, key: K, value: string): string {
    if (map.size < EntryCellMemo.MAX) map.set(key, value);
    return value;
  }
}

export type EntryCellOptions = { lang: Lang; formatTime: LocalFormatter; unmasked?: boolean; memo?: EntryCellMemo };

/** How each column must be written: `digits` cells are the ones Excel must keep as text. */
export const ENTRY_LOG_KINDS: readonly CellKind[] = HEADERS['zh-CN'].map((_, i) => (i === 4 ? 'digits' : 'text'));

/** One entry as export cell values, in the order of the headers (plain strings: a million rows). */
export function entryLogCells(r: EntryRow, o: EntryCellOptions): string[] {
  const words = WORDS[o.lang];
  const memo = o.memo ?? new EntryCellMemo();
  // Looked up before anything is built: no closure or array per row on the common path.
  const reasons =
    r.reasons === ''
      ? ''
      : (memo.reasons.get(r.reasons) ??
        memo.keep(memo.reasons, r.reasons, r.reasons.split(',').map((c) => words[c as ReasonCode] ?? c).join('；')));
  // Most rows have no staff recorded yet; skipping JSON.parse for them matters at a million rows.
  const staff =
    r.staff_json === '[]'
      ? ''
      : (memo.staff.get(r.staff_json) ??
        memo.keep(memo.staff, r.staff_json, (JSON.parse(r.staff_json) as string[]).join('、')));
  const temp =
    r.temp_body_c === null
      ? ''
      : (memo.temps.get(r.temp_body_c) ?? memo.keep(memo.temps, r.temp_body_c, r.temp_body_c.toFixed(1)));
  return [
    r.id,
    o.formatTime(r.occurred_at),
    r.gate_id,
    words[r.direction] ?? r.direction,
    mask(r.credential, o),
    r.building ?? '',
    r.unit ?? '',
    r.room ?? '',
    r.resident_name_masked ?? '',
    temp,
    r.temp_source ? (words[r.temp_source] ?? r.temp_source) : '',
    words[r.decision] ?? r.decision,
    reasons,
    staff,
  ];
}

/**
 * One entry as a CSV line (CRLF included), each cell exactly as csvCell writes it with the kinds
 * of ENTRY_LOG_KINDS; one template instead of fourteen quoted strings joined, for the million-row
 * export. test/unit/export/csv.test.ts holds it to csvCell cell by cell.
 */
export function entryLogCsvLine(r: EntryRow, o: EntryCellOptions): string {
  const c = entryLogCells(r, o);
  const q = textOf;
  const pass = longDigits(c[4]!) ? `="${c[4]}"` : `"${q(c[4]!)}"`;
  return (
    `"${q(c[0]!)}","${q(c[1]!)}","${q(c[2]!)}","${q(c[3]!)}",${pass},"${q(c[5]!)}",` +
    `"${q(c[6]!)}","${q(c[7]!)}","${q(c[8]!)}","${q(c[9]!)}","${q(c[10]!)}",` +
    `"${q(c[11]!)}","${q(c[12]!)}","${q(c[13]!)}"\r\n`
  );
}

// Hot imported functions bound once: where this module runs through a CommonJS transform (tsx for
// the hub and the bench, vitest), every use of an imported name is a getter call, which cost
// ~0.4 s per million rows in the profile.
const textOf = csvText;
const longDigits = isLongDigits;
const mask = maskCredential;

/** The BOM and the header line that open every entry-log CSV. */
export function entryLogCsvHeader(lang: Lang): string {
  return BOM + csvLine(HEADERS[lang].map((h) => csvCell(h)));
}

/**
 * The CSV, one chunk per line (the first is the BOM and header). Credentials that are ID or phone
 * numbers are masked unless `unmasked` is set.
 */
export function* entryLogCsv(rows: Iterable<EntryRow>, opts: { timeZone: string; lang: Lang; unmasked?: boolean }): Generator<string> {
  const cellOpts: EntryCellOptions = {
    lang: opts.lang,
    formatTime: localTimeFormatter(opts.timeZone),
    unmasked: opts.unmasked,
    memo: new EntryCellMemo(),
  };
  yield entryLogCsvHeader(opts.lang);
  for (const r of rows) yield entryLogCsvLine(r, cellOpts);
}
