/**
 * A fictional compound for demos, tests and training guards without touching anyone's real data.
 * Deterministic (seeded PRNG) so screenshots, e2e tests and bug reports all see the same people.
 * Every name, phone and ID number is made up; ID numbers carry valid check characters so they
 * exercise the same validation as a real roster.
 */
import { idCheckChar } from './idNumber';
import type { RosterRow } from './parseRoster';

export const DEMO_STATUS_CODES = [
  'black',
  'yellow',
  'blue',
  'orange_yellow',
  'pink',
  'brown',
  'purple',
  'orange',
  'green',
] as const;

/** Non-black households per status; the remaining ~80 % are 'black' (at home), as on a real map. */
const STATUS_HOUSEHOLDS: Record<Exclude<(typeof DEMO_STATUS_CODES)[number], 'black'>, number> = {
  yellow: 24,
  blue: 6,
  orange_yellow: 12,
  pink: 5,
  brown: 8,
  purple: 10,
  orange: 4,
  green: 6,
};

const SEED = 20200210;
const BUILDINGS = 8;
const UNITS = 3;
const FLOORS = 15;
const ROOMS_PER_FLOOR = 2;
const HOUSEHOLDS_PER_BUILDING = 45;
const RENTED_SHARE = 0.15;
const NO_PASS_SHARE = 0.03;

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹');
const GIVEN = [
  ...Array.from('伟芳敏静丽强磊军洋勇艳杰娟涛明超霞平刚文斌宇浩晨欣怡'),
  ...['秀英', '桂英', '建华', '子涵', '梓轩', '雨桐', '思远', '国强', '美玲', '志刚', '晓燕', '佳怡'],
];
/** Pudong, Changning, Putuo, Xuhui, Hongkou, then a few other provinces for renters and spouses. */
const REGIONS = ['310115', '310105', '310107', '310104', '310109', '320102', '330106', '420102', '510104'];

/** mulberry32: tiny, fast and good enough for made-up names; the point is only that it is seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDemoRoster(): RosterRow[] {
  const rnd = prng(SEED);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };

  type Home = { building: string; unit: string; room: string };
  const homes: Home[] = [];
  for (let b = 1; b <= BUILDINGS; b++) {
    const all: Home[] = [];
    for (let u = 1; u <= UNITS; u++) {
      for (let f = 1; f <= FLOORS; f++) {
        for (let r = 1; r <= ROOMS_PER_FLOOR; r++) {
          all.push({ building: String(b), unit: String(u), room: String(f * 100 + r) });
        }
      }
    }
    const key = (h: Home): number => Number(h.unit) * 10_000 + Number(h.room);
    homes.push(
      ...shuffle(all)
        .slice(0, HOUSEHOLDS_PER_BUILDING)
        .sort((x, y) => key(x) - key(y)),
    );
  }

  const statusOf: string[] = homes.map(() => 'black');
  const order = shuffle(homes.map((_, i) => i));
  let next = 0;
  for (const [code, n] of Object.entries(STATUS_HOUSEHOLDS)) {
    for (let k = 0; k < n; k++) statusOf[order[next++]!] = code;
  }

  const usedIds = new Set<string>();
  const idNumber = (year: number, female: boolean): string => {
    for (;;) {
      const date = `${year}${String(int(1, 12)).padStart(2, '0')}${String(int(1, 28)).padStart(2, '0')}`;
      const seq = int(0, 99) * 10 + (female ? int(0, 4) * 2 : int(0, 4) * 2 + 1); // odd = male
      const first17 = `${pick(REGIONS)}${date}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCheckChar(first17);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const usedPhones = new Set<string>();
  const phone = (): string => {
    for (;;) {
      const p = `139${String(int(0, 99_999_999)).padStart(8, '0')}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };

  const rows: RosterRow[] = [];
  let passSeq = 0;
  homes.forEach((home, h) => {
    const size = pick([1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4]);
    const rented = rnd() < RENTED_SHARE;
    const family = pick(SURNAMES);
    for (let m = 0; m < size; m++) {
      // Members 0–1 are adults; later ones a child (same surname) or an elderly parent.
      const child = m >= 2 && rnd() < 0.6;
      const year = m < 2 ? int(1950, 1995) : child ? int(2000, 2018) : int(1935, 1955);
      const surname = m === 1 || (rented && !child) ? pick(SURNAMES) : family;
      const female = rnd() < 0.5;
      const givenName = pick(GIVEN);
      rows.push({
        row: rows.length + 2,
        ...home,
        name: surname + givenName,
        phone: year >= 2010 ? '' : phone(), // young children have no phone of their own
        idNumber: idNumber(year, female),
        residency: rented ? 'renter' : 'owner',
        passNumber: rnd() < NO_PASS_SHARE ? '' : `HM${String(++passSeq).padStart(5, '0')}`,
        status: statusOf[h]!,
      });
    }
  });
  return rows;
}

export const DEMO_CSV_HEADERS = [
  '楼号',
  '单元',
  '室',
  '姓名',
  '电话',
  '身份证号',
  '户籍',
  '出入证号',
  '状态',
] as const;

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with BOM and CRLF, which is what Excel on a Chinese-locale PC opens without garbling. */
export function demoRosterCsv(): string {
  const lines = [DEMO_CSV_HEADERS.join(',')];
  for (const r of generateDemoRoster()) {
    const residency = r.residency === 'owner' ? '业主' : '租户';
    const cells = [
      r.building,
      r.unit,
      r.room,
      r.name,
      r.phone,
      r.idNumber,
      residency,
      r.passNumber,
      r.status,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
