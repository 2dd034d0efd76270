/** The entry-log export, in the committee's words (Chinese headers by default). */
import type { ReasonCode } from '../../shared/domain';
import type { EntryRow } from '../store/entryLog';
import { formatLocal } from '../core/time';
import { BOM, csvCell, csvLine } from './csv';

type Lang = 'zh-CN' | 'en';

const HEADERS: Record<Lang, string[]> = {
  'zh-CN': ['记录编号', '时间', '门岗', '方向', '出入证号', '楼号', '单元', '室', '姓名', '体温(℃)', '测温方式', '结果', '原因', '值守人员'],
  en: ['Record id', 'Time', 'Gate', 'Direction', 'Pass number', 'Building', 'Unit', 'Room', 'Name', 'Temperature (°C)', 'Reading', 'Decision', 'Reasons', 'Staff on duty'],
};

const WORDS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    in: '进', out: '出', admit: '通行', deny: '禁止通行', refer: '转人工',
    device: '测温仪', simulated: '模拟', manual: '人工录入',
    unknown_pass: '出入证无效', expired_pass: '出入证已过期', revoked_pass: '出入证已停用', pass_not_yet_valid: '出入证未生效',
    home_observation: '居家观察期间请勿外出', status_denied: '状态禁止通行', status_refer: '需人工核实', fever: '体温异常',
    no_reading: '未测体温', invalid_reading: '读数无效', already_inside: '已在小区内', manual_reading: '人工录入体温',
    manual_lookup: '人工查询（无证）', abandoned: '未完成',
  },
  en: {
    in: 'in', out: 'out', admit: 'admitted', deny: 'refused', refer: 'referred to staff',
    device: 'thermometer', simulated: 'simulated', manual: 'entered by staff',
    unknown_pass: 'pass not recognised', expired_pass: 'pass expired', revoked_pass: 'pass withdrawn', pass_not_yet_valid: 'pass not yet valid',
    home_observation: 'under home observation', status_denied: 'status refuses entry', status_refer: 'check by staff', fever: 'abnormal temperature',
    no_reading: 'no temperature reading', invalid_reading: 'invalid reading', already_inside: 'already inside', manual_reading: 'temperature entered by staff',
    manual_lookup: 'looked up by staff (no pass)', abandoned: 'not completed',
  },
};

export function* entryLogCsv(rows: Iterable<EntryRow>, opts: { timeZone: string; lang: Lang }): Generator<string> {
  const words = WORDS[opts.lang];
  const w = (k: string | null): string => (k ? (words[k] ?? k) : '');
  yield BOM + csvLine(HEADERS[opts.lang].map((h) => csvCell(h)));
  for (const r of rows) {
    const reasons = r.reasons ? (r.reasons.split(',') as ReasonCode[]) : [];
    yield csvLine([
      csvCell(r.id),
      csvCell(formatLocal(r.occurred_at, opts.timeZone)),
      csvCell(r.gate_id),
      csvCell(w(r.direction)),
      csvCell(r.credential, 'digits'),
      csvCell(r.building),
      csvCell(r.unit),
      csvCell(r.room),
      csvCell(r.resident_name_masked),
      csvCell(r.temp_body_c === null ? '' : r.temp_body_c.toFixed(1)),
      csvCell(w(r.temp_source)),
      csvCell(w(r.decision)),
      csvCell(reasons.map(w).join('；')),
      csvCell((JSON.parse(r.staff_json) as string[]).join('、')),
    ]);
  }
}
