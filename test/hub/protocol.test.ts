/** The shared protocol's pure helpers and a few schema edges both sides rely on. */
import { describe, expect, it } from 'vitest';
import { newEnrolmentCode, normaliseEnrolmentCode } from '../../src/hub/auth';
import { maskIdNumber } from '../../src/main/roster/idNumber';
import { compareCursor, enrolmentQr, GateStatusReport, INITIAL_CURSOR, parseEnrolmentQr, PushRequest } from '../../src/shared/sync';
import { entryEvent } from './helpers';

describe('sync protocol helpers', () => {
  it('cursors compare as (xid8, change id) numbers, beyond 2^53', () => {
    expect(compareCursor('10.1', '9.99')).toBe(1);
    expect(compareCursor('9.99', '10.1')).toBe(-1);
    expect(compareCursor('7.10', '7.9')).toBe(1);
    expect(compareCursor('18446744073709551615.1', '18446744073709551614.2')).toBe(1);
    expect(compareCursor(INITIAL_CURSOR, '0.0')).toBe(0);
  });

  it('the enrolment QR round-trips and anything else is refused', () => {
    const qr = enrolmentQr('https://hub.example.org:8443', 'ABCD-EFGH-JKMN', '华府小区', 'south');
    expect(parseEnrolmentQr(qr)).toEqual({ hubUrl: 'https://hub.example.org:8443', code: 'ABCD-EFGH-JKMN', compoundId: '华府小区', gateId: 'south' });
    expect(parseEnrolmentQr('https://evil.example/?code=x')).toBeNull();
    expect(parseEnrolmentQr('gatehouse://enrol?code=x')).toBeNull();
  });

  it('enrolment codes: 12 Crockford base32 characters, typed in any case, O/0 and I/L/1 alike', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newEnrolmentCode()));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseEnrolmentCode('abcd-efgh-jk0o')).toBe(normaliseEnrolmentCode('ABCDEFGHJK00'));
    expect(normaliseEnrolmentCode('1il')).toBe('111');
  });

  it('an event from a newer gate with an unknown reason code is still accepted; an unknown field is not', () => {
    const e = entryEvent({ gateId: 'g', seq: 1, payload: { reasons: ['some_future_reason'] } });
    expect(PushRequest.safeParse({ sentAt: new Date().toISOString(), events: [e] }).success).toBe(true);
    const extra = { ...e, payload: { ...e.payload, fullName: '张三' } };
    expect(PushRequest.safeParse({ sentAt: new Date().toISOString(), events: [extra] }).success).toBe(false);
  });

  it('a status report caps the quarantine list it carries', () => {
    const base = { gateClock: new Date().toISOString(), ackedSeq: 0, backlog: 0, oldestUnsentAgeS: null, revocationCursor: '0.0', rosterCursor: '0.0', presenceCursor: '0.0', rosterAsOf: null, quarantined: 60 };
    const item = { eventId: 'x', seq: 1, reason: 'r' };
    expect(GateStatusReport.safeParse({ ...base, quarantine: Array(50).fill(item) }).success).toBe(true);
    expect(GateStatusReport.safeParse({ ...base, quarantine: Array(51).fill(item) }).success).toBe(false);
  });

  it('gates only ever see masked ID numbers (the hub masks with the gate’s own rule)', () => {
    expect(maskIdNumber('110101199003074512')).toBe('1101**********4512');
  });
});
