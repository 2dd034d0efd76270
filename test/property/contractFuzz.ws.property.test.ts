/**
 * Contract fuzz over the headless host's WebSocket (src/main/api/wsHost.ts): every method with
 * hostile inputs written as JSON text (nesting up to 100,000 levels, which JSON.stringify could not
 * even write), then the frames themselves: non-JSON, binary, wrong envelope shapes, unknown methods,
 * missing and duplicate ids, a flood, and a frame over the size limit. See contractFuzzHarness.ts
 * for what every method case must show; a frame case must get exactly one typed error frame.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode, methodNames, type MethodName } from '../../src/shared/contract';
import { MAX_FRAME_BYTES, startHostServer } from '../../src/main/api/wsHost';
import { tempDir } from '../helpers/tmp';
import {
  ANSWER_TIMEOUT_MS,
  changedTables,
  formatCounts,
  fuzzMethod,
  gateChecksum,
  makeFuzzGate,
  newCounts,
  RUNS_PER_METHOD,
  watchCrashes,
  withTimeout,
  type Transport,
} from './contractFuzzHarness';
import { asParsedJson, HUGE_STRINGS, hostileValue, jsonText, POLLUTION_TEXTS, prototypePolluted, UNICODE_EDGES } from './hostileArbitraries';
import { reportCount } from '../helpers/counts';

const WS_DEPTHS = [1_000, 10_000, 100_000] as const;

type Frame = { kind: string; id?: number; result?: { ok: boolean; error?: { code: string } }; error?: { code: string } };

/** A client that sends raw text and collects every frame; `waitFor` resolves on the first match. */
async function connect(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  const frames: Frame[] = [];
  const waiters: Array<{ pred: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as Frame;
    frames.push(f);
    for (const w of [...waiters]) {
      if (w.pred(f)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(f);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waitFor = (pred: (f: Frame) => boolean, what: string): Promise<Frame> =>
    withTimeout(
      new Promise<Frame>((resolve) => {
        const seen = frames.find(pred);
        if (seen) resolve(seen);
        else waiters.push({ pred, resolve });
      }),
      ANSWER_TIMEOUT_MS,
      what,
    );
  return { ws, frames, waitFor };
}
type Client = Awaited<ReturnType<typeof connect>>;

let nextId = 1;
function wsTransport(client: Client): Transport {
  return {
    name: 'ws',
    flavour: 'json',
    depths: WS_DEPTHS,
    received: asParsedJson,
    async call(method, input) {
      const id = nextId++;
      client.ws.send(`{"id":${id},"method":${JSON.stringify(method)},"input":${jsonText(input)}}`);
      const f = await client.waitFor((x) => x.kind === 'result' && x.id === id, `ws ${method}`);
      return f.result;
    },
  };
}

const crashes = watchCrashes();
afterAll(() => crashes.stop());

async function setup(signedIn: boolean) {
  const gate = await makeFuzzGate(signedIn);
  const renderer = tempDir('c-renderer-');
  const host = await startHostServer({ dispatch: gate.dispatch, events: gate.events, rendererDir: renderer.dir, port: 0 });
  const client = await connect(host.port);
  return {
    gate,
    host,
    client,
    async close() {
      client.ws.close();
      await host.close();
      renderer.cleanup();
      await gate.cleanup();
    },
  };
}

describe.each([
  { signedIn: true, label: 'signed in' },
  { signedIn: false, label: 'nobody signed in' },
])('contract fuzz over the WebSocket, $label', ({ signedIn }) => {
  let env: Awaited<ReturnType<typeof setup>>;
  const counts = newCounts();
  beforeAll(async () => {
    env = await setup(signedIn);
  });
  afterAll(async () => {
    reportCount(formatCounts(`ws, ${signedIn ? 'signed in' : 'nobody signed in'}`, methodNames.length, counts));
    await env.close();
  });

  it.each(methodNames.map((m) => [m]))('%s: every hostile input gets a typed answer, writes nothing, pollutes nothing', async (method: MethodName) => {
    await fuzzMethod(wsTransport(env.client), env.gate, method, signedIn, counts, crashes);
  });

  it('still answers a valid call afterwards, and nothing crashed', async () => {
    const info = await wsTransport(env.client).call('gate:info', {});
    expect(info).toMatchObject({ ok: true });
    expect(crashes.errors).toEqual([]);
    expect(counts.partialWrites).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Frames: what reaches the host before any method is chosen.

const KNOWN_CODES: ReadonlySet<string> = new Set(ErrorCode.options);

/** Raw frames and how many answers each must get (0: the answer is to the duplicate id, counted apart). */
const badFrame: fc.Arbitrary<{ data: string | Buffer; binary: boolean }> = fc.oneof(
  // not JSON at all
  fc.string({ unit: 'binary', maxLength: 64 }).filter((s) => !isJson(s)).map((s) => ({ data: s, binary: false })),
  fc.constantFrom('', ' ', 'null', 'NaN', 'undefined', '{', '{"id":1,"method":"gate:info","input":{}', '\uFEFF{}', '{"id":1}garbage', "{'id':1}", '[]', '1e999', '"str"', 'true').map((s) => ({ data: s, binary: false })),
  fc.constantFrom(...UNICODE_EDGES, ...HUGE_STRINGS).map((s) => ({ data: s, binary: false })),
  // binary frames, including a valid request sent as binary
  fc.uint8Array({ maxLength: 64 }).map((b) => ({ data: Buffer.from(b), binary: true })),
  fc.constant({ data: Buffer.from('{"id":1,"method":"gate:info","input":{}}'), binary: true }),
  // deep nesting as the whole frame
  fc.constantFrom(1_000, 100_000, 1_000_000).map((n) => ({ data: '['.repeat(n) + ']'.repeat(n), binary: false })),
  fc.constantFrom(1_000, 100_000).map((n) => ({ data: '{"__proto__":'.repeat(n) + '{}' + '}'.repeat(n), binary: false })),
  // JSON, but not {id, method, input}
  fc.constantFrom(...POLLUTION_TEXTS).map((s) => ({ data: s, binary: false })),
  fc
    .record(
      {
        id: fc.oneof(hostileValue('json', [1_000]), fc.constantFrom(-1, 1.5, 2 ** 53, '1', null)),
        method: fc.oneof(hostileValue('json', [1_000]), fc.constantFrom('gate:info', '__proto__', 'constructor', 'x'.repeat(65))),
        input: hostileValue('json', [1_000]),
        extra: hostileValue('json', [1_000]),
      },
      { requiredKeys: [] },
    )
    .map((o) => ({ data: jsonText(o), binary: false }))
    .filter((f) => !isValidEnvelope(f.data as string)),
);

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** A frame the envelope schema accepts is a method call, not a bad frame (it gets a result). */
function isValidEnvelope(text: string): boolean {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return (
      typeof o === 'object' && o !== null && !Array.isArray(o) &&
      Object.keys(o).every((k) => k === 'id' || k === 'method' || k === 'input') &&
      Number.isSafeInteger(o.id) && (o.id as number) >= 0 && typeof o.method === 'string' && o.method.length <= 64
    );
  } catch {
    return false;
  }
}

/** Hostile method names with a well-formed envelope: unknown_method, never a crash or a dispatch. */
const unknownMethod = fc
  .oneof(
    fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'gate:info ', 'GATE:INFO', 'gate:info\u0000', '\uFEFFgate:info', 'gate:ınfo', ''),
    fc.string({ unit: 'binary', maxLength: 64 }),
  )
  .filter((m) => !(methodNames as string[]).includes(m));

describe('WebSocket frames', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    env = await setup(true);
  });
  afterAll(async () => {
    await env.close();
  });

  it('a bad frame gets one typed error frame, writes nothing, and the connection keeps working', async () => {
    const c = env.client;
    let cases = 0;
    const codes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(badFrame, async (f) => {
        cases++;
        const before = gateChecksum(env.gate.db, env.gate.dataDir);
        const start = c.frames.length;
        c.ws.send(f.data, { binary: f.binary });
        const id = nextId++;
        c.ws.send(JSON.stringify({ id, method: 'check:current', input: {} }));
        await c.waitFor((x) => x.kind === 'result' && x.id === id, 'sentinel after a bad frame');
        // The bad frame is answered synchronously on arrival, so before the sentinel's result.
        const answers = c.frames.slice(start).filter((x) => !(x.kind === 'result' && x.id === id) && x.kind !== 'event');
        if (answers.length !== 1) throw new Error(`expected one answer to a bad frame, got ${answers.length}: ${JSON.stringify(answers).slice(0, 300)}`);
        const a = answers[0]!;
        const code = a.kind === 'error' ? a.error?.code : a.result?.ok === false ? a.result.error?.code : undefined;
        if (!code || !KNOWN_CODES.has(code)) throw new Error(`not a typed error: ${JSON.stringify(a).slice(0, 300)}`);
        codes[code] = (codes[code] ?? 0) + 1;
        if (changedTables(before, gateChecksum(env.gate.db, env.gate.dataDir)).length > 0) throw new Error('a bad frame wrote to the database');
        if (prototypePolluted().length > 0) throw new Error('Object.prototype polluted');
      }),
      { numRuns: RUNS_PER_METHOD * 20, endOnFailure: true },
    );
    expect(crashes.errors).toEqual([]);
    reportCount(`contract fuzz (ws frames): ${cases.toLocaleString('en')} bad frames, 0 crashes, 0 writes, codes: ${JSON.stringify(codes)}`);
  });

  it('an unknown method gets unknown_method under its id; duplicate and reused ids are each answered', async () => {
    const c = env.client;
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(unknownMethod, fc.boolean(), async (method, duplicate) => {
        cases++;
        const id = duplicate ? 7 : nextId++;
        const n = duplicate ? 2 : 1;
        const start = c.frames.length;
        for (let i = 0; i < n; i++) c.ws.send(JSON.stringify({ id, method, input: {} }));
        const sentinel = nextId++;
        c.ws.send(JSON.stringify({ id: sentinel, method: 'check:current', input: {} }));
        await c.waitFor((x) => x.kind === 'result' && x.id === sentinel, 'sentinel after an unknown method');
        await withTimeout(
          (async () => {
            while (c.frames.slice(start).filter((x) => x.kind === 'result' && x.id === id).length < n) await new Promise((r) => setTimeout(r, 1));
          })(),
          ANSWER_TIMEOUT_MS,
          'answers to an unknown method',
        );
        const answers = c.frames.slice(start).filter((x) => x.kind === 'result' && x.id === id);
        return answers.length === n && answers.every((x) => x.result?.ok === false && x.result.error?.code === 'unknown_method');
      }),
      { numRuns: RUNS_PER_METHOD * 10 },
    );
    reportCount(`contract fuzz (ws unknown methods and duplicate ids): ${cases.toLocaleString('en')} cases, all unknown_method`);
  });

  it('a flood of mixed frames is answered in full, and a valid call after it too', async () => {
    const c = env.client;
    const before = gateChecksum(env.gate.db, env.gate.dataDir);
    // Small frames only: the megabyte and million-level frames are fuzzed one by one above, and a
    // burst of them measures the CPU (seconds per hundred), not whether every frame is answered.
    const small = badFrame.filter((f) => f.data.length < 4_096);
    const flood = fc.sample(fc.oneof(small, unknownMethod.map((m) => ({ data: JSON.stringify({ id: 0, method: m, input: {} }), binary: false }))), { numRuns: 2_000, seed: 8 });
    const start = c.frames.length;
    for (const f of flood) c.ws.send(f.data, { binary: f.binary });
    const id = nextId++;
    c.ws.send(JSON.stringify({ id, method: 'gate:info', input: {} }));
    const info = await c.waitFor((x) => x.kind === 'result' && x.id === id, 'a valid call after the flood');
    expect(info.result).toMatchObject({ ok: true });
    await withTimeout(
      (async () => {
        while (c.frames.slice(start).filter((x) => x.kind !== 'event').length < flood.length + 1) await new Promise((r) => setTimeout(r, 5));
      })(),
      ANSWER_TIMEOUT_MS,
      'every frame of the flood answered',
    );
    expect(changedTables(before, gateChecksum(env.gate.db, env.gate.dataDir))).toEqual([]);
    expect(crashes.errors).toEqual([]);
    reportCount(`contract fuzz (ws flood): ${flood.length.toLocaleString('en')} frames in one burst, all answered, 0 writes`);
  });

  it(`a frame over ${MAX_FRAME_BYTES / 1024 / 1024} MiB closes that connection (1009); the host keeps serving`, async () => {
    const big = await connect(env.host.port);
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.ws.send(`{"id":1,"method":"check:scan","input":{"code":"${'x'.repeat(MAX_FRAME_BYTES)}","source":"wedge","direction":"in"}}`);
    expect(await withTimeout(closed, ANSWER_TIMEOUT_MS, 'close after an oversize frame')).toBe(1009);
    const again = await connect(env.host.port);
    const id = nextId++;
    again.ws.send(JSON.stringify({ id, method: 'gate:info', input: {} }));
    expect((await again.waitFor((x) => x.kind === 'result' && x.id === id, 'gate:info after an oversize frame')).result).toMatchObject({ ok: true });
    again.ws.close();
    expect(crashes.errors).toEqual([]);
  });

  it('a text frame that is not UTF-8 closes that connection (1007); the host keeps serving', async () => {
    const bad = await connect(env.host.port);
    const closed = new Promise<number>((resolve) => bad.ws.once('close', (code) => resolve(code)));
    // ws does not check what it sends: these bytes go out as a text frame.
    bad.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0xc0, 0xae, 0x7d]), { binary: false });
    expect(await withTimeout(closed, ANSWER_TIMEOUT_MS, 'close after a non-UTF-8 text frame')).toBe(1007);
    const id = nextId++;
    env.client.ws.send(JSON.stringify({ id, method: 'gate:info', input: {} }));
    expect((await env.client.waitFor((x) => x.kind === 'result' && x.id === id, 'gate:info after a non-UTF-8 frame')).result).toMatchObject({ ok: true });
    expect(crashes.errors).toEqual([]);
  });
});
