/**
 * The committee's forms as XLSX, Chinese headers as on the paper forms, layouts in docs/forms.md:
 * 集中排摸信息表 (survey sheet, from the roster), 来(返)沪人员健康登记表 (arrivals' health register,
 * from the returnee table once a later issue adds it; until then headers only) and 小区防疫管控记录表
 * (gate control record, from the entry log). Phones, ID numbers and names are masked unless
 * `unmasked` is set (a later issue puts that behind dual control).
 */
import { addDays, startOfLocalDay } from '../core/time';
import type { Db } from '../store/db';
import { openDatabase } from '../store/db';
import type { EntryRow } from '../store/entryLog';
import { entryFilterSql } from './entryFilter';
import { entryWord } from './entryLogCsv';
import type { CommitteeFormInput, EntryExportFilter } from '../../shared/exportJobs';
import { returneeRows, surveyRows, type ReturneeColumn } from './formQueries';
import { localTimeFormatter } from './localTime';
import { exportIdNumber, exportName, exportPhone, maskCredential, type MaskOptions } from './mask';
import { formWorkbook, type Cell } from './xlsx';

export type FormContext = { compoundId: string; timeZone: string; now: Date };
export type FormResult = { fileName: string; data: Buffer; rows: number };

const SURVEY_HEADERS = [
  '序号',
  '楼号',
  '单元',
  '室号',
  '姓名',
  '居住类型',
  '联系电话',
  '身份证号',
  '出入证号',
  '状态',
  '状态更新日期',
  '备注',
];
const ARRIVALS_HEADERS = [
  '序号',
  '姓名',
  '身份证号',
  '联系电话',
  '楼号',
  '单元',
  '室号',
  '从何地来沪',
  '抵沪日期',
  '交通方式',
  '车次/航班',
  '体温(℃)',
  '有无发热、咳嗽等症状',
  '居家观察起始日',
  '居家观察截止日',
  '登记时间',
  '登记人',
];
/** The eight elements of the gate control record, after the row number (see docs/forms.md). */
const GATE_CONTROL_HEADERS = [
  '序号',
  '①时间',
  '②门岗及进出',
  '③住址(楼-单元-室)',
  '④姓名',
  '⑤出入证号',
  '⑥体温(℃)',
  '⑦处置结果',
  '⑧值守人员',
];

function meta(
  db: Db,
  ctx: FormContext,
  parts: { gateId?: string; from?: string; to?: string },
  o: MaskOptions,
): string {
  const compound =
    db.prepare<[string], { name: string }>('SELECT name FROM compound WHERE id = ?').get(ctx.compoundId)
      ?.name ?? ctx.compoundId;
  const gate = parts.gateId
    ? (db.prepare<[string], { name: string }>('SELECT name FROM gate WHERE id = ?').get(parts.gateId)?.name ??
      parts.gateId)
    : null;
  const dates = parts.from || parts.to ? `${parts.from ?? '…'} ~ ${parts.to ?? '…'}` : null;
  return [
    `小区：${compound}`,
    gate ? `门岗：${gate}` : null,
    dates ? `日期：${dates}` : null,
    `导出时间：${localTimeFormatter(ctx.timeZone)(ctx.now.toISOString()).slice(0, 16)}`,
    o.unmasked ? '含完整证件号码和电话，注意保密' : '证件号码、电话、姓名已脱敏',
  ]
    .filter(Boolean)
    .join('　');
}

/** The forms iterate while they await the zip writer; a reader connection keeps the gate's own free. */
async function withReader<T>(db: Db, fn: (reader: Db) => Promise<T>): Promise<T> {
  // An in-memory database (tests only) has no file to open twice; it has no concurrent writer either.
  const reader = db.memory ? db : openDatabase(db.name, { readonly: true });
  try {
    return await fn(reader);
  } finally {
    if (reader !== db) reader.close();
  }
}

const today = (ctx: FormContext): string =>
  localTimeFormatter(ctx.timeZone)(ctx.now.toISOString()).slice(0, 10);

export function surveySheetXlsx(db: Db, ctx: FormContext, o: MaskOptions = {}): Promise<FormResult> {
  return withReader(db, async (reader) => {
    const local = localTimeFormatter(ctx.timeZone);
    let i = 0;
    const rows = (function* (): Generator<Cell[]> {
      for (const r of surveyRows(reader, ctx.compoundId)) {
        i += 1;
        yield [
          i,
          r.building,
          r.unit,
          r.room,
          exportName(r.name, o),
          r.residency === 'owner' ? '业主' : '租户',
          exportPhone(r.phone, o),
          exportIdNumber(r.id_number, o),
          r.passes ?? '',
          r.status_zh,
          local(r.updated_at).slice(0, 10),
          '',
        ];
      }
    })();
    const book = await formWorkbook(
      {
        sheetName: '集中排摸信息表',
        title: '集中排摸信息表',
        meta: meta(reader, ctx, {}, o),
        headers: SURVEY_HEADERS,
        widths: [6, 8, 6, 8, 10, 8, 14, 22, 12, 22, 12, 16],
      },
      rows,
    );
    return { fileName: `集中排摸信息表_${today(ctx)}.xlsx`, ...book };
  });
}

export function arrivalsRegisterXlsx(
  db: Db,
  ctx: FormContext,
  o: MaskOptions & { from?: string; to?: string } = {},
): Promise<FormResult> {
  return withReader(db, async (reader) => {
    const range = {
      fromUtc: o.from ? startOfLocalDay(o.from, ctx.timeZone).toISOString() : undefined,
      toUtc: o.to ? startOfLocalDay(addDays(o.to, 1), ctx.timeZone).toISOString() : undefined,
    };
    const local = localTimeFormatter(ctx.timeZone);
    const rows = returneeRows(reader, range, ctx.compoundId).map((r, i): Cell[] => {
      const v = (c: ReturneeColumn): string => (r[c] === null || r[c] === undefined ? '' : String(r[c]));
      const temperature =
        typeof r.temperature_c === 'number' ? r.temperature_c.toFixed(1) : v('temperature_c');
      const registeredAt = r.registered_at ? local(String(r.registered_at)).slice(0, 16) : '';
      return [
        i + 1,
        exportName(v('name'), o),
        exportIdNumber(v('id_number'), o),
        exportPhone(v('phone'), o),
        v('building'),
        v('unit'),
        v('room'),
        v('origin'),
        v('arrived_on'),
        v('transport'),
        v('transport_no'),
        temperature,
        v('symptoms'),
        v('observation_start'),
        v('observation_end'),
        registeredAt,
        v('registered_by'),
      ];
    });
    const book = await formWorkbook(
      {
        sheetName: '来(返)沪人员健康登记表',
        title: '来(返)沪人员健康登记表',
        meta: meta(reader, ctx, { from: o.from, to: o.to }, o),
        headers: ARRIVALS_HEADERS,
        widths: [6, 10, 22, 14, 6, 6, 8, 14, 12, 10, 12, 9, 16, 14, 14, 17, 10],
      },
      rows,
    );
    return { fileName: `来(返)沪人员健康登记表_${o.from ?? today(ctx)}.xlsx`, ...book };
  });
}

export function gateControlRecordXlsx(
  db: Db,
  ctx: FormContext,
  o: MaskOptions & { filter: EntryExportFilter },
): Promise<FormResult> {
  return withReader(db, async (reader) => {
    const { where, params } = entryFilterSql(o.filter, ctx.timeZone);
    const gates = new Map(
      reader
        .prepare<[], { id: string; name: string }>('SELECT id, name FROM gate')
        .all()
        .map((g) => [g.id, g.name]),
    );
    const local = localTimeFormatter(ctx.timeZone);
    let i = 0;
    const rows = (function* (): Generator<Cell[]> {
      for (const r of reader
        .prepare<Record<string, string>, EntryRow>(`SELECT * FROM entry_log ${where} ORDER BY seq`)
        .iterate(params)) {
        i += 1;
        const reasons = r.reasons
          ? r.reasons
              .split(',')
              .map((k) => entryWord(k, 'zh-CN'))
              .join('；')
          : '';
        const staff = r.staff_json === '[]' ? '' : (JSON.parse(r.staff_json) as string[]).join('、');
        yield [
          i,
          local(r.occurred_at),
          `${gates.get(r.gate_id) ?? r.gate_id}·${entryWord(r.direction, 'zh-CN')}`,
          r.building ? [r.building, r.unit, r.room].filter(Boolean).join('-') : '',
          r.resident_name_masked ?? '',
          maskCredential(r.credential, o),
          r.temp_body_c === null ? '' : r.temp_body_c.toFixed(1),
          reasons ? `${entryWord(r.decision, 'zh-CN')}：${reasons}` : entryWord(r.decision, 'zh-CN'),
          staff,
        ];
      }
    })();
    const book = await formWorkbook(
      {
        sheetName: '小区防疫管控记录表',
        title: '小区防疫管控记录表',
        meta: meta(reader, ctx, { gateId: o.filter.gateId, from: o.filter.from, to: o.filter.to }, o),
        headers: GATE_CONTROL_HEADERS,
        widths: [7, 20, 12, 16, 10, 16, 9, 30, 16],
      },
      rows,
    );
    return {
      fileName: `小区防疫管控记录表_${o.filter.gateId ?? '全部门岗'}_${o.filter.from ?? today(ctx)}.xlsx`,
      ...book,
    };
  });
}

/** One entry point for the contract: the form named in the input. */
export function committeeFormXlsx(db: Db, input: CommitteeFormInput, ctx: FormContext): Promise<FormResult> {
  const mask: MaskOptions = { unmasked: input.unmasked };
  if (input.form === 'survey') return surveySheetXlsx(db, ctx, mask);
  if (input.form === 'arrivals')
    return arrivalsRegisterXlsx(db, ctx, { ...mask, from: input.from, to: input.to });
  return gateControlRecordXlsx(db, ctx, {
    ...mask,
    filter: { from: input.from, to: input.to, gateId: input.gateId },
  });
}
