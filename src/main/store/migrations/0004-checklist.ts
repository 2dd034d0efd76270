import type { Migration } from './index';

type Seed = [code: string, category: string, required: 0 | 1, zh: string, en: string];

/**
 * The committee's daily checklist (打钩) and the disinfection sheet (消毒记录单). Hongqiao's six
 * checklists have 25 required and 14 optional actions; this seeds a shorter list drawn from the
 * practice in domain.md, which a committee can extend (rows are data, not code). Ticks and
 * disinfection records are append-only like the entry log: an untick is a new tick row with
 * ticked = 0, so the sheet shows who changed what and when.
 */
const ACTIONS: Seed[] = [
  [
    'gate_one_entrance',
    'gate',
    1,
    '只开一个出入口，其余封闭（一口一证）',
    'Only one entrance open, the others closed (one gate, one pass)',
  ],
  [
    'gate_two_person',
    'gate',
    1,
    '门岗双人值守（志愿者＋保安）',
    'Two-person post at the gate (volunteer + guard)',
  ],
  ['gate_vehicles', 'gate', 0, '进出车辆逐一登记核实', 'Every vehicle in and out registered and checked'],
  ['survey_status_map', 'survey', 1, '更新住户状态作战图', 'Household status map updated'],
  [
    'survey_six_checks',
    'survey',
    0,
    '六必查：陌生人车、返沪人员、快递外卖、聚集、短租、租客',
    'Six must-checks: strangers, returnees, couriers, groups, short lets, renters',
  ],
  [
    'temp_every_person',
    'temperature',
    1,
    '进出人员逐一测温登记（逢人必问、必测体温）',
    'Everyone in and out asked, measured and registered',
  ],
  [
    'temp_fever_reported',
    'temperature',
    1,
    '体温异常者第一时间报告医疗机构',
    'Abnormal temperatures reported to the medical institution at once',
  ],
  [
    'disinfect_public',
    'disinfection',
    1,
    '公共区域（电梯、楼道、门把手）消毒并填写消毒记录单',
    'Public areas (lifts, stairwells, door handles) disinfected and recorded',
  ],
  [
    'disinfect_dropoff',
    'disinfection',
    0,
    '快递外卖放置点消毒',
    'Parcel and food drop-off point disinfected',
  ],
  [
    'feedback_daily_report',
    'feedback',
    1,
    '每日一报按时上报街道',
    'Daily report sent to the sub-district on time',
  ],
  [
    'other_returnees',
    'other_people',
    1,
    '来(返)沪人员登记，落实居家观察14天',
    'Returnees registered; 14 days of home observation in place',
  ],
  [
    'other_visitors',
    'other_people',
    0,
    '非本小区人员不得入内，亲属探望电话确认并登记',
    'Non-residents refused; relatives\u2019 visits confirmed by phone and registered',
  ],
];

const migration: Migration = {
  version: 4,
  name: '0004-checklist',
  up(db) {
    db.exec(`
      CREATE TABLE checklist_action (
        code TEXT PRIMARY KEY,
        category TEXT NOT NULL
          CHECK (category IN ('gate','survey','temperature','disinfection','feedback','other_people')),
        required INTEGER NOT NULL CHECK (required IN (0,1)),
        label_zh TEXT NOT NULL,
        label_en TEXT NOT NULL,
        sort INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
      );

      -- day is the committee's local calendar date; at is the UTC instant the tick was made.
      CREATE TABLE checklist_tick (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        compound_id TEXT NOT NULL,
        day TEXT NOT NULL,
        action_code TEXT NOT NULL REFERENCES checklist_action(code),
        ticked INTEGER NOT NULL CHECK (ticked IN (0,1)),
        by_name TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX checklist_tick_day ON checklist_tick(compound_id, day, action_code, seq);
      CREATE TRIGGER checklist_tick_no_update BEFORE UPDATE ON checklist_tick
        BEGIN SELECT RAISE(ABORT, 'checklist_tick is append-only'); END;
      CREATE TRIGGER checklist_tick_no_delete BEFORE DELETE ON checklist_tick
        BEGIN SELECT RAISE(ABORT, 'checklist_tick is append-only'); END;

      CREATE TABLE disinfection_record (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        compound_id TEXT NOT NULL,
        place TEXT NOT NULL,
        done_at TEXT NOT NULL,
        person TEXT NOT NULL,
        agent TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX disinfection_record_time ON disinfection_record(compound_id, done_at);
      CREATE TRIGGER disinfection_record_no_update BEFORE UPDATE ON disinfection_record
        BEGIN SELECT RAISE(ABORT, 'disinfection_record is append-only'); END;
      CREATE TRIGGER disinfection_record_no_delete BEFORE DELETE ON disinfection_record
        BEGIN SELECT RAISE(ABORT, 'disinfection_record is append-only'); END;
    `);
    const insert = db.prepare(
      'INSERT INTO checklist_action (code, category, required, label_zh, label_en, sort) VALUES (?, ?, ?, ?, ?, ?)',
    );
    ACTIONS.forEach((a, i) => insert.run(...a, i));
  },
};

export default migration;
