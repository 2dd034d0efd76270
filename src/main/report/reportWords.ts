/**
 * Every word of the printed report and the report workbook, zh-CN and en. The page follows the
 * gate's locale; Chinese is the default because the committee files the page as is. Reason and
 * decision words come from the entry-log export so a refusal reads the same everywhere.
 */
import { entryWord } from '../export/entryLogCsv';
import type { ChecklistCategory, FeverFollowUp } from './reportSchema';

export type ReportLang = 'zh-CN' | 'en';

const ZH = {
  title: '每日一报',
  subtitle: '小区防疫管控工作日报',
  compound: '小区',
  gate: '门岗',
  allGates: '全部门岗',
  dates: '日期',
  generatedAt: '生成时间',
  timeZone: '时区',
  summary: '概况',
  checks: '检查人次',
  admitted: '通行',
  denied: '禁止通行',
  referred: '转人工',
  fevers: '体温异常',
  directionIn: '进',
  directionOut: '出',
  perHour: '分时段检查人次',
  hour: '时',
  deniedByReason: '禁止通行原因',
  referredByReason: '转人工原因',
  reason: '原因',
  count: '人次',
  none: '无',
  feverFollowUp: '体温异常及处置',
  acknowledged: '已处置',
  open: '未处置',
  no_alert: '未报警',
  time: '时间',
  household: '住址',
  name: '姓名',
  // °C, not ℃: common CJK fonts on gate boxes (WenQuanYi) have no ℃ glyph and print a blank.
  temperature: '体温(°C)',
  followUp: '处置情况',
  truncated: '仅列出前 {n} 条',
  households: '住户状态（作战图）',
  status: '状态',
  householdCount: '户数',
  residentCount: '人数',
  total: '合计',
  asOf: '名册截至',
  days: '每日明细',
  date: '日期',
  staff: '值守人员',
  later: '访客、快递、返沪、居家观察、车辆',
  section: '事项',
  figures: '数量',
  notAvailable: '暂未启用',
  compoundWide: '全小区合计',
  visitors: '访客',
  registered: '登记',
  left: '离开',
  parcels: '快递外卖',
  received: '收到',
  collected: '已领取',
  returnees: '来(返)沪人员',
  observations: '居家观察',
  started: '开始',
  ended: '结束',
  vehicles: '车辆',
  checklist: '每日工作打钩',
  category: '类别',
  item: '事项',
  kind: '要求',
  required: '必做',
  optional: '选做',
  done: '完成',
  by: '确认人',
  disinfection: '消毒记录',
  place: '地点',
  person: '消毒人员',
  agent: '消毒剂',
  note: '备注',
  filledBy: '填报人',
  reviewedBy: '审核人',
  signDate: '日期',
  comma: '，',
  colon: '：',
  paren: '（{x}）',
};

type Words = Record<keyof typeof ZH, string>;

const EN: Words = {
  title: 'Daily report',
  subtitle: 'Compound gate control, daily report',
  compound: 'Compound',
  gate: 'Gate',
  allGates: 'All gates',
  dates: 'Dates',
  generatedAt: 'Generated',
  timeZone: 'Time zone',
  summary: 'Summary',
  checks: 'Checks',
  admitted: 'Admitted',
  denied: 'Refused',
  referred: 'Referred',
  fevers: 'Abnormal temperature',
  directionIn: 'In',
  directionOut: 'Out',
  perHour: 'Checks per hour',
  hour: 'h',
  deniedByReason: 'Refusals by reason',
  referredByReason: 'Referrals by reason',
  reason: 'Reason',
  count: 'Count',
  none: 'None',
  feverFollowUp: 'Abnormal temperatures and follow-up',
  acknowledged: 'Handled',
  open: 'Not yet handled',
  no_alert: 'No alert',
  time: 'Time',
  household: 'Address',
  name: 'Name',
  temperature: 'Temp. (°C)',
  followUp: 'Follow-up',
  truncated: 'First {n} listed',
  households: 'Households by status (status map)',
  status: 'Status',
  householdCount: 'Households',
  residentCount: 'Residents',
  total: 'Total',
  asOf: 'Roster as of',
  days: 'Day by day',
  date: 'Date',
  staff: 'Staff on duty',
  later: 'Visitors, parcels, returnees, home observation, vehicles',
  section: 'Item',
  figures: 'Figures',
  notAvailable: 'not in use yet',
  compoundWide: 'whole compound',
  visitors: 'Visitors',
  registered: 'registered',
  left: 'left',
  parcels: 'Parcels',
  received: 'received',
  collected: 'collected',
  returnees: 'Returnees',
  observations: 'Home observation',
  started: 'started',
  ended: 'ended',
  vehicles: 'Vehicles',
  checklist: 'Daily checklist',
  category: 'Category',
  item: 'Action',
  kind: 'Kind',
  required: 'Required',
  optional: 'Optional',
  done: 'Done',
  by: 'By',
  disinfection: 'Disinfection sheet',
  place: 'Place',
  person: 'Done by',
  agent: 'Agent',
  note: 'Note',
  filledBy: 'Prepared by',
  reviewedBy: 'Checked by',
  signDate: 'Date',
  comma: ', ',
  colon: ': ',
  paren: ' ({x})',
};

const CATEGORIES: Record<ReportLang, Record<ChecklistCategory, string>> = {
  'zh-CN': { gate: '门岗管理', survey: '排摸', temperature: '测温', disinfection: '消毒', feedback: '信息反馈', other_people: '其他人员管理' },
  en: { gate: 'Gate management', survey: 'Surveys', temperature: 'Temperature screening', disinfection: 'Disinfection', feedback: 'Information feedback', other_people: 'Other people' },
};

export function reportWords(lang: ReportLang): Words {
  return lang === 'en' ? EN : ZH;
}

export function categoryWord(c: ChecklistCategory, lang: ReportLang): string {
  return CATEGORIES[lang][c];
}

export function followUpWord(f: FeverFollowUp, lang: ReportLang): string {
  return reportWords(lang)[f];
}

/** A reason code in the words of the entry-log export (体温异常, 出入证无效…). */
export function reasonWord(code: string, lang: ReportLang): string {
  return entryWord(code, lang);
}
