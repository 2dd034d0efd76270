/**
 * The committee's entry export across gates. Rows go through the gate's own CSV writer
 * (src/main/export/entryLogCsv.ts, which uses the cell helpers in export/csv.ts), so a property
 * manager gets the same columns, words and Excel safeguards from a gate and from the hub; the hub
 * adds three columns at the end (compound, gate sequence number, hub receive time).
 *
 * Rows are read a page at a time by keyset, never all at once, and streamed as they are formatted.
 */
import { addDays, formatLocal, startOfLocalDay } from '../../main/core/time';
import { csvCell } from '../../main/export/csv';
import { entryLogCsv } from '../../main/export/entryLogCsv';
import type { EntryRow } from '../../main/store/entryLog';
import type { EntryPayload } from '../../shared/sync';
import type { Queryable } from '../db';
import { HubError } from '../errors';

export type ExportFilter = {
  committee?: string;
  compound?: string;
  gate?: string;
  from?: string;
  to?: string;
  tz: string;
  lang: 'zh-CN' | 'en';
};

type Row = {
  committee_id: string;
  compound_id: string;
  gate_id: string;
  event_id: string;
  gate_seq: string;
  occurred_at: Date;
  received_at: Date;
  payload: EntryPayload;
};

const PAGE = 1000;
const EXTRA_HEADERS = { 'zh-CN': ['小区', '门岗序号', '接收时间'], en: ['Compound', 'Gate seq', 'Received'] } as const;

function checkTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new HubError(400, 'invalid_query', `tz: unknown time zone ${tz}`);
  }
}

function toEntryRow(r: Row): EntryRow {
  const p = r.payload;
  return {
    id: r.event_id,
    occurred_at: new Date(r.occurred_at).toISOString(),
    gate_id: r.gate_id,
    direction: p.direction,
    credential: p.credential,
    building: p.building,
    unit: p.unit,
    room: p.room,
    resident_name_masked: p.residentNameMasked,
    decision: p.decision,
    reasons: p.reasons.join(','),
    temp_body_c: p.tempBodyC,
    temp_source: p.tempSource,
    staff_json: JSON.stringify(p.staff),
  };
}

/** Appends cells to a line the gate's writer produced (it always ends in CRLF). */
function extend(line: string, cells: readonly string[]): string {
  return `${line.slice(0, -2)},${cells.join(',')}\r\n`;
}

export async function* exportEntriesCsv(q: Queryable, f: ExportFilter): AsyncGenerator<string> {
  checkTimeZone(f.tz);
  const from = f.from ? startOfLocalDay(f.from, f.tz) : null;
  const to = f.to ? startOfLocalDay(addDays(f.to, 1), f.tz) : null;
  let after: Row | null = null;
  let first = true;
  for (;;) {
    const page: Row[] = (
      await q.query<Row>(
        `SELECT committee_id, compound_id, gate_id, event_id::text AS event_id, seq::text AS gate_seq, occurred_at, received_at, payload
           FROM event
          WHERE kind = 'entry' AND ($1::text IS NULL OR committee_id = $1) AND ($2::text IS NULL OR compound_id = $2)
            AND ($3::text IS NULL OR gate_id = $3) AND ($4::timestamptz IS NULL OR occurred_at >= $4)
            AND ($5::timestamptz IS NULL OR occurred_at < $5)
            AND ($6::timestamptz IS NULL OR (occurred_at, committee_id, compound_id, gate_id, seq) > ($6, $7, $8, $9, $10::bigint))
          ORDER BY event.occurred_at, event.committee_id, event.compound_id, event.gate_id, event.seq LIMIT ${PAGE}`,
        [
          f.committee ?? null,
          f.compound ?? null,
          f.gate ?? null,
          from,
          to,
          after?.occurred_at ?? null,
          after?.committee_id ?? null,
          after?.compound_id ?? null,
          after?.gate_id ?? null,
          after?.gate_seq ?? null,
        ],
      )
    ).rows;
    const lines = entryLogCsv(page.map(toEntryRow), { timeZone: f.tz, lang: f.lang });
    const header = lines.next();
    if (first && !header.done) yield extend(header.value, EXTRA_HEADERS[f.lang].map((h) => csvCell(h)));
    first = false;
    let i = 0;
    for (const line of lines) {
      const r = page[i++];
      if (!r) break;
      yield extend(line, [csvCell(r.compound_id), csvCell(r.gate_seq), csvCell(formatLocal(new Date(r.received_at).toISOString(), f.tz))]);
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1] ?? null;
  }
}
