import type { Migration } from './index';

type Seed = [code: string, zh: string, en: string, colour: string, rule: string, severity: number];

/**
 * Yijingyuan's 9-colour map (domain.md) is the default scheme. Home-observation statuses may enter
 * but not leave; "not yet returned" statuses are referred to staff because the person at the gate
 * is a returnee who must register first. Severity orders members when a household shows one colour.
 */
const YIJINGYUAN_9: Seed[] = [
  ['black', '在家，假期未离开', 'At home, did not leave', '#1f1f1f', 'allow', 0],
  ['yellow', '外省返回', 'Returned from another province', '#f2c200', 'allow', 1],
  ['blue', '境外返回', 'Returned from abroad', '#1e6fd9', 'no_exit', 6],
  ['orange_yellow', '在外省，尚未返回', 'In another province, not yet returned', '#f5a623', 'refer', 3],
  ['pink', '在境外，尚未返回', 'Abroad, not yet returned', '#ff8fb1', 'refer', 3],
  ['brown', '有亲属来访', 'Has visiting relatives', '#8b5a2b', 'allow', 2],
  ['purple', '非重点地区返回，居家隔离', 'Back from a non-key region, isolating at home', '#7b3fb5', 'no_exit', 5],
  ['orange', '重点地区返回，隔离中', 'Back from a key region, in isolation', '#f36c00', 'no_exit', 7],
  ['green', '重点地区返回，隔离期满', 'Back from a key region, isolation finished', '#2e9d3a', 'allow', 1],
];

/** Hongqiao's 5-colour scheme, selectable by the committee. */
const HONGQIAO_5: Seed[] = [
  ['hq_purple', '医学观察中', 'Under medical observation', '#7b3fb5', 'no_exit', 7],
  ['hq_orange', '自我健康观察', 'Self health observation', '#f36c00', 'no_exit', 5],
  ['hq_red', '即将从重点地区返回', 'About to return from a key region', '#d0021b', 'refer', 3],
  ['hq_yellow', '即将从其他重点地区返回', 'About to return from another key region', '#f2c200', 'refer', 3],
  ['hq_green', '医学观察期满', 'Medical observation finished', '#2e9d3a', 'allow', 0],
];

const migration: Migration = {
  version: 2,
  name: '0002-status-schemes',
  up(db) {
    const insert = db.prepare(
      `INSERT INTO status_scheme (code, scheme, label_zh, label_en, colour, gate_rule, severity, sort)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    YIJINGYUAN_9.forEach((s, i) => insert.run(...s.slice(0, 1), 'yijingyuan9', ...s.slice(1), i));
    HONGQIAO_5.forEach((s, i) => insert.run(...s.slice(0, 1), 'hongqiao5', ...s.slice(1), i));
    db.prepare(`INSERT INTO meta (key, value) VALUES ('status_scheme', 'yijingyuan9')`).run();
  },
};

export default migration;
