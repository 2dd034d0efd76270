/** An entry-log row as the sync protocol's event (validated by the caller against SyncEvent). */
import type { SyncEvent } from '../../shared/sync';

export type EntryLogRow = {
  seq: number;
  id: string;
  gate_id: string;
  direction: string;
  credential: string;
  credential_source: string;
  pass_id: string | null;
  resident_id: string | null;
  household_id: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  resident_name_masked: string | null;
  status_code: string | null;
  temp_object_c: number | null;
  temp_body_c: number | null;
  temp_device: string | null;
  temp_source: string | null;
  readings_json: string;
  decision: string;
  reasons: string;
  alert: number;
  staff_json: string;
  started_at: string;
  occurred_at: string;
  recorded_at: string;
};

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // left as a string, so validation names the field instead of this code throwing
  }
}

/** Built loosely typed on purpose: a corrupt row must fail validation (and be quarantined), not crash. */
export function toSyncEvent(r: EntryLogRow): SyncEvent {
  return {
    id: r.id,
    gateId: r.gate_id,
    seq: r.seq,
    occurredAt: r.occurred_at,
    kind: 'entry',
    payload: {
      direction: r.direction,
      credential: r.credential,
      credentialSource: r.credential_source,
      passId: r.pass_id,
      residentId: r.resident_id,
      householdId: r.household_id,
      building: r.building,
      unit: r.unit,
      room: r.room,
      residentNameMasked: r.resident_name_masked,
      statusCode: r.status_code,
      tempObjectC: r.temp_object_c,
      tempBodyC: r.temp_body_c,
      tempDevice: r.temp_device,
      tempSource: r.temp_source,
      readings: json(r.readings_json),
      decision: r.decision,
      reasons: r.reasons ? r.reasons.split(',') : [],
      alert: r.alert === 1,
      staff: json(r.staff_json),
      startedAt: r.started_at,
      recordedAt: r.recorded_at,
    },
  } as SyncEvent;
}
