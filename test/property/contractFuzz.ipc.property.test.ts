/**
 * Contract fuzz over Electron IPC: a fake ipcMain records the handlers registerIpc installs
 * (src/main/ipc.ts), and each case is invoked like a renderer would, through a structured clone of
 * the input, from the app's own top-level frame. Hostile sender frames are fuzzed too: they must be
 * refused with `forbidden` before the core sees anything. See contractFuzzHarness.ts for what every
 * case must show.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { ipcChannel, methodNames, type MethodName } from '../../src/shared/contract';
import { registerIpc, trustedSender } from '../../src/main/ipc';
import type { TestGate } from '../helpers/gate';
import {
  changedTables,
  formatCounts,
  fuzzMethod,
  gateChecksum,
  makeFuzzGate,
  newCounts,
  RUNS_PER_METHOD,
  watchCrashes,
  UNSENDABLE,
  type Transport,
} from './contractFuzzHarness';
import { materialise, prototypePolluted, UNICODE_EDGES } from './hostileArbitraries';
import { reportCount } from '../helpers/counts';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

const APP_URL = 'file:///opt/gatehouse/out/renderer/index.html';
/**
 * A structured clone stops near 4,000 levels in a main thread and sooner in a worker like this
 * one; a nest the clone refuses could not have been sent, and is counted as such.
 */
const IPC_DEPTHS = [1_000, 1_500, 2_000] as const;

function cloneOrUnsendable(input: unknown): unknown {
  try {
    return structuredClone(materialise(input));
  } catch (err) {
    if (err instanceof RangeError) return UNSENDABLE;
    throw err;
  }
}

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, fn: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

const ownFrame = { senderFrame: { url: APP_URL, parent: null } } as unknown as IpcMainInvokeEvent;

function ipcTransport(gate: TestGate): { transport: Transport; handlers: Map<string, Handler>; unregister: () => void } {
  const ipc = fakeIpcMain();
  const unregister = registerIpc(ipc, gate.dispatch, trustedSender(APP_URL));
  const transport: Transport = {
    name: 'ipc',
    flavour: 'clone',
    depths: IPC_DEPTHS,
    received: cloneOrUnsendable,
    call: (method, input) => ipc.handlers.get(ipcChannel(method))!(ownFrame, cloneOrUnsendable(input)),
  };
  return { transport, handlers: ipc.handlers, unregister };
}

const crashes = watchCrashes();
afterAll(() => crashes.stop());

describe.each([
  { signedIn: true, label: 'signed in' },
  { signedIn: false, label: 'nobody signed in' },
])('contract fuzz over IPC, $label', ({ signedIn }) => {
  let gate: TestGate;
  let t: ReturnType<typeof ipcTransport>;
  const counts = newCounts();
  beforeAll(async () => {
    gate = await makeFuzzGate(signedIn);
    t = ipcTransport(gate);
  });
  afterAll(async () => {
    reportCount(formatCounts(`ipc, ${signedIn ? 'signed in' : 'nobody signed in'}`, methodNames.length, counts));
    t.unregister();
    await gate.cleanup();
  });

  it.each(methodNames.map((m) => [m]))('%s: every hostile input gets a typed answer, writes nothing, pollutes nothing', async (method: MethodName) => {
    await fuzzMethod(t.transport, gate, method, signedIn, counts, crashes);
  });

  it('still answers a valid call afterwards, and nothing crashed', async () => {
    const info = await t.handlers.get(ipcChannel('gate:info'))!(ownFrame, {});
    expect(info).toMatchObject({ ok: true });
    expect(crashes.errors).toEqual([]);
    expect(counts.crashes).toBe(0);
    expect(counts.partialWrites).toBe(0);
  });
});

describe('IPC from a frame that is not the app', () => {
  it('is refused with forbidden before the core runs, for every method', async () => {
    const gate = await makeFuzzGate(true);
    const { handlers, unregister } = ipcTransport(gate);
    const frameUrl = fc.oneof(
      fc.constantFrom('https://evil.example/', 'file:///tmp/other.html', `${APP_URL}/../x`, 'about:blank', 'data:text/html,x', '', 'file://', 'javascript:alert(1)'),
      fc.constantFrom(...UNICODE_EDGES),
      fc.webUrl(),
    );
    const event = fc.oneof(
      frameUrl.map((url) => ({ senderFrame: { url, parent: null } })),
      fc.constant({ senderFrame: { url: APP_URL, parent: { url: APP_URL } } }), // a sub-frame of the app
      fc.constant({ senderFrame: null }),
      fc.constant({}),
    );
    let cases = 0;
    const before = gateChecksum(gate.db, gate.dataDir);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methodNames), event, async (method, ev) => {
        cases++;
        const r = await handlers.get(ipcChannel(method))!(ev as unknown as IpcMainInvokeEvent, {});
        return (r as { ok: boolean; error?: { code: string } }).ok === false && (r as { error: { code: string } }).error.code === 'forbidden';
      }),
      { numRuns: RUNS_PER_METHOD * 20 },
    );
    expect(changedTables(before, gateChecksum(gate.db, gate.dataDir))).toEqual([]);
    expect(prototypePolluted()).toEqual([]);
    reportCount(`contract fuzz (ipc, foreign sender frames): ${cases.toLocaleString('en')} cases, all forbidden, 0 writes`);
    unregister();
    await gate.cleanup();
  });
});
