import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methodNames, readOnlyMethods, requiresSignIn, signInMethods } from '../../../src/shared/contract';
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

  it('every contract method is either gated or deliberately listed as read-only or as a sign-in', () => {
    for (const m of methodNames) expect(requiresSignIn(m) || readOnlyMethods.has(m) || signInMethods.has(m)).toBe(true);
    // Nothing is listed both ways, and nothing listed is missing from the contract.
    for (const m of readOnlyMethods) expect(methodNames).toContain(m);
    for (const m of signInMethods) {
      expect(methodNames).toContain(m);
      expect(readOnlyMethods.has(m)).toBe(false);
    }
  });

  it('read-only methods really do not write: each called unauthenticated leaves every table as it was', async () => {
    const before = snapshot();
    for (const method of readOnlyMethods) {
      const r = await gate.dispatch(method, plausible[method] ?? {});
      expect({ method, code: r.ok ? 'ok' : r.error.code }).not.toMatchObject({ code: 'not_signed_in' });
    }
    expect(snapshot()).toBe(before);
  });
});
