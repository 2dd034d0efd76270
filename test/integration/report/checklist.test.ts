import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addDisinfection,
  checklistDay,
  checklistHistory,
  listDisinfection,
  setChecklistTick,
} from '../../../src/main/report/checklist';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { GateError } from '../../../src/main/core/errors';
import { makeGate, type TestGate } from '../../helpers/gate';
import { COMPOUND, DAY, shanghai, TZ } from './dataset';

let gate: TestGate;
const clock = fixedClock(shanghai(`${DAY} 09:00:00`));
const ctx = () => ({ compoundId: COMPOUND, timeZone: TZ, now: clock.now(), newId: uuidv7Generator(clock) });
const rows = (table: string): number =>
  (gate.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeEach(async () => {
  gate = await makeGate({ roster: [] });
  clock.set(shanghai(`${DAY} 09:00:00`));
});
afterEach(() => gate.cleanup());

describe('the daily checklist (打钩)', () => {
  it('seeds 8 required and 4 optional actions over the six categories, bilingual', () => {
    const day = checklistDay(gate.db, COMPOUND, DAY);
    expect(day.required).toEqual({ done: 0, total: 8 });
    expect(day.optional).toEqual({ done: 0, total: 4 });
    expect(new Set(day.items.map((i) => i.category))).toEqual(
      new Set(['gate', 'survey', 'temperature', 'disinfection', 'feedback', 'other_people']),
    );
    for (const i of day.items) {
      expect(i.labelZh).toMatch(/[\u4e00-\u9fff]/);
      expect(i.labelEn).toMatch(/^[A-Z]/);
      expect(i).toMatchObject({ ticked: false, by: null, at: null, changes: 0 });
    }
  });

  it('a tick and an untick are each a new record; the latest decides the state', () => {
    const t1 = setChecklistTick(
      gate.db,
      { date: DAY, code: 'gate_two_person', ticked: true, by: '李主任' },
      ctx(),
    );
    expect(t1).toMatchObject({ ticked: true, by: '李主任', at: shanghai(`${DAY} 09:00:00`), changes: 1 });
    clock.advance(60_000);
    const t2 = setChecklistTick(
      gate.db,
      { date: DAY, code: 'gate_two_person', ticked: false, by: '王委员', note: '误点' },
      ctx(),
    );
    expect(t2).toMatchObject({ ticked: false, by: '王委员', changes: 2 });
    clock.advance(60_000);
    setChecklistTick(gate.db, { date: DAY, code: 'gate_two_person', ticked: true, by: '王委员' }, ctx());
    expect(rows('checklist_tick')).toBe(3);
    expect(checklistHistory(gate.db, COMPOUND, DAY).map((h) => [h.ticked, h.by, h.note])).toEqual([
      [true, '李主任', ''],
      [false, '王委员', '误点'],
      [true, '王委员', ''],
    ]);
    const item = checklistDay(gate.db, COMPOUND, DAY).items.find((i) => i.code === 'gate_two_person');
    expect(item).toMatchObject({ ticked: true, by: '王委员', at: shanghai(`${DAY} 09:02:00`), changes: 3 });
    // Another day is untouched.
    expect(checklistDay(gate.db, COMPOUND, '2020-02-09').required.done).toBe(0);
  });

  it('setting the state an item already has writes nothing', () => {
    setChecklistTick(gate.db, { date: DAY, code: 'survey_status_map', ticked: true, by: 'A' }, ctx());
    setChecklistTick(gate.db, { date: DAY, code: 'survey_status_map', ticked: true, by: 'B' }, ctx());
    setChecklistTick(gate.db, { date: DAY, code: 'temp_every_person', ticked: false, by: 'B' }, ctx());
    expect(rows('checklist_tick')).toBe(1);
  });

  it('the records cannot be changed or deleted', () => {
    setChecklistTick(gate.db, { date: DAY, code: 'survey_status_map', ticked: true, by: 'A' }, ctx());
    expect(() => gate.db.prepare('UPDATE checklist_tick SET ticked = 0').run()).toThrow(/append-only/);
    expect(() => gate.db.prepare('DELETE FROM checklist_tick').run()).toThrow(/append-only/);
    addDisinfection(
      gate.db,
      { place: '1号楼大堂', doneAt: shanghai(`${DAY} 08:00:00`), person: '王保洁', agent: '84消毒液' },
      ctx(),
    );
    expect(() => gate.db.prepare("UPDATE disinfection_record SET place = 'x'").run()).toThrow(/append-only/);
    expect(() => gate.db.prepare('DELETE FROM disinfection_record').run()).toThrow(/append-only/);
  });

  it('refuses an unknown action and a day that has not come yet', () => {
    expect(() =>
      setChecklistTick(gate.db, { date: DAY, code: 'nope', ticked: true, by: 'A' }, ctx()),
    ).toThrow(GateError);
    expect(() =>
      setChecklistTick(
        gate.db,
        { date: '2020-02-11', code: 'survey_status_map', ticked: true, by: 'A' },
        ctx(),
      ),
    ).toThrow(/not come yet/);
    // 23:30 UTC on the 10th is already the 11th in Shanghai.
    clock.set('2020-02-10T16:30:00.000Z');
    expect(
      setChecklistTick(
        gate.db,
        { date: '2020-02-11', code: 'survey_status_map', ticked: true, by: 'A' },
        ctx(),
      ).ticked,
    ).toBe(true);
  });
});

describe('the disinfection sheet (消毒记录单)', () => {
  it('records place, time, person and agent, listed by the time they were done', () => {
    const later = addDisinfection(
      gate.db,
      {
        place: '快递点',
        doneAt: shanghai(`${DAY} 08:30:00`),
        person: '王保洁',
        agent: '75%酒精',
        recordedBy: '李主任',
      },
      ctx(),
    );
    addDisinfection(
      gate.db,
      {
        place: '3号楼电梯',
        doneAt: shanghai(`${DAY} 07:00:00`),
        person: '张保洁',
        agent: '84消毒液 1:100',
        note: '每日两次',
      },
      ctx(),
    );
    expect(later).toMatchObject({ recordedAt: shanghai(`${DAY} 09:00:00`), recordedBy: '李主任', note: '' });
    const list = listDisinfection(
      gate.db,
      COMPOUND,
      shanghai(`${DAY} 00:00:00`),
      shanghai('2020-02-11 00:00:00'),
    );
    expect(list.map((d) => [d.place, d.person, d.agent, d.note])).toEqual([
      ['3号楼电梯', '张保洁', '84消毒液 1:100', '每日两次'],
      ['快递点', '王保洁', '75%酒精', ''],
    ]);
  });

  it('refuses a time in the future', () => {
    expect(() =>
      addDisinfection(
        gate.db,
        { place: 'x', doneAt: shanghai(`${DAY} 12:00:00`), person: 'p', agent: 'a' },
        ctx(),
      ),
    ).toThrow(/future/);
    expect(rows('disinfection_record')).toBe(0);
  });
});
