import { idCheckChar } from '../../../src/main/roster/idNumber';
import type { TestGate } from '../../helpers/gate';

/** A valid 18-character ID number (check digit computed) for the given 17 leading digits. */
export function idNo(first17 = '11010519491231002'): string {
  return first17 + idCheckChar(first17);
}

/** A returnee's arrival form as the 返沪登记 tab sends it (张伟, from Wuhan by train); `over` sets the rest. */
export function returneeForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    residentId: null,
    name: '张伟',
    idNumber: idNo('31010119800101123'),
    phone: '13900000001',
    originProvince: '湖北省',
    originCity: '武汉市',
    keyRegion: true,
    transport: 'train',
    transportNo: 'G1234',
    arrivedOn: '2020-02-09',
    symptoms: [],
    readings: [{ celsius: 36.4, source: 'simulated' }],
    ...over,
  };
}

export function caller(gate: () => TestGate) {
  const ok = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await gate().dispatch(method, input);
    if (!r.ok) throw new Error(`${method} → ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const fails = async (method: string, input: unknown): Promise<{ code: string; message: string }> => {
    const r = await gate().dispatch(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error;
  };
  const rows = <T>(sql: string, ...params: unknown[]): T[] => gate().db.prepare(sql).all(...params) as T[];
  const householdOf = (pass: string): string =>
    rows<{ id: string }>('SELECT r.household_id AS id FROM pass p JOIN resident r ON r.id = p.resident_id WHERE p.number = ?', pass)[0]!.id;
  const residentOf = (pass: string): string =>
    rows<{ id: string }>('SELECT resident_id AS id FROM pass WHERE number = ?', pass)[0]!.id;
  return { ok, fails, rows, householdOf, residentOf };
}
