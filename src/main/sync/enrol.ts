/**
 * Enrolment: trade the committee's one-time code (typed, or scanned from its QR) for the gate's
 * long-lived token, and store it. The gate's configured compound and gate must be the ones the code
 * was issued for: its entries carry those ids, and the hub refuses entries for any other gate.
 */
import { parseEnrolmentQr } from '../../shared/sync';
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import type { Db } from '../store/db';
import { HubClient, type FetchLike } from './hubClient';
import { SyncStateStore } from './state';

export class EnrolError extends Error {
  constructor(
    readonly code: 'bad_qr' | 'mismatch' | 'missing_hub',
    message: string,
  ) {
    super(message);
    this.name = 'EnrolError';
  }
}

export type EnrolOptions = {
  db: Db;
  /** From the gate's config.json: what this kiosk is. */
  compoundId: string;
  gateId: string;
  /** Either the QR payload, or the hub address and the code as typed. */
  qr?: string;
  hubUrl?: string;
  code?: string;
  fetch?: FetchLike;
  clock?: Clock;
  timeoutMs?: number;
};

export type Enrolled = { hubUrl: string; committeeId: string; compoundId: string; gateId: string; compoundName: string; gateName: string };

/** Throws EnrolError for a bad QR or a mismatch, HubRequestError for what the hub said. */
export async function enrolGate(opts: EnrolOptions): Promise<Enrolled> {
  const clock = opts.clock ?? systemClock;
  let hubUrl = opts.hubUrl;
  let code = opts.code;
  if (opts.qr !== undefined) {
    const qr = parseEnrolmentQr(opts.qr.trim());
    if (!qr) throw new EnrolError('bad_qr', 'this QR code is not a Gatehouse enrolment code');
    // Checked before calling the hub, so a code meant for another gate is not used up here.
    if ((qr.compoundId && qr.compoundId !== opts.compoundId) || (qr.gateId && qr.gateId !== opts.gateId)) {
      throw new EnrolError('mismatch', `this code is for ${qr.compoundId}/${qr.gateId}; this gate is ${opts.compoundId}/${opts.gateId}`);
    }
    hubUrl = qr.hubUrl;
    code = qr.code;
  }
  if (!hubUrl || !code) throw new EnrolError('missing_hub', 'need the hub address and the enrolment code');
  const client = new HubClient({ baseUrl: hubUrl, fetch: opts.fetch, timeoutMs: opts.timeoutMs });
  const res = await client.enrol(code, clock.now().toISOString());
  if (res.compoundId !== opts.compoundId || res.gateId !== opts.gateId) {
    throw new EnrolError(
      'mismatch',
      `the hub enrolled this kiosk as ${res.compoundId}/${res.gateId} but its configuration says ${opts.compoundId}/${opts.gateId}; ` +
        'fix config.json (or ask the committee for a code for this gate) and enrol again',
    );
  }
  new SyncStateStore(opts.db).enrol({ hubUrl, token: res.token, committeeId: res.committeeId, at: clock.now().toISOString() });
  return { hubUrl, committeeId: res.committeeId, compoundId: res.compoundId, gateId: res.gateId, compoundName: res.compoundName, gateName: res.gateName };
}
