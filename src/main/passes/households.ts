/**
 * The household status map (作战图): households per building coloured by status, the committee's
 * status changes with their history, and one household's detail. Household and resident rows
 * belong to the roster; this module only reads them, except for a committee status change, which
 * sets the household and its members in one transaction with its history row.
 */
import type { StatusInfo } from '../../shared/contract';
import type { GateRule } from '../../shared/domain';
import type { MapHousehold, StatusChange, StatusMap } from '../../shared/passes';
import { GateError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';

export type HouseholdFacts = {
  id: string;
  building: string;
  unit: string;
  room: string;
  label: string;
  statusCode: string;
  status: StatusInfo;
  rule: GateRule;
};

type StatusRow = { code: string; scheme: string; label_zh: string; label_en: string; colour: string; gate_rule: GateRule };

export function householdLabel(h: { building: string; unit: string; room: string }): string {
  return [h.building, h.unit, h.room].filter(Boolean).join('-');
}

export class HouseholdStore {
  private readonly byId;

  constructor(private readonly db: Db) {
    this.byId = db.prepare<[string], { id: string; building: string; unit: string; room: string } & StatusRow>(
      `SELECT h.id, b.name AS building, h.unit, h.room, s.code, s.scheme, s.label_zh, s.label_en, s.colour, s.gate_rule
         FROM household h JOIN building b ON b.id = h.building_id JOIN status_scheme s ON s.code = h.status_code
        WHERE h.id = ?`,
    );
  }

  household(id: string): HouseholdFacts | null {
    const r = this.byId.get(id);
    if (!r) return null;
    return {
      id: r.id,
      building: r.building,
      unit: r.unit,
      room: r.room,
      label: householdLabel(r),
      statusCode: r.code,
      status: { code: r.code, labelZh: r.label_zh, labelEn: r.label_en, colour: r.colour, rule: r.gate_rule },
      rule: r.gate_rule,
    };
  }

  activeScheme(): string {
    return this.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'status_scheme'").get()?.value ?? 'yijingyuan9';
  }

  setScheme(scheme: string): void {
    if (!this.schemeIds().includes(scheme)) throw new GateError('invalid_input', `unknown status scheme: ${scheme}`);
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('status_scheme', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(scheme);
  }

  private schemeIds(): string[] {
    return this.db.prepare<[], { scheme: string }>('SELECT DISTINCT scheme FROM status_scheme ORDER BY scheme').all().map((r) => r.scheme);
  }

  map(compoundId: string, scheme = this.activeScheme()): StatusMap {
    const rows = this.db.prepare<[], StatusRow & { sort: number }>('SELECT * FROM status_scheme ORDER BY scheme, sort').all();
    const schemes = new Map<string, StatusMap['schemes'][number]>();
    for (const r of rows) {
      const s = schemes.get(r.scheme) ?? { id: r.scheme, statuses: [] };
      s.statuses.push({ code: r.code, labelZh: r.label_zh, labelEn: r.label_en, colour: r.colour });
      schemes.set(r.scheme, s);
    }
    const shown = schemes.get(scheme);
    if (!shown) throw new GateError('invalid_input', `unknown status scheme: ${scheme}`);
    const counts: Record<string, number> = Object.fromEntries(shown.statuses.map((s) => [s.code, 0]));
    let other = 0;
    const households = this.db
      .prepare<[string], { building: string } & MapHousehold>(
        `SELECT b.name AS building, h.id, h.unit, h.room, h.status_code AS status,
                (SELECT count(*) FROM resident r WHERE r.household_id = h.id) AS members
           FROM household h JOIN building b ON b.id = h.building_id WHERE b.compound_id = ?`,
      )
      .all(compoundId);
    const buildings = new Map<string, MapHousehold[]>();
    for (const { building, ...h } of households) {
      if (h.status in counts) counts[h.status] = (counts[h.status] ?? 0) + 1;
      else other += 1;
      const list = buildings.get(building) ?? [];
      list.push(h);
      buildings.set(building, list);
    }
    const byName = (a: string, b: string): number => a.localeCompare(b, 'zh-CN', { numeric: true });
    return {
      scheme,
      activeScheme: this.activeScheme(),
      schemes: [...schemes.values()],
      counts,
      other,
      total: households.length,
      buildings: [...buildings.entries()]
        .sort(([a], [b]) => byName(a, b))
        .map(([name, list]) => ({
          name,
          households: list.sort((a, b) => byName(a.unit, b.unit) || byName(a.room, b.room)),
        })),
    };
  }

  members(householdId: string): { residentId: string; name: string; residency: 'owner' | 'renter'; status: string }[] {
    return this.db
      .prepare<[string], { residentId: string; name: string; residency: 'owner' | 'renter'; status: string }>(
        'SELECT id AS residentId, name, residency, status_code AS status FROM resident WHERE household_id = ? ORDER BY name',
      )
      .all(householdId);
  }

  history(householdId: string, limit = 50): StatusChange[] {
    return this.db
      .prepare<[string, number], { changed_at: string; from_status: string | null; to_status: string; source: 'committee' | 'gate'; note: string; staff_json: string }>(
        'SELECT * FROM household_status_history WHERE household_id = ? ORDER BY seq DESC LIMIT ?',
      )
      .all(householdId, limit)
      .map((r) => ({ at: r.changed_at, from: r.from_status, to: r.to_status, source: r.source, note: r.note, staff: JSON.parse(r.staff_json) as string[] }));
  }

  /**
   * A committee (or gate flow) sets a household's status and the change is recorded. A committee
   * change applies to every member too, so the gate rule of the new colour holds for each person at
   * once; a gate-derived change (`members: false`) only recolours the household on the map.
   */
  setStatus(
    c: { householdId: string; status: string; note: string; source: 'committee' | 'gate'; staff: readonly string[]; at: string; members?: boolean },
    newId: IdGenerator,
  ): void {
    const current = this.household(c.householdId);
    if (!current) throw new GateError('not_found', 'no such household');
    const inScheme = this.db
      .prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM status_scheme WHERE code = ? AND scheme = ?')
      .get(c.status, this.activeScheme());
    if (!inScheme?.n) throw new GateError('invalid_input', `status ${c.status} is not in the active scheme`);
    this.db.transaction(() => {
      this.db.prepare('UPDATE household SET status_code = ?, updated_at = ? WHERE id = ?').run(c.status, c.at, c.householdId);
      if (c.members !== false) {
        this.db.prepare('UPDATE resident SET status_code = ?, updated_at = ? WHERE household_id = ?').run(c.status, c.at, c.householdId);
      }
      this.db
        .prepare(
          `INSERT INTO household_status_history (id, household_id, from_status, to_status, source, note, staff_json, changed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(newId(), c.householdId, current.statusCode, c.status, c.source, c.note, JSON.stringify(c.staff), c.at);
    })();
  }
}
