import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methodNames, publicMethods, requiresSignIn, signInMethods, type CheckView } from '../../../src/shared/contract';
import { makeGate, type TestGate } from '../../helpers/gate';

let gate: TestGate;
beforeEach(async () => {
  gate = await makeGate({ signIn: false });
});
afterEach(() => gate.cleanup());

/** Every row of every table: a refused call must leave all of it as it was. */
function snapshot(): string {
  const tables = (gate.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
  return tables.map((t) => `${t}:${JSON.stringify(gate.db.prepare(`SELECT * FROM "${t}"`).all())}`).join('\n');
}

/** Inputs that would pass validation for the methods whose refusal could otherwise be blamed on bad input. */
const plausible: Record<string, unknown> = {
  'check:scan': { code: 'HM90001', source: 'wedge', direction: 'in' },
  'gate:setDirection': { direction: 'out' },
  'device:simulateReading': { celsius: 36.5 },
  'check:manualReading': { celsius: 36.5 },
  'roster:search': { building: '1' },
  'staff:list': {},
  'audit:verify': {},
};

describe('sign-in gating', () => {
  it('every method that writes is refused with not_signed_in while nobody is on duty, and nothing changes', async () => {
    const gated = methodNames.filter(requiresSignIn);
    // The walk must cover something real: the contract has dozens of write methods.
    expect(gated.length).toBeGreaterThan(20);
    const before = snapshot();
    for (const method of gated) {
      const r = await gate.dispatch(method, plausible[method] ?? {});
      expect({ method, r }).toMatchObject({ method, r: { ok: false, error: { code: 'not_signed_in' } } });
    }
    expect(snapshot()).toBe(before);
    expect(gate.core.current()).toBeNull();
  });

  it('the same calls pass the gate once someone signs in', async () => {
    gate.staff.signIn(gate.staff.staff.get('demo-guard')!, 'pin');
    const r = await gate.dispatch('check:scan', plausible['check:scan']);
    expect(r.ok).toBe(true);
  });

  it('every contract method is either gated or deliberately listed as public or as a sign-in', () => {
    for (const m of methodNames) expect(requiresSignIn(m) || publicMethods.has(m) || signInMethods.has(m)).toBe(true);
    // Nothing is listed both ways, and nothing listed is missing from the contract.
    for (const m of publicMethods) expect(methodNames).toContain(m);
    for (const m of signInMethods) {
      expect(methodNames).toContain(m);
      expect(publicMethods.has(m)).toBe(false);
    }
  });

  it('public methods really do not write: each called unauthenticated leaves every table as it was', async () => {
    const before = snapshot();
    for (const method of publicMethods) {
      const r = await gate.dispatch(method, plausible[method] ?? {});
      expect({ method, code: r.ok ? 'ok' : r.error.code }).not.toMatchObject({ code: 'not_signed_in' });
    }
    expect(snapshot()).toBe(before);
  });

  it('the public methods are exactly the reads that carry no personal or health data', () => {
    // Pinned on purpose: a new public method is a decision about residents' data, made here in review.
    expect([...publicMethods].sort()).toEqual(
      [
        'camera:get',
        'check:current',
        'clock:status',
        'config:status',
        'device:status',
        'disk:status',
        'flows:settings',
        'gate:info',
        'presence:getQuota',
        'privacy:retention',
        'staff:session',
        'sync:status',
        'tempPass:keyInfo',
      ].sort(),
    );
  });

  it('reads of residents’ personal or health data answer not_signed_in', async () => {
    for (const method of ['statusMap:get', 'flows:household', 'visitor:inside', 'parcel:waiting', 'observation:list', 'alert:list', 'sync:quarantine', 'roster:search', 'log:list']) {
      expect(requiresSignIn(method as never)).toBe(true);
      const r = await gate.dispatch(method, plausible[method] ?? {});
      expect({ method, r }).toMatchObject({ method, r: { ok: false, error: { code: 'not_signed_in' } } });
    }
  });

  it('after the last person signs out, no public method shows a resident (not even the check left on screen)', async () => {
    gate.staff.signIn(gate.staff.staff.get('demo-guard')!, 'pin');
    // A fever denial (an alert) and a check left half done: personal and health data in the gate.
    await gate.dispatch('check:scan', { code: 'HM90003', source: 'wedge', direction: 'in' });
    await gate.dispatch('device:simulateReading', { celsius: 38.6 });
    const open = await gate.dispatch('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    expect(open).toMatchObject({ ok: true, value: { stage: 'await_reading', resident: { name: expect.any(String) } } });
    // Signed in, the guard sees the check; the walk below would catch it if the sign-out did not hide it.
    expect(((await gate.dispatch('check:current', {})) as { value: CheckView | null }).value?.resident).not.toBeNull();
    // The sign-out button closes an open check first; a post emptied any other way (a manager disabling
    // the last person on duty) leaves it open, which is the case that must still show nothing.
    gate.staff.shifts.signOut('demo-guard', undefined);
    expect(gate.core.current()).not.toBeNull();

    for (const method of publicMethods) {
      const r = await gate.dispatch(method, plausible[method] ?? {});
      expect({ method, ok: r.ok }).toEqual({ method, ok: true });
      const found = personalData(r.ok ? r.value : null);
      expect({ method, found }).toEqual({ method, found: [] });
    }
    // Hidden, not dropped: the next shift signing in sees the check that was left on screen.
    gate.staff.signIn(gate.staff.staff.get('demo-volunteer')!, 'pin');
    expect(((await gate.dispatch('check:current', {})) as { value: CheckView | null }).value).toMatchObject({ stage: 'await_reading', resident: { name: expect.any(String) } });
  });
});

/** Resident names as stored and as masked on screen (test/helpers/gate.ts SMALL_ROSTER), and their phones. */
const RESIDENT_TEXT = ['张伟', '李娜', '王小明', '赵敏', '张*', '李*', '王*', '赵*', '1390000'];
/** Fields that only ever hold a resident's or a household's data. */
const PERSONAL_KEYS = new Set(['resident', 'residentId', 'residents', 'household', 'householdId', 'households', 'idNumber', 'phone', 'phoneLast4', 'members', 'watchNotes', 'room']);

/** Where in a value a resident shows: a personal field with something in it, or a resident's name or phone in any text. */
function personalData(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return RESIDENT_TEXT.filter((t) => value.includes(t)).map((t) => `${path} contains ${t}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => personalData(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      // A count (gate:info's number of households) is not a person.
      const filled = v !== null && v !== undefined && typeof v !== 'number' && !(Array.isArray(v) && v.length === 0);
      return [...(PERSONAL_KEYS.has(k) && filled ? [`${path}.${k}`] : []), ...personalData(v, `${path}.${k}`)];
    });
  }
  return [];
}
