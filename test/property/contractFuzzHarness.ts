/**
 * The gate-contract fuzz, shared by both transports (contractFuzz.ipc / contractFuzz.ws): for every
 * method in `gateContract` at run time, hostile inputs from hostileArbitraries.ts, with the post
 * signed in and not. What each case must show:
 *  - an answer, and a Result envelope: a rejected input answers `{ok:false, error:{code}}` with a
 *    contract ErrorCode (`not_signed_in` before anything else, then `invalid_input`); an input the
 *    schema accepts may succeed or be refused, but never with `internal` (a handler threw);
 *  - nothing written by a refused call: a checksum over every table's rows (and config.json) is
 *    the same before and after;
 *  - Object.prototype untouched, and no unhandled rejection or exception in the process.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ErrorCode, gateContract, methodNames, requiresSignIn, type MethodName } from '../../src/shared/contract';
import type { Db } from '../../src/main/store/db';
import { makeGate, type TestGate } from '../helpers/gate';
import { applyMutation, describeCase, mutation, prototypePolluted, skeleton, type Flavour, type Mutation } from './hostileArbitraries';

/**
 * Cases per method and sign-in state: FUZZ_RUNS (100,000 by default, like the codec fuzz) / 10,000,
 * so 10 in CI (~2,000 cases per transport); CONTRACT_FUZZ_RUNS sets it directly.
 */
export const RUNS_PER_METHOD = Number(process.env.CONTRACT_FUZZ_RUNS ?? Math.max(1, Math.round(Number(process.env.FUZZ_RUNS ?? 100_000) / 10_000)));
/** An answer slower than this is a hang. Generous: a 1 MiB string through zod is milliseconds. */
export const ANSWER_TIMEOUT_MS = 20_000;

/**
 * Inputs the schema accepts are called too (hostile strings inside valid shapes reach the handlers),
 * except where a valid call acts outside this process: dialling a hub at the URL it is given,
 * opening the device it is described, writing into the folder it names. Their invalid inputs are
 * still fuzzed.
 */
export const VALID_NOT_CALLED: Partial<Record<MethodName, string>> = {
  'sync:enrol': 'dials the hub URL it is given',
  'device:test': 'opens the serial/HID device it is given, waiting up to 15 s',
  'export:start': 'writes files into the folder it is given',
};

/**
 * Tables a refused but well-formed call may write: the audit trail records refusals on purpose
 * (a wrong PIN, an unknown staff card), and a failed PIN counts toward the lockout.
 */
export const REFUSAL_AUDIT_TABLES: ReadonlySet<string> = new Set(['audit_log', 'staff']);

/** What `Transport.received` answers for an input the transport cannot carry at all. */
export const UNSENDABLE = Symbol('unsendable');

export type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message?: unknown } };

export type Transport = {
  name: 'ipc' | 'ws';
  flavour: Flavour;
  depths: readonly number[];
  /** What the core receives for this input (after a structured clone, or after JSON.parse). */
  received(input: unknown): unknown;
  call(method: MethodName, input: unknown): Promise<unknown>;
};

/** sha-256 of every table's rows, table by table, plus config.json. */
export function gateChecksum(db: Db, dataDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  for (const { name } of tables) {
    const h = createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).raw().iterate()) h.update(JSON.stringify(row, bufferAware));
    out.set(name, h.digest('hex'));
  }
  const config = join(dataDir, 'config.json');
  out.set('file:config.json', existsSync(config) ? createHash('sha256').update(readFileSync(config)).digest('hex') : 'absent');
  return out;
}
function bufferAware(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n));
}

export type Counts = {
  cases: number;
  rejectedByBoundary: number;
  validCalled: number;
  validNotCalled: number;
  unsendable: number;
  /** Well-formed calls refused by the core whose refusal went into the audit trail (allowed). */
  auditedRefusals: number;
  crashes: number;
  partialWrites: number;
  codes: Record<string, number>;
};

export function newCounts(): Counts {
  return { cases: 0, rejectedByBoundary: 0, validCalled: 0, validNotCalled: 0, unsendable: 0, auditedRefusals: 0, crashes: 0, partialWrites: 0, codes: {} };
}

export function formatCounts(target: string, methods: number, c: Counts): string {
  const codes = Object.entries(c.codes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v.toLocaleString('en')}`)
    .join(', ');
  return (
    `contract fuzz (${target}): ${methods} methods × ${RUNS_PER_METHOD} = ${c.cases.toLocaleString('en')} cases ` +
    `(${c.rejectedByBoundary.toLocaleString('en')} refused at the boundary, ${c.validCalled.toLocaleString('en')} valid-but-hostile called, ` +
    `${c.validNotCalled} valid not called, ${c.unsendable} too deep to send), ${c.crashes} crashes, ${c.partialWrites} partial writes ` +
    `(${c.auditedRefusals} refusals recorded in the audit trail), codes: {${codes}}`
  );
}

/** Unhandled errors anywhere in this process while the fuzz runs are crashes. */
export function watchCrashes(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onErr = (e: unknown) => errors.push(e);
  process.on('unhandledRejection', onErr);
  process.on('uncaughtException', onErr);
  return {
    errors,
    stop() {
      process.off('unhandledRejection', onErr);
      process.off('uncaughtException', onErr);
    },
  };
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ErrorCode.options);

function asAnswer(r: unknown): Answer | null {
  if (typeof r !== 'object' || r === null) return null;
  const o = r as Record<string, unknown>;
  if (o.ok === true && 'value' in o) return { ok: true, value: o.value };
  if (o.ok === false && typeof o.error === 'object' && o.error !== null && typeof (o.error as { code?: unknown }).code === 'string') {
    return { ok: false, error: o.error as { code: string } };
  }
  return null;
}

/** Keeps the post in the state the property needs, whatever a valid call just did to it. */
export function restoreSignIn(gate: TestGate, signedIn: boolean): void {
  const shifts = gate.staff.shifts;
  if (signedIn) {
    if (!shifts.ids().includes('demo-admin')) {
      for (const id of shifts.ids()) shifts.signOut(id, undefined);
      gate.staff.signIn(gate.staff.staff.get('demo-admin')!, 'pin');
    }
  } else {
    for (const id of shifts.ids()) shifts.signOut(id, undefined);
  }
}

export async function makeFuzzGate(signedIn: boolean): Promise<TestGate> {
  // The committee admin: the role that reaches the most handlers past their own permission checks.
  return makeGate({ signIn: signedIn ? ['demo-admin'] : false });
}

/**
 * The skeleton with this gate's real ids and the demo staff's PINs in place of placeholders, so a
 * valid case reaches past "not found" and "wrong PIN" into the handler's work. The requester of a
 * dual-control approval is the signed-in admin, the approver the manager.
 */
export function personalise(skel: unknown, gate: TestGate): unknown {
  const one = (sql: string): string | undefined => (gate.db.prepare<[], { id: string }>(sql).get() as { id: string } | undefined)?.id;
  const real: Record<string, string | undefined> = {
    residentId: one('SELECT id FROM resident ORDER BY id LIMIT 1'),
    householdId: one('SELECT id FROM household ORDER BY id LIMIT 1'),
    staffId: 'demo-admin',
    pin: '4444',
  };
  const walk = (v: unknown, key: string | null): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (typeof v !== 'object' || v === null) return key !== null && typeof v === 'string' && real[key] !== undefined ? real[key] : v;
    if (key === 'approver') return { staffId: 'demo-manager', pin: '3333' };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
  };
  const out = walk(skel, null);
  return out;
}

export type Failure = { method: string; signedIn: boolean; problem: string; input: string };

/** Runs RUNS_PER_METHOD cases against one method; throws (through fast-check) on the first violation. */
export async function fuzzMethod(t: Transport, gate: TestGate, method: MethodName, signedIn: boolean, counts: Counts, crashes: { errors: unknown[] }): Promise<void> {
  const spec = gateContract[method];
  const plain = skeleton(spec.input);
  const real = personalise(plain, gate);
  // Keep the real ids only where the schema still takes them (a staffId field may be a card elsewhere).
  const skel = spec.input.safeParse(real).success ? real : plain;
  await fc.assert(
    fc.asyncProperty(mutation(t.flavour, t.depths), async (m: Mutation) => {
      const input = applyMutation(skel, m);
      const received = t.received(input);
      if (received === UNSENDABLE) {
        counts.unsendable++;
        return;
      }
      const valid = spec.input.safeParse(received).success;
      const gated = requiresSignIn(method) && !signedIn;
      if (valid && !gated && VALID_NOT_CALLED[method]) {
        counts.validNotCalled++;
        return;
      }
      counts.cases++;
      const crashesBefore = crashes.errors.length;
      const before = gateChecksum(gate.db, gate.dataDir);
      const raw = await withTimeout(t.call(method, input), ANSWER_TIMEOUT_MS, `${t.name} ${method}`);
      const answer = asAnswer(raw);
      const fail = (problem: string): never => {
        throw new Error(`${t.name} ${method} (${signedIn ? 'signed in' : 'nobody signed in'}): ${problem}\n  input: ${describeCase(input)}\n  answer: ${describeCase(raw)}`);
      };
      if (!answer) fail('the answer is not a Result envelope');
      const code = answer!.ok ? 'ok' : answer!.error.code;
      counts.codes[code] = (counts.codes[code] ?? 0) + 1;
      if (!answer!.ok && !KNOWN_CODES.has(code)) fail(`unknown error code ${code}`);
      if (gated) {
        if (code !== 'not_signed_in') fail(`expected not_signed_in, got ${code}`);
      } else if (!valid) {
        if (code !== 'invalid_input') fail(`expected invalid_input for an input the schema refuses, got ${code}`);
      } else if (code === 'internal') {
        fail('a valid input made the handler throw (internal)');
      }
      if (!valid || gated) counts.rejectedByBoundary++;
      else counts.validCalled++;
      if (!answer!.ok) {
        const changed = changedTables(before, gateChecksum(gate.db, gate.dataDir));
        const allowed = valid && !gated ? changed.filter((n) => !REFUSAL_AUDIT_TABLES.has(n)) : changed;
        if (changed.length > 0 && allowed.length === 0) counts.auditedRefusals++;
        if (allowed.length > 0) {
          counts.partialWrites++;
          fail(`refused with ${code} but wrote to ${allowed.join(', ')}`);
        }
      }
      const polluted = prototypePolluted();
      if (polluted.length > 0) fail(`Object.prototype polluted: ${polluted.join(', ')}`);
      if (crashes.errors.length > crashesBefore) {
        counts.crashes++;
        fail(`unhandled error in the process: ${String(crashes.errors[crashesBefore])}`);
      }
      if (valid && !gated) restoreSignIn(gate, signedIn);
    }),
    { numRuns: RUNS_PER_METHOD, endOnFailure: true },
  );
}

export { methodNames };
