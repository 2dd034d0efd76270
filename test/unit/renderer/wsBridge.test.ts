import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WsBridge, sameHostWsUrl, type WebSocketLike } from '../../../src/renderer/src/api/wsBridge';
import { createClient } from '../../../src/shared/client';
import { GateCallError } from '../../../src/shared/contract';

/** A socket the test drives by hand: open it, answer frames, drop it. */
class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: { id: number; method: string; input: unknown }[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({});
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  answer(index: number, value: unknown): void {
    const req = this.sent[index];
    if (!req) throw new Error(`no request ${index}`);
    this.receive({ kind: 'result', id: req.id, result: { ok: true, value } });
  }
}

const last = (): FakeSocket => {
  const s = FakeSocket.all.at(-1);
  if (!s) throw new Error('no socket');
  return s;
};

let bridge: WsBridge | null = null;
const make = () => {
  bridge = new WsBridge('ws://gate.local/ws', FakeSocket);
  return bridge;
};

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});
afterEach(() => {
  bridge?.close();
  bridge = null;
  vi.useRealTimers();
});

describe('WsBridge', () => {
  it('builds the same-host URL from the page scheme', () => {
    expect(sameHostWsUrl({ protocol: 'http:', host: '10.0.0.5:8080' })).toBe('ws://10.0.0.5:8080/ws');
    expect(sameHostWsUrl({ protocol: 'https:', host: 'gate.example.cn' })).toBe('wss://gate.example.cn/ws');
  });

  it('sends {id, method, input} and resolves with the matching result', async () => {
    const b = make();
    last().open();
    expect(b.connectionState).toBe('connected');
    const p1 = b.invoke('gate:info', {});
    const p2 = b.invoke('alert:list', {});
    const s = last();
    expect(s.sent.map((f) => f.method)).toEqual(['gate:info', 'alert:list']);
    expect(s.sent[0]?.input).toEqual({});
    // Answers out of order still reach the right caller.
    s.answer(1, ['a']);
    s.answer(0, { x: 1 });
    await expect(p1).resolves.toEqual({ ok: true, value: { x: 1 } });
    await expect(p2).resolves.toEqual({ ok: true, value: ['a'] });
  });

  it('passes error results through so the client throws a typed GateCallError', async () => {
    const client = createClient(make());
    last().open();
    const p = client.call('check:lookup', { residentId: 'r1', direction: 'in' });
    const req = last().sent[0];
    last().receive({
      kind: 'result',
      id: req?.id,
      result: { ok: false, error: { code: 'not_found', message: 'no such resident' } },
    });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GateCallError);
    expect(err).toMatchObject({ code: 'not_found', message: 'no such resident' });
  });

  it('delivers pushed events to subscribers and stops after unsubscribe', () => {
    const b = make();
    last().open();
    const seen: unknown[] = [];
    const off = b.subscribe((event, payload) => seen.push([event, payload]));
    last().receive({ kind: 'event', event: 'log:appended', payload: { id: 'e1' } });
    last().receive({ kind: 'event', event: 'not:an-event', payload: {} });
    last().receive('{not json');
    off();
    last().receive({ kind: 'event', event: 'log:appended', payload: { id: 'e2' } });
    expect(seen).toEqual([['log:appended', { id: 'e1' }]]);
  });

  it('keeps other listeners going when one throws', () => {
    const b = make();
    last().open();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    b.subscribe(() => {
      throw new Error('boom');
    });
    b.subscribe((event) => seen.push(event));
    last().receive({ kind: 'event', event: 'alert:raised', payload: {} });
    expect(seen).toEqual(['alert:raised']);
    spy.mockRestore();
  });

  it('fails in-flight calls with code unavailable when the socket drops', async () => {
    const b = make();
    last().open();
    const p = b.invoke('check:scan', { code: 'P1', source: 'wedge', direction: 'in' });
    last().drop();
    const r = await p;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('unavailable');
    expect(b.connectionState).toBe('reconnecting');
  });

  it('reconnects with backoff 250 ms doubling to 5 s, and resets it after a success', () => {
    const b = make();
    const states: string[] = [];
    b.onStateChange((s) => states.push(s));
    last().drop();
    const delays = [250, 500, 1000, 2000, 4000, 5000, 5000];
    for (const delay of delays) {
      const before = FakeSocket.all.length;
      vi.advanceTimersByTime(delay - 1);
      expect(FakeSocket.all.length, `before ${delay}`).toBe(before);
      vi.advanceTimersByTime(1);
      expect(FakeSocket.all.length, `at ${delay}`).toBe(before + 1);
      last().drop();
    }
    vi.advanceTimersByTime(5000);
    last().open();
    expect(b.connectionState).toBe('connected');
    last().drop();
    const before = FakeSocket.all.length;
    vi.advanceTimersByTime(250);
    expect(FakeSocket.all.length).toBe(before + 1);
    expect(states).toEqual(['reconnecting', 'connected', 'reconnecting']);
  });

  it('holds calls made while disconnected and sends them once connected', async () => {
    const b = make();
    const p = b.invoke('gate:info', {});
    vi.advanceTimersByTime(3000);
    last().open();
    expect(last().sent.map((f) => f.method)).toEqual(['gate:info']);
    last().answer(0, { ok: 1 });
    await expect(p).resolves.toEqual({ ok: true, value: { ok: 1 } });
  });

  it('gives up on a waiting call after 10 s with code unavailable', async () => {
    const b = make();
    last().drop();
    const p = b.invoke('gate:info', {});
    vi.advanceTimersByTime(9_999);
    let settled = false;
    void p.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    const r = await p;
    expect(!r.ok && r.error.code).toBe('unavailable');
    // A connection that arrives later must not replay the abandoned call.
    vi.advanceTimersByTime(10_000);
    last().open();
    expect(last().sent).toEqual([]);
  });

  it('ignores results for unknown ids and malformed result bodies become internal errors', async () => {
    const b = make();
    last().open();
    last().receive({ kind: 'result', id: 999, result: { ok: true, value: 1 } });
    const p = b.invoke('gate:info', {});
    last().receive({ kind: 'result', id: last().sent[0]?.id, result: { nonsense: true } });
    const r = await p;
    expect(!r.ok && r.error.code).toBe('internal');
  });

  it('close() stops reconnecting and fails what is outstanding', async () => {
    const b = make();
    const waiting = b.invoke('gate:info', {});
    b.close();
    expect(!(await waiting).ok).toBe(true);
    const count = FakeSocket.all.length;
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all.length).toBe(count);
    expect((await b.invoke('gate:info', {})).ok).toBe(false);
  });
});
