import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { entryFilterSql } from '../../../src/main/export/entryFilter';
import { EntryExportFilter } from '../../../src/shared/exportJobs';

describe('the export filter as SQL', () => {
  it('emits only the clauses a filter uses', () => {
    expect(entryFilterSql({}, 'Asia/Shanghai')).toEqual({ where: '', params: {} });
    expect(entryFilterSql({ gateId: 'g', decision: 'deny' }, 'Asia/Shanghai')).toEqual({
      where: 'WHERE gate_id = @gate AND decision = @decision',
      params: { gate: 'g', decision: 'deny' },
    });
  });

  it('turns local dates into a half-open UTC range in the gate zone', () => {
    expect(entryFilterSql({ from: '2020-02-10', to: '2020-02-11' }, 'Asia/Shanghai').params).toEqual({
      from: '2020-02-09T16:00:00.000Z',
      to: '2020-02-11T16:00:00.000Z',
    });
  });

  it('is valid SQL for every clause at once, and a value is a parameter, never spliced', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE entry_log (occurred_at, gate_id, building, unit, room, household_id, decision, credential, resident_name_masked, resident_id);
             CREATE TABLE resident (id, name)`);
    db.prepare(
      "INSERT INTO entry_log VALUES ('2020-02-10T01:00:00.000Z', 'g', '1', '1', '101', 'h', 'deny', 'x''; DROP TABLE entry_log; --', '张*', 'r')",
    ).run();
    db.prepare("INSERT INTO resident VALUES ('r', '张小三')").run();
    const all = {
      from: '2020-02-10',
      to: '2020-02-10',
      gateId: 'g',
      building: '1',
      unit: '1',
      room: '101',
      householdId: 'h',
      decision: 'deny' as const,
      person: '小三',
    };
    const { where, params } = entryFilterSql(all, 'Asia/Shanghai');
    expect(db.prepare(`SELECT count(*) AS n FROM entry_log ${where}`).get(params)).toEqual({ n: 1 });
    const evil = entryFilterSql({ person: "x'; DROP TABLE entry_log; --" }, 'UTC');
    expect(db.prepare(`SELECT count(*) AS n FROM entry_log ${evil.where}`).get(evil.params)).toEqual({
      n: 1,
    });
    db.close();
  });

  it('the schema refuses a range that ends before it starts and unknown fields', () => {
    expect(EntryExportFilter.safeParse({ from: '2020-02-11', to: '2020-02-10' }).success).toBe(false);
    expect(EntryExportFilter.safeParse({ gate: 'x' }).success).toBe(false);
    expect(
      EntryExportFilter.safeParse({ from: '2020-02-10', to: '2020-02-10', person: '小明' }).success,
    ).toBe(true);
  });
});
