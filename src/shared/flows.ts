/**
 * Schemas of the gate's other flows (issue 4 items 1-3 and 7): visitors, parcels, returnees under
 * home observation, and the alerts a guard must acknowledge. Field rules here are the boundary
 * checks; the core re-checks what needs the roster or the clock (ID check digit, arrival date).
 */
import { z } from 'zod';
import { CheckStage, ReadingSource, ReasonCode } from './domain';
import { Approval } from './staff';

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const IsoTime = z.string().datetime({ offset: true });
const Id = z.string().min(1).max(64);
const Text = (max: number) => z.string().trim().min(1).max(max);

/** Mainland mobile numbers; a landline with area code is accepted where a household has one. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const Mobile = z.string().trim().regex(MOBILE_RE, 'expected an 11-digit mobile number');
export const Phone = z.string().trim().regex(PHONE_RE, 'expected a mobile number or a landline with area code');
/** 18 characters; the check digit is verified in the core (it needs today's date for the birth date). */
export const IdNumberInput = z
  .string()
  .trim()
  .regex(/^[1-9]\d{16}[\dXx]$/, 'expected an 18-character ID number');

export const AlertKind = z.enum(['fever', 'home_observation_exit', 'revoked_pass', 'forged_pass', 'visitor_overstay']);
export type AlertKind = z.infer<typeof AlertKind>;

export const Alert = z.object({
  id: z.string(),
  kind: AlertKind,
  entryId: z.string(),
  household: z.string().nullable(),
  residentName: z.string().nullable(),
  raisedAt: IsoTime,
  acknowledgedAt: IsoTime.nullable(),
  /** Staff ids on duty when it was acknowledged; empty while open. */
  acknowledgedBy: z.array(z.string()),
});
export type Alert = z.infer<typeof Alert>;

export const ReadingInput = z.object({ celsius: z.number().finite().min(-50).max(150), source: ReadingSource }).strict();
export type ReadingInput = z.infer<typeof ReadingInput>;

/** Where a decision rests on a temperature, the outcome a flow form shows (nothing is saved until final). */
export const ScreenStage = CheckStage;

export const HouseholdView = z.object({
  id: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  underObservation: z.boolean(),
});
export type HouseholdView = z.infer<typeof HouseholdView>;

// ---------- visitors ----------

export const VisitorPolicyName = z.enum(['none', 'relatives_confirmed']);
export type VisitorPolicyName = z.infer<typeof VisitorPolicyName>;

/** 直系亲属 (lineal relatives) plus spouse, as committees apply it; siblings and others are not. */
export const Relation = z.enum(['spouse', 'parent', 'child', 'grandparent', 'grandchild', 'sibling', 'other']);
export type Relation = z.infer<typeof Relation>;
export const DIRECT_RELATIONS: readonly Relation[] = ['spouse', 'parent', 'child', 'grandparent', 'grandchild'];

export const ConfirmOutcome = z.enum(['confirmed', 'declined', 'no_answer']);
export type ConfirmOutcome = z.infer<typeof ConfirmOutcome>;

export const Confirmation = z
  .object({
    numberCalled: Phone,
    answeredBy: Text(32),
    outcome: ConfirmOutcome,
  })
  .strict();
export type Confirmation = z.infer<typeof Confirmation>;

export const VisitorInput = z
  .object({
    name: Text(32),
    phone: Mobile,
    idNumber: IdNumberInput,
    householdId: Id,
    relation: Relation,
    /** Null when no call was made (policy "no visitors", or the guard refused before calling). */
    confirmation: Confirmation.nullable(),
    readings: z.array(ReadingInput).max(5),
  })
  .strict();
export type VisitorInput = z.infer<typeof VisitorInput>;

export const VisitorView = z.object({
  id: z.string(),
  passNumber: z.string().nullable(),
  name: z.string(),
  phone: z.string(),
  idNumber: z.string(),
  household: z.object({ id: z.string(), building: z.string(), unit: z.string(), room: z.string() }),
  relation: Relation,
  decision: z.enum(['admit', 'deny']),
  reasons: z.array(ReasonCode),
  temperatureC: z.number().nullable(),
  arrivedAt: IsoTime.nullable(),
  expiresAt: IsoTime.nullable(),
  leftAt: IsoTime.nullable(),
  overstayed: z.boolean(),
});
export type VisitorView = z.infer<typeof VisitorView>;

export const VisitorOutcome = z.object({
  stage: ScreenStage,
  reasons: z.array(ReasonCode),
  /** Set once the attempt is logged (admitted or refused); null while a reading is still needed. */
  visitor: VisitorView.nullable(),
});
export type VisitorOutcome = z.infer<typeof VisitorOutcome>;

export const VisitorCheckoutInput = z.union([
  z.object({ visitorId: Id }).strict(),
  z.object({ passNumber: z.string().trim().min(1).max(32) }).strict(),
]);

// ---------- parcels ----------

export const ParcelInput = z
  .object({
    carrier: Text(20),
    /** The last digits of the tracking or order number, enough to tell two parcels apart on a shelf. */
    trackingTail: z.string().trim().regex(/^\d{3,6}$/, 'expected the last 3-6 digits'),
    householdId: Id,
    shelfSlot: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{1,8}$/, 'expected a shelf slot like A3'),
  })
  .strict();
export type ParcelInput = z.infer<typeof ParcelInput>;

export const ParcelView = z.object({
  id: z.string(),
  carrier: z.string(),
  trackingTail: z.string(),
  household: z.object({ id: z.string(), building: z.string(), unit: z.string(), room: z.string() }),
  shelfSlot: z.string(),
  receivedAt: IsoTime,
  collectedAt: IsoTime.nullable(),
  handover: z.enum(['pickup', 'door_drop']).nullable(),
  deliveredBy: z.string().nullable(),
  /** Waiting, and the household is under home observation: a volunteer carries it to the door. */
  doorDrop: z.boolean(),
});
export type ParcelView = z.infer<typeof ParcelView>;

export const ParcelsForPass = z.object({
  household: HouseholdView,
  residentName: z.string(),
  parcels: z.array(ParcelView),
});
export type ParcelsForPass = z.infer<typeof ParcelsForPass>;

// ---------- returnees and home observation ----------

export const Transport = z.enum(['train', 'plane', 'car', 'bus', 'ship', 'other']);
export type Transport = z.infer<typeof Transport>;
export const Symptom = z.enum(['fever', 'cough', 'fatigue', 'sore_throat', 'short_breath', 'diarrhoea']);
export type Symptom = z.infer<typeof Symptom>;

export const ReturneeInput = z
  .object({
    /** The roster member who returned, or null for someone not on the roster yet. */
    residentId: Id.nullable(),
    householdId: Id,
    name: Text(32),
    idNumber: IdNumberInput,
    phone: Mobile,
    originProvince: Text(16),
    originCity: Text(16),
    keyRegion: z.boolean(),
    transport: Transport,
    transportNo: z.string().trim().max(16),
    arrivedOn: LocalDate,
    symptoms: z.array(Symptom).max(6),
    readings: z.array(ReadingInput).max(5),
  })
  .strict();
export type ReturneeInput = z.infer<typeof ReturneeInput>;

export const ObservationView = z.object({
  id: z.string(),
  returneeId: z.string(),
  residentId: z.string().nullable(),
  name: z.string(),
  household: z.object({ id: z.string(), building: z.string(), unit: z.string(), room: z.string() }),
  startedAt: IsoTime,
  endsAt: IsoTime,
  /** The last local day of observation, as the form prints it. */
  lastDay: LocalDate,
  endedEarly: z.boolean(),
});
export type ObservationView = z.infer<typeof ObservationView>;

export const ReturneeOutcome = z.object({
  stage: ScreenStage,
  reasons: z.array(ReasonCode),
  returneeId: z.string().nullable(),
  /** Null when nothing was saved yet, or when arrival + the observation period is already past. */
  observation: ObservationView.nullable(),
});
export type ReturneeOutcome = z.infer<typeof ReturneeOutcome>;

/** Ending early is the committee's exception: a second person confirms with their PIN (dual control). */
export const EndObservationInput = z
  .object({ observationId: Id, reason: z.string().trim().min(2).max(200), approval: Approval })
  .strict();

export const FlowSettings = z.object({
  visitorPolicy: VisitorPolicyName,
  visitorPassHours: z.number(),
  observationDays: z.number().int(),
  storeFullIdNumbers: z.boolean(),
});
export type FlowSettings = z.infer<typeof FlowSettings>;

const Empty = z.object({}).strict();

/** The flows' block of the gate contract, spread into `gateContract`. */
export const flowsContract = {
  'flows:settings': { input: Empty, output: FlowSettings },
  'flows:household': { input: z.object({ householdId: Id }).strict(), output: HouseholdView },
  'visitor:register': { input: VisitorInput, output: VisitorOutcome },
  'visitor:inside': { input: Empty, output: z.array(VisitorView) },
  'visitor:checkout': { input: VisitorCheckoutInput, output: VisitorView },
  'parcel:dropoff': { input: ParcelInput, output: ParcelView },
  'parcel:waiting': { input: Empty, output: z.array(ParcelView) },
  'parcel:forPass': { input: z.object({ code: z.string().trim().min(1).max(512) }).strict(), output: ParcelsForPass },
  'parcel:collect': {
    input: z.object({ code: z.string().trim().min(1).max(512), parcelIds: z.array(Id).min(1).max(50) }).strict(),
    output: z.array(ParcelView),
  },
  'parcel:doorDelivered': {
    input: z.object({ parcelId: Id, deliveredBy: Text(32) }).strict(),
    output: ParcelView,
  },
  'returnee:register': { input: ReturneeInput, output: ReturneeOutcome },
  'observation:list': { input: Empty, output: z.array(ObservationView) },
  'observation:endEarly': { input: EndObservationInput, output: ObservationView },
  'alert:list': { input: Empty, output: z.array(Alert) },
  'alert:ack': { input: z.object({ id: Id }).strict(), output: Alert },
} as const;

/** Pushed when an alert is handled, so every screen of the gate stops its alarm together. */
export const flowsEvents = { 'alert:acknowledged': Alert } as const;

/**
 * Callable with nobody signed in (sign-in gating, issue 6): the flows' settings only. Visitors inside,
 * parcels waiting, home observations, alerts and households name residents, so they need a sign-in.
 */
export const flowsPublicMethods = ['flows:settings'] as const;
