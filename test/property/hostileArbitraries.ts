/**
 * Hostile inputs for the boundary fuzz tests (gate contract over IPC and WebSocket, hub routes):
 * wrong types, ≥ 1 MiB strings, thousands of levels of nesting, unicode edge cases, prototype-
 * pollution keys, extra keys, NaN/±Infinity/-0, huge numbers, arrays where objects belong.
 *
 * A case is built from a *skeleton* that the schema (nearly) accepts, found by walking the zod
 * definition, and one mutation at a random place inside it, so the bad value reaches every depth
 * of the input and not only its top. Deep nesting is a marker (`Deep`) expanded per transport:
 * a renderer's structured clone stops near 4,000 levels, a WebSocket frame is text and can nest
 * 100,000 levels, and JSON.stringify itself cannot write those (the WS side writes the text).
 */
import fc from 'fast-check';
import type { z } from 'zod';

export const MIB = 1024 * 1024;

/** Built once: generating a megabyte per run would make the fuzz a string-building benchmark. */
export const HUGE_STRINGS: readonly string[] = ['x', '漢', '😀', '\u0000', '\uD800', '\u202E\u200B'].map((unit) =>
  unit.repeat(Math.ceil((MIB + 1) / unit.length)),
);

export const UNICODE_EDGES: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'HM90001\u0000',
  '\u0000HM90001',
  '\uD800', // lone high surrogate
  '\uDC00', // lone low surrogate
  'a\uDC00\uD800b', // reversed pair
  '\uFEFF', // BOM
  '\uFEFFHM90001',
  '\u202EHM90001', // right-to-left override
  '\u200B', // zero-width space
  'H\u200DM\u200C9', // zero-width joiner / non-joiner
  '\u2028\u2029', // line / paragraph separators (break naive JS-in-HTML)
  '😀', // astral
  '𝕳𝕸90001',
  'e\u0301\u0301\u0301\u0301', // stacked combining marks
  '\uFFFE\uFFFF',
  '\u001b[31m', // terminal escape
  '\r\n\r\n',
  '../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00%2e%2e%2f',
  "'; DROP TABLE entry_log; --",
  '=cmd|" /C calc"!A0', // spreadsheet formula injection
  '<script>alert(1)</script>',
  '${{7*7}}',
  '__proto__',
  'constructor',
  '9'.repeat(400),
  '2020-02-30',
  '2020-02-10T25:61:61Z',
  '-0',
  'NaN',
  'Infinity',
];

/** Numbers as text, where a schema checks digits but a database casts them (int8, xid8, numeric). */
export const NUMERIC_STRINGS: readonly string[] = [
  '99999999999999999999.1',
  '1.99999999999999999999',
  '18446744073709551616.0',
  '9223372036854775808',
  '-9223372036854775809',
  '00000000000000000001.0',
  '1e400',
  '0x1F',
  '１２３', // full-width digits
  '٣', // Arabic-Indic digit
];

export const WEIRD_NUMBERS: readonly number[] = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0.1,
  -1,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  2 ** 64,
  Number.MAX_SAFE_INTEGER + 1,
  4294967296,
  1e21, // first number String() writes in exponent form
];

/** `{"__proto__": …}` through JSON.parse is an own property, which is what a frame or a clone carries. */
export const POLLUTION_TEXTS: readonly string[] = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '{"a":{"b":{"__proto__":{"polluted":"yes"}}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
  '{"__proto__":[]}',
  '{"__proto__":null}',
  '{"constructor":null}',
  '[{"__proto__":{"polluted":"yes"}}]',
];
export const POLLUTION_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'then'];

/** Deep nesting, expanded by the transport (see the file comment). */
export class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object' | 'proto',
  ) {}
  /** JSON text of the nest, written without recursion. */
  text(): string {
    if (this.kind === 'array') return '['.repeat(this.depth) + ']'.repeat(this.depth);
    const key = this.kind === 'proto' ? '"__proto__"' : '"a"';
    return `{${key}:`.repeat(this.depth) + '{"polluted":"yes"}' + '}'.repeat(this.depth);
  }
  /** The nest as a value (only for depths a structured clone can carry). */
  value(): unknown {
    let v: unknown = this.kind === 'array' ? [] : { polluted: 'yes' };
    for (let i = 0; i < this.depth; i++) {
      if (this.kind === 'array') v = [v];
      else {
        const o: Record<string, unknown> = {};
        Object.defineProperty(o, this.kind === 'proto' ? '__proto__' : 'a', { value: v, enumerable: true, writable: true, configurable: true });
        v = o;
      }
    }
    return v;
  }
}

/** What only a structured clone can carry (IPC): JSON has no such values. */
const cloneOnly = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(undefined),
    fc.bigInt().map((b) => b * 10n ** 30n),
    fc.constantFrom<() => unknown>(
      () => new Date(NaN),
      () => new Date(8.64e15),
      () => new Map([['__proto__', { polluted: 'yes' }]]),
      () => new Set([1, 'a']),
      () => new Uint8Array([0xff, 0x00, 0xfe]),
      () => new ArrayBuffer(8),
      () => /x/g,
      () => new Error('hostile'),
      () => {
        const sparse: unknown[] = [1, 2, 3];
        delete sparse[1];
        return Object.assign(sparse, { extra: true }); // a hole and a named property
      },
      () => Object.create(null) as object,
    ).map((make) => make()),
  );

export type Flavour = 'json' | 'clone';

/** A single hostile value; `depths` bounds the nesting the transport can carry. */
export function hostileValue(flavour: Flavour, depths: readonly number[]): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom(...WEIRD_NUMBERS),
    fc.double(),
    fc.integer(),
    fc.constantFrom(...UNICODE_EDGES),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...HUGE_STRINGS),
    fc.constantFrom(...POLLUTION_TEXTS).map((t) => JSON.parse(t) as unknown),
    fc.tuple(fc.constantFrom(...depths), fc.constantFrom<Deep['kind']>('array', 'object', 'proto')).map(([d, k]) => new Deep(d, k)),
    ...(flavour === 'clone' ? [cloneOnly()] : []),
  );
  return fc.oneof(
    { weight: 6, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 8 })), leaf, { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

export const hostileKey = fc.oneof(
  fc.constantFrom(...POLLUTION_KEYS),
  fc.constantFrom(...UNICODE_EDGES),
  fc.constantFrom(HUGE_STRINGS[0]!),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

// ---------------------------------------------------------------------------------------------
// Skeletons: a value the schema (nearly) accepts, found by walking zod 4's definitions.

type Def = { type: string } & Record<string, unknown>;
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

const STRING_CANDIDATES = [
  'x',
  'HM90001',
  '2020-02-10',
  '2020-02-10T01:00:00.000Z',
  '2020-02',
  '09:00',
  '0190a000-0000-7000-8000-000000000000',
  'demo-guard',
  '1111',
  '11111111',
  'in',
  'roster.csv',
  'AAAA',
  'http://127.0.0.1:9/',
  '13900000001',
  '110101199003074512',
  '沪A12345',
  'ABCD-EFGH-JKMN',
  'black',
  'GS-DEMO-0001',
  '1.1',
];
const NUMBER_CANDIDATES = [1, 0, 36.5, 10, 100, 500, 1000, 2020];

function pick<T>(schema: z.ZodType, candidates: readonly T[], fallback: T): T {
  for (const c of candidates) if (schema.safeParse(c).success) return c;
  return fallback;
}

/** A value the schema accepts where that is easy to find; otherwise a well-typed near miss. */
export function skeleton(schema: z.ZodType, depth = 0): unknown {
  if (depth > 12) return {};
  const def = defOf(schema);
  const inner = (s: unknown) => skeleton(s as z.ZodType, depth + 1);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const full: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(shape)) full[k] = inner(v);
      if (schema.safeParse(full).success) return full;
      // Refinements like "exactly one of staffId or card": try without each optional key, then without all.
      const optional = Object.keys(shape).filter((k) => (shape[k] as z.ZodType).safeParse(undefined).success);
      const without = (keys: string[]) => Object.fromEntries(Object.entries(full).filter(([k]) => !keys.includes(k)));
      for (const keys of [...optional.map((k) => [k]), optional]) if (schema.safeParse(without(keys)).success) return without(keys);
      return full;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    case 'union': {
      const options = def.options as z.ZodType[];
      for (const o of options) {
        const v = inner(o);
        if (o.safeParse(v).success) return v;
      }
      return inner(options[0]);
    }
    case 'intersection':
      return { ...(inner(def.left) as object), ...(inner(def.right) as object) };
    case 'array': {
      const el = inner(def.element);
      return pick(schema, [[el], [], [el, el], [el, el, el]], [el]);
    }
    case 'tuple':
      return (def.items as unknown[]).map(inner);
    case 'record': {
      const k = inner(def.keyType);
      return { [typeof k === 'string' ? k : 'k']: inner(def.valueType) };
    }
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'string':
      return pick(schema, STRING_CANDIDATES, 'x');
    case 'number':
      return pick(schema, NUMBER_CANDIDATES, 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'bigint':
      return 0n;
    case 'date':
      return new Date(0);
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations of a skeleton.

export type Mutation =
  | { op: 'replace_top'; value: unknown }
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'extra_key'; at: number; key: string; value: unknown }
  | { op: 'wrap_array'; at: number }
  /** A hostile string where the skeleton has a string: often still valid, so it reaches the handler. */
  | { op: 'string'; at: number; value: string };

export function mutation(flavour: Flavour, depths: readonly number[]): fc.Arbitrary<Mutation> {
  const value = hostileValue(flavour, depths);
  const at = fc.nat();
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ op: fc.constant('replace_top' as const), value }) },
    { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), at, value }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('extra_key' as const), at, key: hostileKey, value }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap_array' as const), at }) },
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('string' as const),
        at,
        value: fc.oneof(fc.constantFrom(...UNICODE_EDGES), fc.constantFrom(...NUMERIC_STRINGS), fc.string({ unit: 'binary', maxLength: 24 }), fc.constantFrom(...HUGE_STRINGS)),
      }),
    },
  );
}

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };
type Container = Record<string, unknown> | unknown[];

type Obj = Record<string, unknown>;
function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);
}

/** Own data properties set with defineProperty: `o['__proto__'] = v` would set the prototype instead. */
function setOwn(o: Container, key: string | number, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isContainer(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(o, k, deepCopy((v as Obj)[k]));
    return o;
  }
  return v;
}

/** Applies the mutation to a copy of the skeleton; slot indexes wrap around the available places. */
export function applyMutation(skel: unknown, m: Mutation): unknown {
  if (m.op === 'replace_top') return m.value;
  const root = { v: deepCopy(skel) };
  const slots: Slot[] = [{ parent: root, key: 'v' }];
  const containers: Container[] = [];
  const walk = (v: unknown): void => {
    if (!isContainer(v)) return;
    containers.push(v);
    for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      const key = k as string | number;
      slots.push({ parent: v, key });
      walk((v as Record<string | number, unknown>)[key]);
    }
  };
  walk(root.v);
  if (m.op === 'extra_key') {
    const target = containers.filter((c) => !Array.isArray(c));
    if (target.length === 0) return { ...(isContainer(root.v) ? {} : {}), [m.key]: m.value };
    setOwn(target[m.at % target.length]!, m.key, m.value);
    return root.v;
  }
  if (m.op === 'string') {
    const strings = slots.filter((sl) => typeof (sl.parent as Record<string | number, unknown>)[sl.key] === 'string');
    const slot = strings.length > 0 ? strings[m.at % strings.length]! : slots[0]!;
    setOwn(slot.parent, slot.key, m.value);
    return root.v;
  }
  const inner = slots.length > 1 ? slots.slice(1) : slots;
  const slot = inner[m.at % inner.length]!;
  const current = (slot.parent as Record<string | number, unknown>)[slot.key];
  if (m.op === 'delete') {
    if (slot.parent === root) return undefined;
    if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
    else delete (slot.parent as Record<string, unknown>)[slot.key as string];
  } else if (m.op === 'wrap_array') {
    setOwn(slot.parent, slot.key, [current]);
  } else {
    setOwn(slot.parent, slot.key, m.value);
  }
  return root.v;
}

/** The input as a structured clone carries it: Deep markers become real nests. */
export function materialise(v: unknown): unknown {
  if (v instanceof Deep) return v.value();
  if (Array.isArray(v)) return v.map(materialise);
  if (isContainer(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(o, k, materialise((v as Obj)[k]));
    return o;
  }
  return v;
}

/**
 * JSON text of the input (what a WebSocket client could send): Deep markers are written as text,
 * and what JSON cannot say (NaN, Infinity, undefined) is written the way JSON.stringify writes it.
 */
export function jsonText(v: unknown): string {
  if (v instanceof Deep) return v.text();
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : jsonText(x))).join(',')}]`;
  if (isContainer(v)) {
    const parts: string[] = [];
    for (const k of Object.keys(v)) if ((v as Obj)[k] !== undefined) parts.push(`${JSON.stringify(k)}:${jsonText((v as Obj)[k])}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The input as the server sees it after JSON.parse: what the schema is judged against. */
export function asParsedJson(v: unknown): unknown {
  return JSON.parse(jsonText(v)) as unknown;
}

/** Prototype pollution shows up as an inherited property on a fresh object. */
export function prototypePolluted(): string[] {
  const probe = {} as Record<string, unknown>;
  const found: string[] = [];
  for (const k of ['polluted', 'admin', 'isAdmin', 'x']) if (probe[k] !== undefined) found.push(k);
  if (Object.keys(Object.prototype).length > 0) found.push(...Object.keys(Object.prototype));
  return found;
}

/** One-line description of a case for failure messages (huge strings shortened). */
export function describeCase(v: unknown, max = 300): string {
  let s: string;
  try {
    s = jsonText(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}
