import type { TestGate } from '../../helpers/gate';

/** Calls through the real dispatcher; a refusal comes back as its envelope for the test to inspect. */
export function caller(gate: () => TestGate) {
  const raw = (method: string, input: unknown) => gate().dispatch(method, input);
  const call = async <T = unknown>(method: string, input: unknown): Promise<T> => {
    const r = await raw(method, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details ?? '')}`);
    return r.value as T;
  };
  return { raw, call };
}

/** The staff side's audit kinds in order (other areas append their own kinds too, e.g. a start-up purge). */
export const auditKinds = (gate: TestGate, prefix = /^(staff|dual_control|entry|watch|schedule)\./): string[] =>
  (gate.db.prepare('SELECT kind FROM audit_log ORDER BY seq').all() as Array<{ kind: string }>).map((r) => r.kind).filter((k) => prefix.test(k));
