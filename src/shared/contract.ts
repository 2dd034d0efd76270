/**
 * The gate API: the only thing that crosses the process boundary between the core and the UI.
 * Both transports (Electron IPC via preload, WebSocket in the headless host) carry exactly these
 * methods and events, and the core validates every input and output against these schemas.
 */
import { z } from 'zod';
import {
  CheckStage,
  Decision,
  Direction,
  GateRule,
  ReadingSource,
  ReasonCode,
  ResidencyType,
  ScanSource,
} from './domain';
import { CommitteeFormInput, EntryExportInput, ExportJobEvent, XlsxFile } from './exportJobs';
import {
  ChecklistDay,
  ChecklistDayInput,
  ChecklistItem,
  ChecklistTickInput,
  ChecklistTickRecord,
  DailyReport,
  DailyReportInput,
  DisinfectionInput,
  DisinfectionRecord,
} from './report';
import { Approval, staffEvents, staffMethods } from './staff';
import { passesContract, passesEvents, passesPublicMethods } from './passes';
import { syncContract, syncEvents, syncPublicMethods } from './sync';
import { Alert, flowsContract, flowsEvents, flowsPublicMethods } from './flows';
import { privacyContract, privacyPublicMethods } from './privacy';
import { clockContract, clockEvents, clockPublicMethods } from './clock';
import { diskContract, diskErrorCodes, diskEvents, diskPublicMethods } from './disk';
import { configContract, configEvents, configPublicMethods } from './configStatus';

const IsoTime = z.string().datetime({ offset: true });
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Id = z.string().min(1).max(64);
const Empty = z.object({}).strict();

export const StatusInfo = z.object({
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  colour: z.string(),
  rule: GateRule,
});
export type StatusInfo = z.infer<typeof StatusInfo>;

export const GateInfo = z.object({
  compound: z.object({ id: z.string(), name: z.string() }),
  gate: z.object({ id: z.string(), name: z.string() }),
  locale: z.enum(['zh-CN', 'en']),
  timeZone: z.string(),
  policy: z.object({ feverThresholdC: z.number(), measureOnExit: z.boolean() }),
  thermometer: z.object({ kind: z.enum(['simulated', 'device', 'none']), label: z.string() }),
  direction: Direction,
  statuses: z.array(StatusInfo),
  buildings: z.array(z.string()),
  counts: z.object({ households: z.number().int(), residents: z.number().int(), passes: z.number().int() }),
});
export type GateInfo = z.infer<typeof GateInfo>;

export const Reading = z.object({ celsius: z.number(), source: ReadingSource, at: IsoTime, deviceId: z.string() });
export type Reading = z.infer<typeof Reading>;

export const HouseholdRef = z.object({
  id: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
});
export type HouseholdRef = z.infer<typeof HouseholdRef>;

/** A check as the guard screen shows it. Names and numbers are already masked by the core. */
export const CheckView = z.object({
  checkId: z.string(),
  stage: CheckStage,
  direction: Direction,
  credential: z.string(),
  household: HouseholdRef.nullable(),
  resident: z.object({ name: z.string(), residency: ResidencyType }).nullable(),
  status: StatusInfo.nullable(),
  readings: z.array(Reading),
  temperatureC: z.number().nullable(),
  reasons: z.array(ReasonCode),
  alert: z.boolean(),
  insideSince: IsoTime.nullable(),
  /** Watch notes on this household in force today (issue 6). */
  watchNotes: z.array(z.object({ note: z.string(), until: LocalDate.nullable() })).optional(),
  /** Set once the check is committed to the entry log; a final stage always has it. */
  entryId: z.string().nullable(),
  startedAt: IsoTime,
});
export type CheckView = z.infer<typeof CheckView>;

export const ResidentSummary = z.object({
  residentId: z.string(),
  name: z.string(),
  residency: ResidencyType,
  household: HouseholdRef,
  status: z.string(),
  phoneLast4: z.string(),
});
export type ResidentSummary = z.infer<typeof ResidentSummary>;

export const LogFilter = z
  .object({
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    decision: Decision.optional(),
    building: z.string().max(32).optional(),
  })
  .strict();
export type LogFilter = z.infer<typeof LogFilter>;

export const LogRow = z.object({
  id: z.string(),
  occurredAt: IsoTime,
  gateId: z.string(),
  direction: Direction,
  credential: z.string(),
  building: z.string().nullable(),
  room: z.string().nullable(),
  residentName: z.string().nullable(),
  decision: Decision,
  reasons: z.array(ReasonCode),
  temperatureC: z.number().nullable(),
  readingSource: ReadingSource.nullable(),
  staff: z.array(z.string()),
});
export type LogRow = z.infer<typeof LogRow>;

export const ImportProblem = z.object({
  row: z.number().int(),
  field: z.string(),
  code: z.enum([
    'bad_id_number',
    'duplicate_pass',
    'unknown_status',
    'missing_room',
    'missing_building',
    'missing_name',
    'bad_residency',
    'bad_phone',
    'bad_plate',
    'duplicate_plate',
  ]),
  value: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportReport = z.object({
  fileName: z.string(),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  problems: z.array(ImportProblem),
  imported: z.boolean(),
  importedRows: z.number().int(),
  households: z.number().int(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** Alerts (fever, observation breach, revoked/forged pass, overstay) live with the flows: src/shared/flows.ts. */
export { Alert } from './flows';

export const DeviceHealth = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['thermometer', 'scanner']),
  protocol: z.string(),
  state: z.enum(['connected', 'connecting', 'disconnected', 'disabled', 'invalid']),
  /** Why the device is not green, as a code the UI words (deviceMessage.<code>). */
  message: z.enum(['not_found', 'open_failed', 'disconnected', 'no_response', 'stuck', 'invalid_config', 'hid_unavailable']).nullable(),
  path: z.string().nullable(),
  lastReadingAt: IsoTime.nullable(),
  lastValue: z.string().nullable(),
  stuck: z.boolean(),
  counters: z.object({
    frames: z.number().int(),
    garbageBytes: z.number().int(),
    badChecksums: z.number().int(),
    exceptions: z.number().int(),
    ioErrors: z.number().int(),
    reconnects: z.number().int(),
  }),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;

export const InvalidDevice = z.object({ index: z.number().int(), id: z.string().nullable(), message: z.string() });

export const PortListing = z.object({
  serial: z.array(
    z.object({
      path: z.string(),
      manufacturer: z.string().optional(),
      serialNumber: z.string().optional(),
      vendorId: z.string().optional(),
      productId: z.string().optional(),
    }),
  ),
  hid: z.array(
    z.object({
      path: z.string(),
      vendorId: z.string(),
      productId: z.string(),
      product: z.string().optional(),
      manufacturer: z.string().optional(),
      serialNumber: z.string().optional(),
      isBarcodeScanner: z.boolean(),
    }),
  ),
  errors: z.array(z.string()),
});
export type PortListing = z.infer<typeof PortListing>;

export const CameraSettings = z.object({ enabled: z.boolean(), deviceId: z.string().max(256).nullable() });
export type CameraSettings = z.infer<typeof CameraSettings>;

/** Device entries cross the boundary as plain JSON; the core validates each one itself. */
const DeviceEntries = z.array(z.record(z.string(), z.unknown())).max(32);

/** 30 MB of base64 is ~22 MB of file: far above a committee's roster, far below a memory problem. */
const MAX_IMPORT_BASE64 = 30 * 1024 * 1024;

export const gateContract = {
  'gate:info': { input: Empty, output: GateInfo },
  /** The direction scans from a serial or HID scanner take (wedge scans carry their own). */
  'gate:setDirection': { input: z.object({ direction: Direction }).strict(), output: z.object({ direction: Direction }) },
  'device:status': { input: Empty, output: z.array(DeviceHealth) },
  /** Webcam QR: whether it is on and which camera (a browser media device id). */
  'camera:get': { input: Empty, output: CameraSettings },
  'camera:set': { input: CameraSettings.strict(), output: CameraSettings },
  'device:listPorts': { input: Empty, output: PortListing },
  'device:config': {
    input: Empty,
    output: z.object({ devices: z.array(z.record(z.string(), z.unknown())), invalid: z.array(InvalidDevice), protocols: z.array(z.object({ id: z.string(), kind: z.enum(['thermometer', 'scanner']), transport: z.enum(['serial', 'hid']), defaultBaud: z.number().nullable() })) }),
  },
  'device:test': {
    input: z.object({ device: z.record(z.string(), z.unknown()), timeoutMs: z.number().int().min(500).max(15_000) }).strict(),
    output: z.object({ ok: z.boolean(), reading: z.string().nullable(), message: z.string().nullable() }),
  },
  'device:saveConfig': {
    input: z.object({ devices: DeviceEntries }).strict(),
    output: z.object({ saved: z.boolean(), invalid: z.array(InvalidDevice) }),
  },
  'check:scan': {
    input: z
      .object({ code: z.string().min(1).max(512), source: ScanSource, direction: Direction })
      .strict(),
    output: CheckView,
  },
  'check:lookup': { input: z.object({ residentId: Id, direction: Direction }).strict(), output: CheckView },
  'check:manualReading': {
    input: z.object({ celsius: z.number().finite().min(-50).max(150) }).strict(),
    output: CheckView.nullable(),
  },
  'check:current': { input: Empty, output: CheckView.nullable() },
  'check:dismiss': { input: Empty, output: CheckView.nullable() },
  'device:simulateReading': {
    input: z.object({ celsius: z.number().finite().min(-50).max(150) }).strict(),
    output: CheckView.nullable(),
  },
  'roster:search': {
    input: z
      .object({
        building: z.string().max(32).optional(),
        room: z.string().max(32).optional(),
        name: z.string().max(64).optional(),
      })
      .strict(),
    output: z.array(ResidentSummary),
  },
  'roster:import': {
    input: z
      .object({
        fileName: z.string().min(1).max(255),
        dataBase64: z.string().max(MAX_IMPORT_BASE64),
        mode: z.enum(['all_or_nothing', 'valid_rows']),
        dryRun: z.boolean(),
      })
      .strict(),
    output: ImportReport,
  },
  'log:list': {
    input: z
      .object({ filter: LogFilter, limit: z.number().int().min(1).max(500), offset: z.number().int().min(0) })
      .strict(),
    output: z.object({ rows: z.array(LogRow), total: z.number().int() }),
  },
  'log:exportCsv': {
    input: z.object({ filter: LogFilter }).strict(),
    output: z.object({ fileName: z.string(), content: z.string(), rows: z.number().int() }),
  },
  /** Manager's desk: the daily report (每日一报) and its printable page and workbook. */
  'report:daily': { input: DailyReportInput, output: DailyReport },
  'report:html': { input: DailyReportInput, output: z.object({ fileName: z.string(), html: z.string() }) },
  'report:xlsx': { input: DailyReportInput, output: XlsxFile },
  /** The committee's forms (集中排摸信息表, 来(返)沪人员健康登记表, 小区防疫管控记录表). */
  'forms:xlsx': { input: CommitteeFormInput, output: XlsxFile },
  'checklist:day': { input: ChecklistDayInput, output: ChecklistDay },
  'checklist:history': { input: ChecklistDayInput, output: z.array(ChecklistTickRecord) },
  'checklist:tick': { input: ChecklistTickInput, output: ChecklistItem },
  'disinfection:add': { input: DisinfectionInput, output: DisinfectionRecord },
  'disinfection:list': {
    input: z.object({ from: LocalDate, to: LocalDate }).strict(),
    output: z.array(DisinfectionRecord),
  },
  /** Streaming entry-log export to a folder; progress and the end arrive as `export:progress`. */
  'export:start': { input: EntryExportInput, output: z.object({ jobId: z.string() }) },
  'export:cancel': { input: z.object({ jobId: z.string().min(1).max(64) }).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** Where exports go unless staff choose another folder (e.g. a USB stick's mount point). */
  'export:defaults': { input: Empty, output: z.object({ folder: z.string() }) },
  // Visitors, parcels, returnees and home observation, alerts (issue 4; src/shared/flows.ts).
  ...flowsContract,
  // Staff, shifts, dual control, audit (issue 6; src/shared/staff.ts).
  ...staffMethods,
  /** A resident without their pass, found by name/room: needs the second person's PIN (replaces a bare check:lookup). */
  'check:manualEntry': {
    input: z.object({ residentId: Id, direction: Direction, reason: z.string().trim().min(1).max(200), approval: Approval }).strict(),
    output: CheckView,
  },
  // Status map, vehicles, signed temporary passes, household presence (issue 4; src/shared/passes.ts).
  ...passesContract,
  // Committee hub sync: status, enrolment, sync now, quarantine (issue 5; src/shared/sync.ts).
  ...syncContract,
  // Residents' privacy: dual-control reveal, keyed ID lookup, retention purge (issue 6; src/shared/privacy.ts).
  ...privacyContract,
  // Trusted time and system clock faults (issue 8 item 6; src/shared/clock.ts).
  ...clockContract,
  // The data folder's disk: how full, what is paused (issue 8; src/shared/disk.ts).
  ...diskContract,
  // Running on the last good config.json (decision 0022; src/shared/configStatus.ts).
  ...configContract,
} as const;

export type GateContract = typeof gateContract;
export type MethodName = keyof GateContract;
export const methodNames = Object.keys(gateContract) as MethodName[];
export type MethodInput<M extends MethodName> = z.infer<GateContract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<GateContract[M]['output']>;

/**
 * Sign-in gating (issue 6): every method requires a signed-in staff member at this post unless it is
 * listed here. `publicMethods` are what anyone at the kiosk may call before signing in: reads that
 * neither write nor show residents' personal or health data (the sign-in screen covers the app, so
 * nothing else needs them). `signInMethods` are the writes that get someone signed in. api/dispatch.ts
 * enforces it with the `not_signed_in` error; test/integration/staff/gating.test.ts pins the public
 * set and walks every other method unauthenticated.
 */
export const publicMethods: ReadonlySet<MethodName> = new Set<MethodName>([
  'gate:info',
  'device:status',
  'camera:get',
  'check:current',
  'staff:session',
  ...passesPublicMethods,
  ...syncPublicMethods,
  ...flowsPublicMethods,
  ...privacyPublicMethods,
  ...clockPublicMethods,
  ...diskPublicMethods,
  ...configPublicMethods,
]);
export const signInMethods: ReadonlySet<MethodName> = new Set<MethodName>(['staff:signIn', 'staff:signInCard', 'staff:firstAdmin']);
export function requiresSignIn(method: MethodName): boolean {
  return !publicMethods.has(method) && !signInMethods.has(method);
}

/** Events the core pushes to the UI. */
export const gateEvents = {
  'check:updated': CheckView.nullable(),
  'reading:received': Reading,
  'alert:raised': Alert,
  'log:appended': z.object({ id: z.string() }),
  'device:status': z.array(DeviceHealth),
  'export:progress': ExportJobEvent,
  'gate:direction': z.object({ direction: Direction }),
  ...passesEvents,
  ...flowsEvents,
  ...staffEvents,
  ...syncEvents,
  ...clockEvents,
  ...diskEvents,
  ...configEvents,
} as const;
export type GateEvents = typeof gateEvents;
export type EventName = keyof GateEvents;
export const eventNames = Object.keys(gateEvents) as EventName[];
export type EventPayload<E extends EventName> = z.infer<GateEvents[E]>;

export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_method',
  'not_found',
  'conflict',
  'bad_file',
  'unavailable',
  'forbidden',
  'internal',
  /** The method writes and nobody is signed in at this post. */
  'not_signed_in',
  // A full or nearly full disk (src/shared/disk.ts).
  ...diskErrorCodes,
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const GateErrorShape = z.object({ code: ErrorCode, message: z.string(), details: z.unknown().optional() });
export type GateErrorShape = z.infer<typeof GateErrorShape>;

/** Every call answers with this envelope, so a transport never has to serialise an Error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: GateErrorShape };

/** The typed client both transports implement and the renderer uses. */
export type GateClient = {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Error thrown by clients when the core answers `ok: false`. */
export class GateCallError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(shape: GateErrorShape) {
    super(shape.message);
    this.name = 'GateCallError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

/** WebSocket frames of the headless host. */
export const WsRequest = z
  .object({ id: z.number().int().nonnegative(), method: z.string().max(64), input: z.unknown() })
  .strict();
export type WsRequest = z.infer<typeof WsRequest>;
export type WsServerFrame =
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: EventName; payload: unknown }
  | { kind: 'error'; error: GateErrorShape };

export const IPC_PREFIX = 'gate:';
export const ipcChannel = (method: MethodName): string => `${IPC_PREFIX}call:${method}`;
export const ipcEventChannel = 'gate:event';
