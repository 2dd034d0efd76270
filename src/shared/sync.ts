/**
 * The sync protocol between a gate and the committee hub: every request and response body, in zod,
 * imported by both sides so a field cannot drift. No Node, no DOM: the hub (Node) and the gate core
 * validate with the same schemas.
 *
 * Cursors are server positions "<xid8>.<change id>" (see docs/decisions/0011): opaque to the gate,
 * compared only to tell whether it has caught up.
 */
import { z } from 'zod';
import { Decision, Direction, GateRule, ReadingSource, ResidencyType } from './domain';

export const SYNC_PROTOCOL_VERSION = 1;
/** The most events one push may carry; the hub refuses larger batches whole. */
export const MAX_PUSH_BATCH = 1000;
export const MAX_PULL_LIMIT = 5000;
/** A gate whose clock differs from the hub's by more than this is flagged (Actual Budget uses 5 min). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const IsoTime = z.string().datetime({ offset: true });
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a UUID');
// Control characters are refused in ids: they end up in URLs, CSV cells and log lines.
// eslint-disable-next-line no-control-regex
export const Id = z.string().min(1).max(64).regex(/^[^\u0000-\u001f\u007f/]+$/, 'no control characters or slashes');
const Text = (max: number) => z.string().max(max);

/** The hub's columns behind a cursor: xid8 (unsigned 64-bit) and a bigint change id. */
const XID8_MAX = 18446744073709551615n;
const INT8_MAX = 9223372036854775807n;
const CURSOR_PATTERN = /^\d{1,20}\.\d{1,20}$/;
export const Cursor = z
  .string()
  .regex(CURSOR_PATTERN, 'expected a cursor "<xid>.<id>"')
  // Twenty digits pass the pattern but not the database's cast (a 500 where a 400 is due). zod runs
  // this check even when the pattern failed, so it must not call BigInt on anything else.
  .refine((c) => {
    if (!CURSOR_PATTERN.test(c)) return true;
    const [x = '0', i = '0'] = c.split('.');
    return BigInt(x) <= XID8_MAX && BigInt(i) <= INT8_MAX;
  }, 'cursor out of range');
export type Cursor = z.infer<typeof Cursor>;
export const INITIAL_CURSOR: Cursor = '0.0';

/** Orders two cursors (-1, 0, 1); BigInt because an xid8 can exceed 2^53. */
export function compareCursor(a: Cursor, b: Cursor): number {
  const [ax = '0', ai = '0'] = a.split('.');
  const [bx = '0', bi = '0'] = b.split('.');
  const x = BigInt(ax) - BigInt(bx);
  if (x !== 0n) return x < 0n ? -1 : 1;
  const i = BigInt(ai) - BigInt(bi);
  return i === 0n ? 0 : i < 0n ? -1 : 1;
}

// ── Events (gate → hub) ──────────────────────────────────────────────────────────────────────

/**
 * Kinds the log carries: checks, alerts, and issue 4's records with their follow-ups (each of its
 * own append-only table at the gate, src/main/sync/sources.ts).
 */
export const EVENT_KINDS = [
  'entry',
  'alert',
  'visitor',
  'visitor_departure',
  'parcel',
  'parcel_handover',
  'returnee',
  'observation',
  'observation_end',
  'audit_head',
] as const;
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

const Celsius = z.number().min(-50).max(150);
export const SyncReading = z.object({ celsius: Celsius, source: ReadingSource, at: IsoTime, deviceId: Text(128) }).strict();

/**
 * One entry-log row as it leaves the gate. Reason codes are plain strings, not the gate's enum: a
 * hub one release behind must not permanently refuse (and so quarantine) a newer gate's events.
 */
export const EntryPayload = z
  .object({
    direction: Direction,
    credential: Text(128),
    credentialSource: Text(32),
    passId: Text(64).nullable(),
    residentId: Text(64).nullable(),
    householdId: Text(64).nullable(),
    building: Text(64).nullable(),
    unit: Text(64).nullable(),
    room: Text(64).nullable(),
    residentNameMasked: Text(64).nullable(),
    statusCode: Text(40).nullable(),
    tempObjectC: Celsius.nullable(),
    tempBodyC: Celsius.nullable(),
    tempDevice: Text(128).nullable(),
    tempSource: ReadingSource.nullable(),
    readings: z.array(SyncReading).max(50),
    decision: Decision,
    reasons: z.array(z.string().regex(/^[a-z_]{1,40}$/)).max(20),
    alert: z.boolean(),
    staff: z.array(Text(64)).max(10),
    startedAt: IsoTime,
    recordedAt: IsoTime,
  })
  .strict();
export type EntryPayload = z.infer<typeof EntryPayload>;

const EventBase = {
  /** The gate's UUIDv7 entry id: with the gate id, the idempotency key. */
  id: Uuid,
  gateId: Id,
  /**
   * The source's increasing key (entry_log.seq for entries): strictly increasing per gate and kind
   * source, so the gate keeps one acknowledged high-water mark per source (src/main/sync/sources.ts).
   */
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Gate clock; stored, never used for ordering or cursors. */
  occurredAt: IsoTime,
};
/**
 * An alert raised at the gate (fever, home observation exit, …) or its acknowledgement by staff.
 * Kinds are plain strings for the same reason as reason codes: an older hub must not refuse them.
 */
export const AlertPayload = z
  .object({
    action: z.enum(['raised', 'acknowledged']),
    alertId: Text(64),
    alertKind: z.string().regex(/^[a-z_]{1,40}$/).nullable(),
    entryId: Text(64).nullable(),
    at: IsoTime,
    staff: z.array(Text(64)).max(10),
  })
  .strict();
export type AlertPayload = z.infer<typeof AlertPayload>;

// ── Issue 4's records (visitors, parcels, returnees, home observation) ──
// Personal numbers leave the gate masked, always: the hub refuses a phone or ID number without its
// asterisks, so a gate that got this wrong has the event quarantined rather than the number stored.
// Names leave masked like the entry log's resident names. Plain strings where the gate has enums
// (relation, transport, …), for the same reason as reason codes.
const Masked = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => v.length === 0 || v.includes('*'), 'must be masked (a full number never leaves the gate)');
const Code = z.string().regex(/^[a-z_]{1,40}$/);
const Staff = z.array(Text(64)).max(10);
const Address = { householdId: Text(64), building: Text(64), unit: Text(64), room: Text(64) };

/** A visitor registered at the gate, admitted or turned away (their departure is its own event). */
export const VisitorPayload = z
  .object({
    passNumber: Text(64).nullable(),
    nameMasked: Text(64),
    phoneMasked: Masked(32),
    idNumberMasked: Masked(32),
    ...Address,
    relation: Code,
    confirmNumberMasked: Masked(32).nullable(),
    confirmAnsweredByMasked: Text(64).nullable(),
    confirmOutcome: z.enum(['confirmed', 'declined', 'no_answer']).nullable(),
    temperatureC: Celsius.nullable(),
    decision: z.enum(['admit', 'deny']),
    reasons: z.array(Code).max(20),
    entryId: Text(64),
    registeredAt: IsoTime,
    arrivedAt: IsoTime.nullable(),
    passExpiresAt: IsoTime.nullable(),
    staff: Staff,
  })
  .strict();
export const VisitorDeparturePayload = z
  .object({ visitorId: Text(64), entryId: Text(64), leftAt: IsoTime, overstayed: z.boolean(), staff: Staff })
  .strict();
export const ParcelPayload = z
  .object({ carrier: Text(64), trackingTail: Text(32), ...Address, shelfSlot: Text(32), receivedAt: IsoTime, staff: Staff })
  .strict();
export const ParcelHandoverPayload = z
  .object({
    parcelId: Text(64),
    handover: z.enum(['pickup', 'door_drop']),
    handedAt: IsoTime,
    residentId: Text(64).nullable(),
    deliveredBy: Text(64).nullable(),
    staff: Staff,
  })
  .strict();
export const ReturneePayload = z
  .object({
    residentId: Text(64).nullable(),
    ...Address,
    entryId: Text(64),
    nameMasked: Text(64),
    idNumberMasked: Masked(32),
    phoneMasked: Masked(32),
    originProvince: Text(64),
    originCity: Text(64),
    origin: Text(128),
    keyRegion: z.boolean(),
    transport: Code,
    transportNo: Text(32),
    arrivedOn: LocalDate,
    symptoms: Text(500),
    temperatureC: Celsius.nullable(),
    observationStart: LocalDate,
    observationEnd: LocalDate,
    registeredAt: IsoTime,
    registeredBy: Text(64),
    staff: Staff,
  })
  .strict();
/** `endsAt` is the end as the gate knew it when it pushed; an early end also arrives as observation_end. */
export const ObservationPayload = z
  .object({
    returneeId: Text(64),
    residentId: Text(64).nullable(),
    householdId: Text(64),
    startedAt: IsoTime,
    endsAt: IsoTime,
    staff: Staff,
  })
  .strict();
export const ObservationEndPayload = z
  .object({ observationId: Text(64), endedAt: IsoTime, reason: Text(500), approvedBy: Text(64).nullable(), staff: Staff })
  .strict();

// ── The audit trail's daily chain head (issue 6 item 4, decision 0013) ──
/** A SHA-256 hash as the gate's audit log writes it: 64 lowercase hex digits. */
export const AuditHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash (64 lowercase hex digits)');
/**
 * The gate's audit chain at the end of a completed local day: the day's last record (its seq, hash
 * and time) and how many records the day had. The hub keeps the first head it gets per gate and day
 * and flags any later one that differs (the chain was rewritten at the gate).
 */
export const AuditHeadPayload = z
  .object({
    day: LocalDate,
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    hash: AuditHash,
    at: IsoTime,
    records: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
export type AuditHeadPayload = z.infer<typeof AuditHeadPayload>;

/** New kinds: add a member here and a source in src/main/sync/sources.ts (its comment says how). */
export const SyncEvent = z.discriminatedUnion('kind', [
  z.object({ ...EventBase, kind: z.literal('entry'), payload: EntryPayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('alert'), payload: AlertPayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('visitor'), payload: VisitorPayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('visitor_departure'), payload: VisitorDeparturePayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('parcel'), payload: ParcelPayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('parcel_handover'), payload: ParcelHandoverPayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('returnee'), payload: ReturneePayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('observation'), payload: ObservationPayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('observation_end'), payload: ObservationEndPayload }).strict(),
  z.object({ ...EventBase, kind: z.literal('audit_head'), payload: AuditHeadPayload }).strict(),
]);
export type SyncEvent = z.infer<typeof SyncEvent>;

export const PushRequest = z
  .object({ sentAt: IsoTime, events: z.array(SyncEvent).min(1).max(MAX_PUSH_BATCH) })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

/** Sent only after COMMIT: everything up to highestSeq in this batch is durable on the hub. */
export const PushResponse = z.object({
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  highestSeq: z.number().int().min(0),
  receivedAt: IsoTime,
});
export type PushResponse = z.infer<typeof PushResponse>;

/** Every error body. `index` names the first bad event of a refused push so the gate can quarantine it. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), index: z.number().int().min(0).optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// ── Enrolment ────────────────────────────────────────────────────────────────────────────────

export const EnrolRequest = z.object({ code: z.string().min(6).max(64), gateClock: IsoTime.optional() }).strict();
export const EnrolResponse = z.object({
  token: z.string().min(32),
  committeeId: Id,
  compoundId: Id,
  gateId: Id,
  gateName: z.string(),
  compoundName: z.string(),
  hubTime: IsoTime,
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

export const EnrolmentIssued = z.object({ code: z.string(), expiresAt: IsoTime, qr: z.string() });
export type EnrolmentIssued = z.infer<typeof EnrolmentIssued>;

/** The QR a committee prints for a gate: the hub address and the one-time code, nothing secret beyond it. */
export function enrolmentQr(hubUrl: string, code: string, compoundId: string, gateId: string): string {
  const q = new URLSearchParams({ v: String(SYNC_PROTOCOL_VERSION), hub: hubUrl, code, compound: compoundId, gate: gateId });
  return `gatehouse://enrol?${q.toString()}`;
}

export function parseEnrolmentQr(qr: string): { hubUrl: string; code: string; compoundId: string; gateId: string } | null {
  if (!qr.startsWith('gatehouse://enrol?')) return null;
  const q = new URLSearchParams(qr.slice('gatehouse://enrol?'.length));
  const hubUrl = q.get('hub');
  const code = q.get('code');
  if (!hubUrl || !code) return null;
  return { hubUrl, code, compoundId: q.get('compound') ?? '', gateId: q.get('gate') ?? '' };
}

// ── Pull (hub → gate) ────────────────────────────────────────────────────────────────────────

export const ChangesQuery = z
  .object({
    cursor: Cursor.default(INITIAL_CURSOR),
    revocations: Cursor.default(INITIAL_CURSOR),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(1000),
  })
  .strict();

export const Revocation = z.object({ passId: z.string(), passNumber: z.string(), revokedAt: IsoTime, reason: z.string() });
export type Revocation = z.infer<typeof Revocation>;

const Deleted = { deleted: z.boolean() };
const S = z.string();
export const RosterChange = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('status'), code: S, scheme: S, labelZh: S, labelEn: S, colour: S, rule: GateRule, severity: z.number().int(), sort: z.number().int(), ...Deleted }),
  z.object({ entity: z.literal('setting'), key: z.literal('status_scheme'), value: z.string(), ...Deleted }),
  z.object({ entity: z.literal('building'), id: S, name: S, ...Deleted }),
  z.object({ entity: z.literal('household'), id: S, buildingId: S, unit: S, room: S, status: S, ...Deleted }),
  // idNumberMasked: masked by the hub; a gate never needs the full number (PIPL minimisation).
  z.object({ entity: z.literal('resident'), id: S, householdId: S, name: S, residency: ResidencyType, phone: S, idNumberMasked: S, status: S, ...Deleted }),
  z.object({
    entity: z.literal('pass'),
    id: S, number: S, residentId: S, status: z.enum(['active', 'revoked']),
    validFrom: IsoTime.nullable(), validUntil: IsoTime.nullable(), issuedAt: IsoTime, ...Deleted,
  }),
]);
export type RosterChange = z.infer<typeof RosterChange>;

export const ChangesResponse = z.object({
  serverTime: IsoTime,
  /** Listed and applied before the roster: a withdrawn pass must stop working first. */
  revocations: z.object({ cursor: Cursor, hasMore: z.boolean(), items: z.array(Revocation) }),
  roster: z.object({ cursor: Cursor, hasMore: z.boolean(), changes: z.array(RosterChange) }),
});
export type ChangesResponse = z.infer<typeof ChangesResponse>;

export const PresenceQuery = z
  .object({ since: Cursor.default(INITIAL_CURSOR), limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(1000) })
  .strict();
export const PresenceItem = z.object({ residentId: z.string(), gateId: z.string(), eventId: z.string(), direction: Direction, occurredAt: IsoTime });
export type PresenceItem = z.infer<typeof PresenceItem>;
export const PresenceResponse = z.object({ cursor: Cursor, hasMore: z.boolean(), items: z.array(PresenceItem) });
export type PresenceResponse = z.infer<typeof PresenceResponse>;

// ── Gate status ──────────────────────────────────────────────────────────────────────────────

export const QuarantinedEvent = z.object({ eventId: z.string(), seq: z.number().int(), reason: z.string().max(500) });
export const GateStatusReport = z
  .object({
    gateClock: IsoTime,
    ackedSeq: z.number().int().min(0),
    backlog: z.number().int().min(0),
    oldestUnsentAgeS: z.number().min(0).nullable(),
    revocationCursor: Cursor,
    rosterCursor: Cursor,
    presenceCursor: Cursor,
    rosterAsOf: IsoTime.nullable(),
    quarantined: z.number().int().min(0),
    quarantine: z.array(QuarantinedEvent).max(50),
  })
  .strict();
export type GateStatusReport = z.infer<typeof GateStatusReport>;

export const GateStatusResponse = z.object({
  serverTime: IsoTime,
  clockSkewMs: z.number(),
  skewed: z.boolean(),
  hub: z.object({ rosterCursor: Cursor, revocationCursor: Cursor }),
});
export type GateStatusResponse = z.infer<typeof GateStatusResponse>;

// ── Committee (admin) ────────────────────────────────────────────────────────────────────────

export const CreateCommittee = z.object({ id: Id, name: z.string().min(1).max(100) }).strict();
export const CreateCompound = z
  .object({ id: Id, name: z.string().min(1).max(100), scheme: z.enum(['yijingyuan9', 'hongqiao5']).default('yijingyuan9') })
  .strict();
export const CreateGate = z
  .object({ id: Id, name: z.string().min(1).max(100), enrolmentTtlHours: z.number().min(0.1).max(720).default(72) })
  .strict();
export const IssueEnrolment = z.object({ enrolmentTtlHours: z.number().min(0.1).max(720).default(72) }).strict();

/** The same row shape as the gate's roster import (src/main/store/roster.ts RosterInput). */
export const RosterRow = z
  .object({
    building: z.string().min(1).max(64),
    unit: z.string().max(64),
    room: z.string().min(1).max(64),
    name: z.string().min(1).max(64),
    phone: z.string().max(32),
    idNumber: z.string().max(32),
    residency: ResidencyType,
    passNumber: z.string().max(64),
    status: z.string().min(1).max(64),
  })
  .strict();
export type RosterRow = z.infer<typeof RosterRow>;
export const RosterUpsert = z
  .object({ rows: z.array(RosterRow).max(100_000), mode: z.enum(['replace', 'merge']).default('replace') })
  .strict();
export const RosterUpsertResult = z.object({ rows: z.number().int(), changed: z.number().int(), removed: z.number().int() });
export type RosterUpsertResult = z.infer<typeof RosterUpsertResult>;

export const StatusChange = z.object({ status: z.string().min(1).max(64) }).strict();
export const RevokePass = z.object({ reason: z.string().max(200).default('') }).strict();
export const StatusDef = z
  .object({
    code: z.string().regex(/^[a-z0-9_]{1,40}$/),
    labelZh: z.string().min(1).max(60),
    labelEn: z.string().min(1).max(100),
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    rule: GateRule,
    severity: z.number().int().min(0).max(100),
  })
  .strict();
export const StatusSchemeUpdate = z.object({ scheme: z.string().regex(/^[a-z0-9_]{1,40}$/), statuses: z.array(StatusDef).max(50).optional() }).strict();

const Int = z.number().int();
export const AdminGate = z.object({
  committeeId: S, compoundId: S, gateId: S, name: S, tokenActive: z.boolean(), lastContactAt: IsoTime.nullable(),
  backlog: Int.nullable(), oldestUnsentAgeS: z.number().nullable(), quarantined: Int.nullable(), hubMaxSeq: Int.nullable(),
  /** Events of each kind the hub holds from this gate (kinds it has none of are left out). */
  eventCounts: z.record(z.string(), Int),
  rosterCursor: Cursor.nullable(), revocationCursor: Cursor.nullable(), hubRosterCursor: Cursor, hubRevocationCursor: Cursor,
  /** How long the oldest roster or revocation change this gate has not taken has been waiting. */
  rosterBehindS: z.number().nullable(),
  clockSkewMs: z.number().nullable(), skewed: z.boolean(), lagging: z.boolean(),
  /** The latest local day whose audit chain head the hub holds from this gate. */
  auditHeadDay: LocalDate.nullable(),
  /** A later head for a day differed from the one stored: the gate's audit trail was rewritten. */
  auditMismatch: z.boolean(),
});
export type AdminGate = z.infer<typeof AdminGate>;

const Passage = z.object({ eventId: S, gateId: S, occurredAt: IsoTime });
export const Review = z.object({
  id: S, committeeId: S, compoundId: S, kind: z.literal('double_in'), residentId: S,
  first: Passage, second: Passage, createdAt: IsoTime,
});
export type Review = z.infer<typeof Review>;

/** A flagged audit chain head: what the hub stored first for the day, and what arrived later. */
const HeadSeen = z.object({ seq: Int, hash: S, at: IsoTime, records: Int });
export const AuditMismatch = z.object({
  committeeId: S, compoundId: S, gateId: S, day: LocalDate, eventId: S,
  stored: HeadSeen, received: HeadSeen, createdAt: IsoTime,
});
export type AuditMismatch = z.infer<typeof AuditMismatch>;

export const ExportQuery = z
  .object({
    committee: Id.optional(), compound: Id.optional(), gate: Id.optional(), from: LocalDate.optional(), to: LocalDate.optional(),
    tz: z.string().max(64).default('Asia/Shanghai'), lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .strict();

// ── Gate contract (kiosk UI ↔ gate core): sync status, enrolment, quarantine ────────────────

export const SyncStateName = z.enum(['not_enrolled', 'idle', 'syncing', 'offline', 'unauthorized', 'error']);
export type SyncStateName = z.infer<typeof SyncStateName>;

/** What the guard and the settings screen show about sync; thresholds come from the gate's config. */
export const SyncStatusView = z.object({
  enrolled: z.boolean(),
  state: SyncStateName,
  hubUrl: z.string().nullable(),
  committeeId: z.string().nullable(),
  enrolledAt: IsoTime.nullable(),
  /** The last round reached the hub. */
  connected: z.boolean(),
  lastPushAt: IsoTime.nullable(),
  lastPullAt: IsoTime.nullable(),
  /** Checks (and other events) not yet acknowledged by the hub. */
  backlog: z.number().int().min(0),
  oldestUnsentAt: IsoTime.nullable(),
  oldestUnsentAgeS: z.number().min(0).nullable(),
  /** Hub time the local roster was complete as of (null before the first pull). */
  rosterAsOf: IsoTime.nullable(),
  /** The gate has every roster change the hub had at the last status report. */
  rosterCurrent: z.boolean().nullable(),
  clockSkewMs: z.number().nullable(),
  skewed: z.boolean(),
  quarantined: z.number().int().min(0),
  lastError: z.object({ step: z.enum(['push', 'pull', 'presence', 'status']), code: z.string(), message: z.string() }).nullable(),
  limits: z.object({ rosterStaleAfterS: z.number(), unsentAlarmAfterS: z.number() }),
  /** Derived here so every screen agrees: roster older than the limit, oldest unsent older than its limit. */
  rosterStale: z.boolean(),
  unsentAlarm: z.boolean(),
});
export type SyncStatusView = z.infer<typeof SyncStatusView>;

/** The enrolment QR's text (gatehouse://enrol?…), or the hub address and the code typed by hand. */
export const SyncEnrolInput = z
  .object({
    qr: z.string().trim().min(1).max(2048).optional(),
    hubUrl: z.string().trim().url().max(512).optional(),
    code: z.string().trim().min(6).max(64).optional(),
  })
  .strict()
  .refine((i) => (i.qr !== undefined) !== (i.hubUrl !== undefined || i.code !== undefined), 'give either the QR text, or the hub address and the code')
  .refine((i) => i.qr !== undefined || (i.hubUrl !== undefined && i.code !== undefined), 'the hub address and the code go together')
  .refine((i) => i.hubUrl === undefined || /^https?:\/\//i.test(i.hubUrl), 'the hub address starts with http:// or https://');
export type SyncEnrolInput = z.infer<typeof SyncEnrolInput>;

export const SyncEnrolResult = z.object({
  hubUrl: z.string(),
  committeeId: z.string(),
  compoundName: z.string(),
  gateName: z.string(),
  status: SyncStatusView,
});

export const QuarantineItem = z.object({
  eventId: z.string(),
  kind: z.string(),
  seq: z.number().int(),
  code: z.string(),
  reason: z.string(),
  quarantinedAt: IsoTime,
});
export type QuarantineItem = z.infer<typeof QuarantineItem>;
export const SyncQuarantineList = z.object({ count: z.number().int().min(0), items: z.array(QuarantineItem) });
export const SyncQuarantineRetry = z.object({ released: z.number().int().min(0), still: z.number().int().min(0) });

/** The sync block of the gate contract (spread into gateContract in contract.ts). */
export const syncContract = {
  /** Enrolled or not, backlog and its oldest age, last push/pull, roster as of, clock skew, quarantine. */
  'sync:status': { input: z.object({}).strict(), output: SyncStatusView },
  /** Enrol with the committee hub: the QR text, or the hub address and code typed in. Starts syncing at once. */
  'sync:enrol': { input: SyncEnrolInput, output: SyncEnrolResult },
  /** One sync round now; 'unavailable' when the hub cannot be reached. */
  'sync:now': { input: z.object({}).strict(), output: SyncStatusView },
  /** Events the hub refused for good, newest first. */
  'sync:quarantine': { input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), output: SyncQuarantineList },
  /** Offers the quarantined events to the hub again (after a hub upgrade, say). */
  'sync:retryQuarantine': { input: z.object({}).strict(), output: SyncQuarantineRetry },
} as const;

/**
 * Allowed without a signed-in member of staff: the sync status only. Quarantined events carry the
 * events' personal data (names, households), so `sync:quarantine` needs a sign-in.
 */
export const syncPublicMethods = ['sync:status'] as const;

export const syncEvents = {
  /** Sent when anything the status shows changes (not for the backlog's age alone). */
  'sync:status': SyncStatusView,
} as const;
