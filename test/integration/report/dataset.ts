/**
 * A day at the gate whose every figure is known by construction: the plan below is the data, and
 * the expectations are read off the plan with plain filters, never from the report code. Entries
 * go in through the real EntryLogStore (loadDataset.ts).
 *
 * The day is 2020-02-10 in Asia/Shanghai (UTC+8, no DST), so local 00:00 is 2020-02-09T16:00Z.
 */
import type { Decision, Direction, ReasonCode, ReadingSource } from '../../../src/shared/domain';
import type { RosterInput } from '../../../src/main/store/roster';

export const DAY = '2020-02-10';
export const TZ = 'Asia/Shanghai';
export const COMPOUND = 'demo-compound';
export const SOUTH = 'gate-south';
export const NORTH = 'gate-north';
/** A valid GB 11643 number (the standard's own example), used as a pass to test masking. */
export const ID_AS_PASS = '11010519491231002X';

/** Local Shanghai wall time → ISO UTC, by hand (UTC+8), independent of core/time.ts. */
export function shanghai(local: string): string {
  const [d, t = '00:00:00'] = local.split(' ');
  return new Date(Date.parse(`${d}T${t}.000Z`) - 8 * 3_600_000).toISOString();
}

// prettier-ignore
export const REPORT_ROSTER: RosterInput[] = [
  { building: '1', unit: '1', room: '101', name: '张伟', phone: '13900000001', idNumber: ID_AS_PASS, residency: 'owner', passNumber: 'HM90001', status: 'black' },
  { building: '1', unit: '1', room: '101', name: '李娜', phone: '13900000002', idNumber: '', residency: 'owner', passNumber: 'HM90002', status: 'black' },
  { building: '3', unit: '2', room: '402', name: '王小明', phone: '13900000003', idNumber: '', residency: 'renter', passNumber: 'HM90003', status: 'orange' },
  { building: '5', unit: '1', room: '1201', name: '赵敏', phone: '13900000004', idNumber: '', residency: 'owner', passNumber: 'HM90004', status: 'pink' },
  { building: '2', unit: '1', room: '201', name: '陈静', phone: '13900000005', idNumber: '', residency: 'owner', passNumber: 'HM90005', status: 'yellow' },
  { building: '2', unit: '1', room: '202', name: '刘洋', phone: '13900000006', idNumber: '', residency: 'owner', passNumber: 'HM90006', status: 'green' },
  { building: '2', unit: '1', room: '202', name: '欧阳小红', phone: '13900000007', idNumber: '', residency: 'renter', passNumber: 'HM90007', status: 'green' },
];
/** Households per status and residents per status, counted off REPORT_ROSTER by hand. */
export const HOUSEHOLDS_BY_STATUS: Record<string, { households: number; residents: number }> = {
  black: { households: 1, residents: 2 },
  orange: { households: 1, residents: 1 },
  pink: { households: 1, residents: 1 },
  yellow: { households: 1, residents: 1 },
  green: { households: 1, residents: 2 },
};

export type Planned = {
  at: string; // local wall time
  gate: string;
  pass: string; // credential as scanned
  direction: Direction;
  decision: Decision;
  reasons: ReasonCode[];
  temp: number | null;
  source?: ReadingSource;
  alert?: 'fever' | 'home_observation_exit';
  ackAt?: string; // local wall time the alert was acknowledged
  staff: string[];
};

const MORNING = ['王保安', '李志愿者'];
const AFTERNOON = ['赵保安', '李志愿者'];
const NORTH_STAFF = ['孙保安'];
const shift = (hour: number): string[] => (hour < 12 ? MORNING : AFTERNOON);
const pad = (n: number): string => String(n).padStart(2, '0');
const CYCLE = ['HM90001', 'HM90002', 'HM90005', 'HM90006'];

function plan(): Planned[] {
  const p: Planned[] = [];
  // Routine admits at the south gate: (h % 3) + 1 in each local hour, alternating in and out.
  for (let h = 0; h < 24; h++) {
    for (let k = 0; k < (h % 3) + 1; k++) {
      p.push({
        at: `${DAY} ${pad(h)}:${pad(10 + k)}:00`,
        gate: SOUTH,
        pass: CYCLE[k % 4]!,
        direction: k % 2 ? 'out' : 'in',
        decision: 'admit',
        reasons: [],
        temp: 36.5,
        staff: shift(h),
      });
    }
  }
  const deny = (at: string, pass: string, reasons: ReasonCode[], extra: Partial<Planned> = {}): Planned => ({
    at: `${DAY} ${at}`,
    gate: SOUTH,
    pass,
    direction: 'in',
    decision: 'deny',
    reasons,
    temp: null,
    staff: shift(Number(at.slice(0, 2))),
    ...extra,
  });
  p.push(
    {
      at: `${DAY} 00:00:00`,
      gate: SOUTH,
      pass: 'HM90002',
      direction: 'in',
      decision: 'admit',
      reasons: [],
      temp: 36.4,
      staff: MORNING,
    },
    deny('08:20:00', '=1+2', ['unknown_pass']),
    deny('08:21:00', '@SUM(A1)', ['unknown_pass']),
    deny('08:22:00', ID_AS_PASS, ['unknown_pass']),
    deny('09:30:00', 'HM90003', ['fever'], {
      temp: 38.2,
      source: 'device',
      alert: 'fever',
      ackAt: `${DAY} 09:45:00`,
    }),
    deny('09:40:00', 'HM90004', ['fever'], {
      temp: 37.9,
      source: 'device',
      alert: 'fever',
      direction: 'out',
    }),
    deny('10:15:00', 'HM90005', ['fever'], { temp: 37.6, source: 'device' }),
    deny('11:05:00', 'HM90003', ['home_observation'], { alert: 'home_observation_exit', direction: 'out' }),
    { ...deny('12:30:00', 'HM90004', ['status_refer']), decision: 'refer' },
    { ...deny('12:31:00', 'HM90004', ['status_refer']), decision: 'refer' },
    deny('13:50:00', 'HM90006', ['fever', 'manual_reading'], {
      temp: 38.0,
      source: 'manual',
      alert: 'fever',
    }),
  );
  for (let k = 0; k < 5; k++) {
    p.push({
      at: `${DAY} 14:0${k}:00`,
      gate: NORTH,
      pass: 'HM90007',
      direction: k % 2 ? 'out' : 'in',
      decision: 'admit',
      reasons: [],
      temp: 36.6,
      staff: NORTH_STAFF,
    });
  }
  p.push({ ...deny('15:10:00', 'HM90001', ['expired_pass']), gate: NORTH, staff: NORTH_STAFF });
  // Either side of the day: must not count in a report of DAY alone.
  p.push(
    {
      at: '2020-02-09 23:59:59',
      gate: SOUTH,
      pass: 'HM90001',
      direction: 'in',
      decision: 'admit',
      reasons: [],
      temp: 36.5,
      staff: ['前一天'],
    },
    {
      at: '2020-02-11 00:00:00',
      gate: SOUTH,
      pass: 'HM90001',
      direction: 'out',
      decision: 'admit',
      reasons: [],
      temp: 36.5,
      staff: ['后一天'],
    },
  );
  return p.sort((a, b) => a.at.localeCompare(b.at));
}

export const PLAN: readonly Planned[] = plan();
export const ON_DAY: readonly Planned[] = PLAN.filter((e) => e.at.startsWith(DAY));

/** Expected figures for DAY, read off the plan (optionally for one gate). */
export function expected(gate?: string) {
  const rows = ON_DAY.filter((e) => !gate || e.gate === gate);
  const count = (f: (e: Planned) => boolean): number => rows.filter(f).length;
  const fever = (e: Planned): boolean => e.decision === 'deny' && e.reasons.includes('fever');
  const reasonTally = (d: Decision): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const e of rows.filter((x) => x.decision === d))
      for (const r of e.reasons) out[r] = (out[r] ?? 0) + 1;
    return out;
  };
  return {
    total: rows.length,
    admitted: count((e) => e.decision === 'admit'),
    denied: count((e) => e.decision === 'deny'),
    referred: count((e) => e.decision === 'refer'),
    in: count((e) => e.direction === 'in'),
    out: count((e) => e.direction === 'out'),
    fevers: count(fever),
    acknowledged: count((e) => fever(e) && e.alert === 'fever' && !!e.ackAt),
    open: count((e) => fever(e) && e.alert === 'fever' && !e.ackAt),
    noAlert: count((e) => fever(e) && !e.alert),
    deniedByReason: reasonTally('deny'),
    referredByReason: reasonTally('refer'),
    perHour: Array.from({ length: 24 }, (_, h) => count((e) => Number(e.at.slice(11, 13)) === h)),
    staff: [...new Set(rows.flatMap((e) => e.staff))].sort(),
  };
}
