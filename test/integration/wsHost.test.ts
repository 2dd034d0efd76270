import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHostServer, type HostServer } from '../../src/main/api/wsHost';
import { makeGate, type TestGate } from '../helpers/gate';

let gate: TestGate;
let host: HostServer;
let renderer: string;

beforeEach(async () => {
  gate = await makeGate();
  renderer = join(gate.dataDir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>gate</title>');
  writeFileSync(join(gate.dataDir, 'secret.txt'), 'not for the browser');
  host = await startHostServer({ dispatch: gate.dispatch, events: gate.events, rendererDir: renderer, port: 0 });
});
afterEach(async () => {
  await host.close();
  gate.cleanup();
});

type Frame = { kind: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string } }; event?: string; payload?: unknown; error?: { code: string } };

async function connect(origin?: string): Promise<{ ws: WebSocket; frames: Frame[]; next: (pred: (f: Frame) => boolean) => Promise<Frame> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, origin ? { origin } : {});
  const frames: Frame[] = [];
  const waiters: Array<{ pred: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as Frame;
    frames.push(f);
    for (const w of [...waiters]) if (w.pred(f)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(f); }
  });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  const next = (pred: (f: Frame) => boolean) =>
    new Promise<Frame>((resolve) => {
      const seen = frames.find(pred);
      if (seen) resolve(seen);
      else waiters.push({ pred, resolve });
    });
  return { ws, frames, next };
}

const dbChecksum = () => JSON.stringify(gate.db.prepare('SELECT count(*) n, max(seq) m FROM entry_log').get()) + JSON.stringify(gate.db.prepare('SELECT count(*) n FROM resident').get());

describe('headless host', () => {
  it('carries the contract over the WebSocket and pushes events to every client', async () => {
    const a = await connect();
    const b = await connect();
    a.ws.send(JSON.stringify({ id: 1, method: 'check:scan', input: { code: 'HM90001', source: 'wedge', direction: 'in' } }));
    const res = await a.next((f) => f.kind === 'result' && f.id === 1);
    expect(res.result).toMatchObject({ ok: true, value: { stage: 'await_reading' } });
    const pushed = await b.next((f) => f.kind === 'event' && f.event === 'check:updated');
    expect(pushed.payload).toMatchObject({ credential: 'HM90001' });
    a.ws.close();
    b.ws.close();
  });

  it('answers garbage with typed errors, stays up, and writes nothing', async () => {
    const before = dbChecksum();
    const c = await connect();
    const hostile = [
      'not json',
      '{"id":1}',
      JSON.stringify({ id: 2, method: 'check:scan', input: { code: 'x'.repeat(10_000), source: 'wedge', direction: 'in' } }),
      JSON.stringify({ id: 3, method: 'check:scan', input: { code: 'HM90001', source: 'wedge', direction: 'sideways' } }),
      JSON.stringify({ id: 4, method: '__proto__', input: {} }),
      '{"id":5,"method":"check:scan","input":{"__proto__":{"polluted":true},"code":"HM90001","source":"wedge","direction":"in"}}',
      JSON.stringify({ id: 6, method: 'roster:import', input: { fileName: 'a.csv', dataBase64: 'AAAA', mode: 'nope', dryRun: false } }),
      JSON.stringify({ id: 7, method: 'log:list', input: { filter: { from: '2020-13-45x' }, limit: 1e9, offset: -1 } }),
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    ];
    for (const h of hostile) c.ws.send(h);
    c.ws.send(Buffer.from([0xff, 0x00]), { binary: true });
    c.ws.send(JSON.stringify({ id: 99, method: 'gate:info', input: {} }));
    const info = await c.next((f) => f.id === 99);
    expect(info.result?.ok).toBe(true);
    const errors = c.frames.filter((f) => f.kind === 'error' || (f.kind === 'result' && f.result?.ok === false));
    expect(errors).toHaveLength(hostile.length + 1);
    for (const e of errors) expect(e.error?.code ?? e.result?.error?.code).toMatch(/invalid_input|unknown_method/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(dbChecksum()).toBe(before);
    c.ws.close();
  });

  it('refuses a WebSocket from a foreign origin', async () => {
    await expect(connect('https://evil.example')).rejects.toThrow(/403/);
    const ok = await connect(`http://127.0.0.1:${host.port}`);
    ok.ws.close();
  });

  it('serves the renderer with a CSP and never a file outside it', async () => {
    const index = await fetch(host.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await fetch(`${host.url}..%2fsecret.txt`);
    expect(await escape.text()).not.toContain('not for the browser');
  });
});
