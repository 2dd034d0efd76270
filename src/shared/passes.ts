/**
 * Contract schemas for the household status map, vehicles, signed temporary passes and household
 * presence (issue 4 items 4, 5, 6, 8). No Node, no DOM: shared by the core and the UI.
 */
import { z } from 'zod';
import { Decision, Direction, ReasonCode, ResidencyType } from './domain';

const IsoTime = z.string().datetime({ offset: true });
const Id = z.string().min(1).max(64);

export const StatusEntry = z.object({ code: z.string(), labelZh: z.string(), labelEn: z.string(), colour: z.string() });
export type StatusEntry = z.infer<typeof StatusEntry>;

export const SchemeInfo = z.object({ id: z.string(), statuses: z.array(StatusEntry) });
export type SchemeInfo = z.infer<typeof SchemeInfo>;

export const MapHousehold = z.object({
  id: z.string(),
  unit: z.string(),
  room: z.string(),
  /** The household's status code; shown as "other" when it is not in the scheme on display. */
  status: z.string(),
  members: z.number().int(),
});
export type MapHousehold = z.infer<typeof MapHousehold>;

export const StatusMap = z.object({
  scheme: z.string(),
  activeScheme: z.string(),
  schemes: z.array(SchemeInfo),
  /** Households per status code of the scheme on display, plus `other` for the rest. */
  counts: z.record(z.string(), z.number().int()),
  other: z.number().int(),
  total: z.number().int(),
  buildings: z.array(z.object({ name: z.string(), households: z.array(MapHousehold) })),
});
export type StatusMap = z.infer<typeof StatusMap>;

export const StatusMapInput = z.object({ scheme: z.string().max(32).optional() }).strict();

export const OutsideMember = z.object({ residentId: z.string(), name: z.string(), since: IsoTime, gateId: z.string() });
export type OutsideMember = z.infer<typeof OutsideMember>;

export const HouseholdQuota = z
  .object({
    maxOuts: z.number().int().min(1).max(50),
    windowHours: z.number().int().min(1).max(24 * 30),
    /** Refuse the exit instead of warning. */
    enforce: z.boolean(),
  })
  .strict();
export type HouseholdQuota = z.infer<typeof HouseholdQuota>;

export const HouseholdPresence = z.object({
  householdId: z.string(),
  outside: z.array(OutsideMember),
  quota: HouseholdQuota.nullable(),
  /** Exits admitted inside the quota window (all members, this and other gates). */
  outsInWindow: z.number().int(),
  overQuota: z.boolean(),
});
export type HouseholdPresence = z.infer<typeof HouseholdPresence>;

export const StatusChange = z.object({
  at: IsoTime,
  from: z.string().nullable(),
  to: z.string(),
  source: z.enum(['committee', 'gate']),
  note: z.string(),
  staff: z.array(z.string()),
});
export type StatusChange = z.infer<typeof StatusChange>;

export const HouseholdDetail = z.object({
  id: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  status: z.string(),
  members: z.array(z.object({ residentId: z.string(), name: z.string(), residency: ResidencyType, status: z.string() })),
  history: z.array(StatusChange),
  recentChecks: z.array(
    z.object({
      id: z.string(),
      occurredAt: IsoTime,
      direction: Direction,
      residentName: z.string().nullable(),
      decision: Decision,
      reasons: z.array(ReasonCode),
      temperatureC: z.number().nullable(),
    }),
  ),
  presence: HouseholdPresence,
  plates: z.array(z.string()),
});
export type HouseholdDetail = z.infer<typeof HouseholdDetail>;

export const SetHouseholdStatusInput = z
  .object({ householdId: Id, status: z.string().min(1).max(32), note: z.string().max(200) })
  .strict();

/** Plates as typed by a guard: normalised and checked by the core (vehicles/plate.ts). */
const PlateInput = z.string().min(1).max(32);

export const VehicleReason = z.enum(['unknown_vehicle', 'occupant_denied', 'occupant_referred', 'cancelled']);
export type VehicleReason = z.infer<typeof VehicleReason>;

export const VehicleKind = z.enum(['resident', 'visitor', 'unknown']);
export type VehicleKind = z.infer<typeof VehicleKind>;

export const VehicleOccupant = z.object({
  entryId: z.string(),
  residentName: z.string().nullable(),
  household: z.string().nullable(),
  decision: Decision,
  reasons: z.array(ReasonCode),
  temperatureC: z.number().nullable(),
});
export type VehicleOccupant = z.infer<typeof VehicleOccupant>;

export const VehicleEventView = z.object({
  id: z.string(),
  plate: z.string(),
  direction: Direction,
  kind: VehicleKind,
  household: z.string().nullable(),
  note: z.string(),
  /** Null while the guard is still checking the occupants. */
  decision: Decision.nullable(),
  reasons: z.array(VehicleReason),
  occupants: z.array(VehicleOccupant),
  occurredAt: IsoTime,
  closedAt: IsoTime.nullable(),
  staff: z.array(z.string()),
});
export type VehicleEventView = z.infer<typeof VehicleEventView>;

export const PlateLookup = z.object({
  plate: z.string(),
  newEnergy: z.boolean(),
  household: z.object({ id: z.string(), label: z.string() }).nullable(),
});
export type PlateLookup = z.infer<typeof PlateLookup>;

export const TempPassPurpose = z.enum(['shopping', 'medical', 'work', 'errand', 'other']);
export type TempPassPurpose = z.infer<typeof TempPassPurpose>;

export const TempPassView = z.object({
  id: z.string(),
  householdId: z.string(),
  household: z.string(),
  purpose: TempPassPurpose,
  issuedAt: IsoTime,
  expiresAt: IsoTime,
  gateId: z.string(),
  state: z.enum(['valid', 'expired', 'revoked']),
  revokedAt: IsoTime.nullable(),
  revokeReason: z.string().nullable(),
  payload: z.string(),
});
export type TempPassView = z.infer<typeof TempPassView>;

export const TempPassKeyInfo = z.object({
  /** `local_root`: this gate made its own committee root (demo); `committee`: a committee key was installed. */
  mode: z.enum(['local_root', 'committee']),
  canIssue: z.boolean(),
  committeeFingerprint: z.string(),
  gateFingerprint: z.string().nullable(),
});
export type TempPassKeyInfo = z.infer<typeof TempPassKeyInfo>;

export const passesContract = {
  'statusMap:get': { input: StatusMapInput, output: StatusMap },
  /** The committee's choice of colour scheme for the map (and for roster imports). */
  'statusMap:setScheme': { input: z.object({ scheme: z.string().min(1).max(32) }).strict(), output: StatusMap },
  'household:detail': { input: z.object({ householdId: Id }).strict(), output: HouseholdDetail },
  'household:setStatus': { input: SetHouseholdStatusInput, output: HouseholdDetail },
  /** `before`: as it stood before this instant (the scan card passes its check's start). */
  'presence:household': { input: z.object({ householdId: Id, before: IsoTime.optional() }).strict(), output: HouseholdPresence },
  'presence:getQuota': { input: z.object({}).strict(), output: HouseholdQuota.nullable() },
  'presence:setQuota': { input: z.object({ quota: HouseholdQuota.nullable() }).strict(), output: HouseholdQuota.nullable() },
  'vehicle:lookup': { input: z.object({ plate: PlateInput }).strict(), output: PlateLookup },
  'vehicle:start': {
    input: z
      .object({
        plate: PlateInput,
        direction: Direction,
        /** Registers an unknown plate as a visitor vehicle of this household. */
        visitor: z.object({ householdId: Id, note: z.string().max(200) }).strict().optional(),
      })
      .strict(),
    output: VehicleEventView,
  },
  /** Logs an unknown vehicle turned away at the gate. */
  'vehicle:refuse': { input: z.object({ plate: PlateInput, direction: Direction }).strict(), output: VehicleEventView },
  'vehicle:current': { input: z.object({}).strict(), output: VehicleEventView.nullable() },
  'vehicle:finish': { input: z.object({}).strict(), output: VehicleEventView },
  'vehicle:cancel': { input: z.object({}).strict(), output: VehicleEventView.nullable() },
  'vehicle:list': { input: z.object({ limit: z.number().int().min(1).max(200) }).strict(), output: z.array(VehicleEventView) },
  'vehicle:addResident': { input: z.object({ householdId: Id, plate: PlateInput }).strict(), output: PlateLookup },
  'vehicle:removeResident': { input: z.object({ plate: PlateInput }).strict(), output: z.object({ removed: z.boolean() }) },
  'tempPass:issue': {
    input: z
      .object({ householdId: Id, purpose: TempPassPurpose, validHours: z.number().int().min(1).max(72) })
      .strict(),
    output: TempPassView,
  },
  'tempPass:list': { input: z.object({ limit: z.number().int().min(1).max(200) }).strict(), output: z.array(TempPassView) },
  'tempPass:revoke': { input: z.object({ id: Id, reason: z.string().max(200) }).strict(), output: TempPassView },
  /** A 58 or 80 mm receipt page with the QR, for the OS print dialog. */
  'tempPass:printHtml': {
    input: z.object({ id: Id, widthMm: z.union([z.literal(58), z.literal(80)]) }).strict(),
    output: z.object({ fileName: z.string(), html: z.string() }),
  },
  'tempPass:keyInfo': { input: z.object({}).strict(), output: TempPassKeyInfo },
} as const;

/**
 * Reads without personal data, listed in the contract's `publicMethods`. Reads that show (masked)
 * names, households or a household's status (the status map marks who is under observation) stay
 * behind sign-in.
 */
export const passesPublicMethods = ['presence:getQuota', 'tempPass:keyInfo'] as const;

export const passesEvents = {
  /** A household's status changed (committee or gate); maps refresh it. */
  'household:changed': z.object({ householdId: z.string() }),
  'vehicle:updated': VehicleEventView.nullable(),
} as const;
