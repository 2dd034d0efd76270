/**
 * Roster queries: compound, buildings, households, residents, passes, status scheme.
 * Statements are prepared once per store; the pass lookup is on the scan hot path.
 */
import type { GateRule, ResidencyType } from '../../shared/domain';
import type { StatusInfo } from '../../shared/contract';
import type { IdGenerator } from '../core/ids';
import type { Db } from './db';

export type RosterInput = {
  building: string;
  unit: string;
  room: string;
  name: string;
  phone: string;
  idNumber: string;
  residency: ResidencyType;
  passNumber: string;
  status: string;
};

export type PassFacts = {
  passId: string;
  passStatus: 'active' | 'revoked';
  validFrom: string | null;
  validUntil: string | null;
};

export type ResidentFacts = {
  residentId: string;
  name: string;
  residency: ResidencyType;
  phone: string;
  householdId: string;
  building: string;
  unit: string;
  room: string;
  statusCode: string;
  statusRule: GateRule;
  status: StatusInfo;
};

/** Everything a scan needs, from one indexed query: the pass, its holder and the holder's status. */
const SUBJECT_COLUMNS = `r.id AS residentId, r.name, r.residency, r.phone, h.id AS householdId, b.name AS building,
  h.unit, h.room, s.code, s.label_zh, s.label_en, s.colour, s.gate_rule, s.severity`;
const SUBJECT_JOINS = `JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id
  JOIN status_scheme s ON s.code = r.status_code`;

type SubjectRow = Omit<ResidentFacts, 'statusCode' | 'statusRule' | 'status'> & StatusRow;

type StatusRow = { code: string; label_zh: string; label_en: string; colour: string; gate_rule: GateRule; severity: number };

export class RosterStore {
  private readonly passByNumber;
  private readonly residentById;

  constructor(private readonly db: Db) {
    this.passByNumber = db.prepare<[string], SubjectRow & { pass_id: string; pass_status: 'active' | 'revoked'; valid_from: string | null; valid_until: string | null }>(
      `SELECT p.id AS pass_id, p.status AS pass_status, p.valid_from, p.valid_until, ${SUBJECT_COLUMNS}
         FROM pass p JOIN resident r ON r.id = p.resident_id ${SUBJECT_JOINS} WHERE p.number = ?`,
    );
    this.residentById = db.prepare<[string], SubjectRow>(`SELECT ${SUBJECT_COLUMNS} FROM resident r ${SUBJECT_JOINS} WHERE r.id = ?`);
  }

  ensureCompound(c: { compoundId: string; compoundName: string; gateId: string; gateName: string; now: string }): void {
    this.db
      .prepare('INSERT INTO compound (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name')
      .run(c.compoundId, c.compoundName, c.now);
    this.db
      .prepare('INSERT INTO gate (id, compound_id, name) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name')
      .run(c.gateId, c.compoundId, c.gateName);
  }

  /** The pass with this number and its holder, or null when no pass has it. */
  findPass(number: string): { pass: PassFacts; resident: ResidentFacts } | null {
    const row = this.passByNumber.get(number);
    if (!row) return null;
    return {
      pass: { passId: row.pass_id, passStatus: row.pass_status, validFrom: row.valid_from, validUntil: row.valid_until },
      resident: toFacts(row),
    };
  }

  resident(residentId: string): ResidentFacts | null {
    const row = this.residentById.get(residentId);
    return row ? toFacts(row) : null;
  }

  statuses(): StatusInfo[] {
    const scheme = this.activeScheme();
    return this.db
      .prepare<[string], StatusRow>('SELECT * FROM status_scheme WHERE scheme = ? ORDER BY sort')
      .all(scheme)
      .map(toStatusInfo);
  }

  /** Codes and labels (zh and en) of the active scheme, for matching a spreadsheet's 状态 column. */
  statusLookup(): { codes: Set<string>; labels: Map<string, string> } {
    const rows = this.db
      .prepare<[string], StatusRow>('SELECT * FROM status_scheme WHERE scheme = ?')
      .all(this.activeScheme());
    const labels = new Map<string, string>();
    for (const r of rows) {
      labels.set(r.label_zh, r.code);
      labels.set(r.label_en.toLowerCase(), r.code);
    }
    return { codes: new Set(rows.map((r) => r.code)), labels };
  }

  activeScheme(): string {
    return this.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'status_scheme'").get()?.value ?? 'yijingyuan9';
  }

  buildings(compoundId: string): string[] {
    return this.db
      .prepare<[string], { name: string }>('SELECT name FROM building WHERE compound_id = ?')
      .all(compoundId)
      .map((r) => r.name)
      .sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }));
  }

  counts(): { households: number; residents: number; passes: number } {
    const count = (table: string): number =>
      this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
    return { households: count('household'), residents: count('resident'), passes: count('pass') };
  }

  search(q: { building?: string; room?: string; name?: string }, limit = 50): ResidentFacts[] {
    return this.db
      .prepare<Record<string, string | number | null>, SubjectRow>(
        `SELECT ${SUBJECT_COLUMNS} FROM resident r ${SUBJECT_JOINS}
          WHERE (@building IS NULL OR b.name = @building)
            AND (@room IS NULL OR h.room = @room)
            AND (@name IS NULL OR instr(r.name, @name) > 0)
          ORDER BY b.name, h.unit, h.room, r.name LIMIT @limit`,
      )
      .all({ building: q.building || null, room: q.room || null, name: q.name || null, limit })
      .map(toFacts);
  }

  /**
   * Makes the compound's roster equal to `rows`: households, residents and passes are matched by
   * their natural keys (building+unit+room, household+name, pass number) so ids stay stable across
   * re-imports; whatever the file no longer lists is removed. The caller owns the transaction.
   */
  replaceRoster(
    compoundId: string,
    rows: readonly RosterInput[],
    now: string,
    newId: IdGenerator,
    opts: { removeMissing: boolean } = { removeMissing: true },
  ): { households: number } {
    const db = this.db;
    const severity = new Map(
      db.prepare<[], { code: string; severity: number }>('SELECT code, severity FROM status_scheme').all().map((r) => [r.code, r.severity]),
    );
    const getBuilding = db.prepare<[string, string], { id: string }>('SELECT id FROM building WHERE compound_id = ? AND name = ?');
    const addBuilding = db.prepare('INSERT INTO building (id, compound_id, name) VALUES (?, ?, ?)');
    const getHousehold = db.prepare<[string, string, string], { id: string }>('SELECT id FROM household WHERE building_id = ? AND unit = ? AND room = ?');
    const addHousehold = db.prepare('INSERT INTO household (id, building_id, unit, room, status_code, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const setHouseholdStatus = db.prepare('UPDATE household SET status_code = ?, updated_at = ? WHERE id = ?');
    const upsertResident = db.prepare<[string, string, string, string, string, string, string, string], { id: string }>(
      `INSERT INTO resident (id, household_id, name, residency, phone, id_number, status_code, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(household_id, name) DO UPDATE SET residency = excluded.residency, phone = excluded.phone,
         id_number = excluded.id_number, status_code = excluded.status_code, updated_at = excluded.updated_at
       RETURNING id`,
    );
    const upsertPass = db.prepare(
      `INSERT INTO pass (id, number, resident_id, status, issued_at) VALUES (?, ?, ?, 'active', ?)
       ON CONFLICT(number) DO UPDATE SET resident_id = excluded.resident_id`,
    );

    const buildingIds = new Map<string, string>();
    const householdStatus = new Map<string, string>();
    const keptResidents = new Set<string>();
    const keptPasses = new Set<string>();
    for (const row of rows) {
      let buildingId = buildingIds.get(row.building) ?? getBuilding.get(compoundId, row.building)?.id;
      if (!buildingId) {
        buildingId = newId();
        addBuilding.run(buildingId, compoundId, row.building);
      }
      buildingIds.set(row.building, buildingId);
      let householdId = getHousehold.get(buildingId, row.unit, row.room)?.id;
      if (!householdId) {
        householdId = newId();
        addHousehold.run(householdId, buildingId, row.unit, row.room, row.status, now);
      }
      // A household shows the most severe status among its members on the map.
      const prev = householdStatus.get(householdId);
      if (!prev || (severity.get(row.status) ?? 0) > (severity.get(prev) ?? 0)) householdStatus.set(householdId, row.status);
      const resident = upsertResident.get(newId(), householdId, row.name, row.residency, row.phone, row.idNumber, row.status, now);
      if (!resident) throw new Error('resident upsert returned no row');
      keptResidents.add(resident.id);
      if (row.passNumber) {
        upsertPass.run(newId(), row.passNumber, resident.id, now);
        keptPasses.add(row.passNumber);
      }
    }
    for (const [id, code] of householdStatus) setHouseholdStatus.run(code, now, id);
    if (opts.removeMissing) this.removeMissing(compoundId, keptResidents, keptPasses);
    return { households: householdStatus.size };
  }

  private removeMissing(compoundId: string, keptResidents: ReadonlySet<string>, keptPasses: ReadonlySet<string>): void {
    const db = this.db;

    const residentsHere = db
      .prepare<[string], { id: string }>(
        `SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id WHERE b.compound_id = ?`,
      )
      .all(compoundId);
    const dropPass = db.prepare('DELETE FROM pass WHERE resident_id = ?');
    const dropPassByNumber = db.prepare('DELETE FROM pass WHERE id = ?');
    const dropResident = db.prepare('DELETE FROM resident WHERE id = ?');
    const passesOf = db.prepare<[string], { id: string; number: string }>('SELECT id, number FROM pass WHERE resident_id = ?');
    for (const { id } of residentsHere) {
      if (keptResidents.has(id)) {
        for (const p of passesOf.all(id)) {
          if (!keptPasses.has(p.number)) dropPassByNumber.run(p.id);
        }
        continue;
      }
      dropPass.run(id);
      dropResident.run(id);
    }
    db.prepare(
      `DELETE FROM household WHERE id NOT IN (SELECT household_id FROM resident)
         AND building_id IN (SELECT id FROM building WHERE compound_id = ?)`,
    ).run(compoundId);
    db.prepare('DELETE FROM building WHERE compound_id = ? AND id NOT IN (SELECT building_id FROM household)').run(compoundId);
  }
}

function toFacts(r: SubjectRow): ResidentFacts {
  const status = toStatusInfo(r);
  return {
    residentId: r.residentId,
    name: r.name,
    residency: r.residency,
    phone: r.phone,
    householdId: r.householdId,
    building: r.building,
    unit: r.unit,
    room: r.room,
    statusCode: status.code,
    statusRule: status.rule,
    status,
  };
}

function toStatusInfo(r: StatusRow): StatusInfo {
  return { code: r.code, labelZh: r.label_zh, labelEn: r.label_en, colour: r.colour, rule: r.gate_rule };
}
