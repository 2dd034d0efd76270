import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { ipcChannel, methodNames } from '../../../src/shared/contract';
import { createDispatch, type Handlers } from '../../../src/main/api/dispatch';
import { registerIpc, trustedSender } from '../../../src/main/ipc';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

/** A stand-in for Electron's ipcMain: records handlers so the test can invoke them like a renderer. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: vi.fn((channel: string, fn: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

const APP_URL = 'file:///opt/gatehouse/out/renderer/index.html';
const event = (url: string, parent: object | null = null) => ({ senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;

const scanResult = { checkId: 'c1' };
const handlers = new Proxy({} as Handlers, {
  get: (_t, method) => (method === 'check:current' ? () => null : vi.fn(() => scanResult)),
});

/** A post with someone on duty: these tests are about the IPC wiring, not the sign-in gate. */
const signedIn = { signedIn: () => true };

describe('Electron IPC wiring', () => {
  it('registers exactly one handler per contract method, and removes them all', () => {
    const ipc = fakeIpcMain();
    const unregister = registerIpc(ipc, createDispatch(handlers), trustedSender(APP_URL));
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map(ipcChannel).sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('validates input with the contract before any handler runs', async () => {
    const ipc = fakeIpcMain();
    const scan = vi.fn();
    registerIpc(ipc, createDispatch({ ...handlers, 'check:scan': scan } as Handlers, undefined, signedIn), trustedSender(APP_URL));
    const call = ipc.handlers.get(ipcChannel('check:scan'))!;
    const result = await call(event(APP_URL), { code: 42, source: 'wedge', direction: 'in' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const extra = await call(event(APP_URL), { code: 'HM1', source: 'wedge', direction: 'in', __proto__: { admin: true }, evil: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(scan).not.toHaveBeenCalled();
  });

  it('answers a typed error, never a rejection, when reading the input itself throws', async () => {
    const internal = vi.fn();
    const dispatch = createDispatch(handlers, internal, signedIn);
    const hostile = Object.defineProperty({ source: 'wedge', direction: 'in' }, 'code', {
      enumerable: true,
      get: () => {
        throw new Error('getter bomb');
      },
    });
    await expect(dispatch('check:scan', hostile)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(internal).toHaveBeenCalledWith(expect.objectContaining({ message: 'getter bomb' }), 'check:scan');
  });

  it('refuses calls from another page or from a sub-frame', async () => {
    const ipc = fakeIpcMain();
    const current = vi.fn(() => null);
    registerIpc(ipc, createDispatch({ ...handlers, 'check:current': current } as Handlers), trustedSender(APP_URL));
    const call = ipc.handlers.get(ipcChannel('check:current'))!;
    expect(await call(event('https://evil.example/'), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(event('file:///tmp/other.html'), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(event(APP_URL, {}), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call({ senderFrame: null } as unknown as IpcMainInvokeEvent, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(current).not.toHaveBeenCalled();
    expect(await call(event(APP_URL), {})).toEqual({ ok: true, value: null });
    expect(current).toHaveBeenCalledTimes(1);
  });
});

describe('dispatch', () => {
  it('answers an unknown method with a typed error, never a throw', async () => {
    const dispatch = createDispatch(handlers);
    await expect(dispatch('__proto__', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    await expect(dispatch('constructor', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('checks outputs too: a handler that returns a field the contract does not allow is an internal error', async () => {
    const onError = vi.fn();
    const dispatch = createDispatch({ ...handlers, 'check:current': () => ({ leaked: '110105194912310021' }) } as unknown as Handlers, onError);
    const r = await dispatch('check:current', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('110105194912310021');
    expect(onError).toHaveBeenCalledOnce();
  });

  it('turns a thrown error into an internal error without its message (no internals to the UI)', async () => {
    const dispatch = createDispatch({ ...handlers, 'check:current': () => { throw new Error('SQLITE_FULL at /secret/path'); } } as Handlers);
    const r = await dispatch('check:current', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('secret');
  });
});
