import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeScan } from '../../../src/renderer/src/scan/wedge';

/** Feeds `text` one key every `msPerChar`, starting at `start`; returns every scan produced. */
function type(
  d: WedgeDetector,
  text: string,
  start: number,
  msPerChar: number,
): { scans: WedgeScan[]; end: number } {
  const scans: WedgeScan[] = [];
  let t = start;
  for (const ch of text) {
    const s = d.feed(ch, t);
    if (s) scans.push(s);
    t += msPerChar;
  }
  return { scans, end: t - msPerChar };
}

describe('WedgeDetector', () => {
  it.each([5, 10, 20])('takes a burst at %i ms/char ended by Enter as a scan', (ms) => {
    const d = new WedgeDetector();
    const { scans, end } = type(d, 'P00012345', 1000, ms);
    expect(scans).toEqual([]);
    const scan = d.feed('Enter', end + ms);
    expect(scan).toMatchObject({ code: 'P00012345', endedBy: 'suffix' });
    expect(d.buffer).toBe('');
  });

  it('treats Tab as a suffix too', () => {
    const d = new WedgeDetector();
    const { end } = type(d, 'ABCDEFGH', 0, 8);
    expect(d.feed('Tab', end + 8)?.code).toBe('ABCDEFGH');
  });

  it('never takes human typing (120+ ms/char) as a scan, with or without Enter', () => {
    for (const ms of [120, 150, 300]) {
      const d = new WedgeDetector();
      const { scans, end } = type(d, 'P00012345678', 0, ms);
      expect(scans).toEqual([]);
      expect(d.feed('Enter', end + ms)).toBeNull();
      expect(d.flush(end + 10_000)).toBeNull();
    }
  });

  it('does not take a fast typist (50 ms/char, under the 100 ms reset) as a scan', () => {
    const d = new WedgeDetector();
    const { end } = type(d, 'ABCDEFGH', 0, 50);
    expect(d.feed('Enter', end + 50)).toBeNull();
  });

  it('ignores codes shorter than 6 characters', () => {
    const d = new WedgeDetector();
    const { end } = type(d, '12345', 0, 5);
    expect(d.feed('Enter', end + 5)).toBeNull();
    type(d, '12345', 5000, 5);
    expect(d.flush(9000)).toBeNull();
  });

  it('accepts exactly 6 characters at the 30 ms/char limit and refuses just over it', () => {
    const ok = new WedgeDetector();
    // span 5 × 36 = 180 = 6 × 30
    const a = type(ok, 'ABCDEF', 0, 36);
    expect(ok.feed('Enter', a.end + 1)?.code).toBe('ABCDEF');
    const slow = new WedgeDetector();
    const b = type(slow, 'ABCDEF', 0, 37);
    expect(slow.feed('Enter', b.end + 1)).toBeNull();
  });

  it('keeps the punctuation of QR URLs (event.key values)', () => {
    const d = new WedgeDetector();
    const url = 'https://gate.example.cn/p?id=A1B2&sig=x.y_z-9%20#f';
    const { end } = type(d, url, 0, 4);
    expect(d.feed('Enter', end + 4)?.code).toBe(url);
  });

  it('ignores Shift between characters, as scanners press it for capitals and `:?&`', () => {
    const d = new WedgeDetector();
    let t = 0;
    for (const ch of 'AB:CD?EF') {
      expect(d.feed('Shift', t)).toBeNull();
      d.feed(ch, t + 1);
      t += 6;
    }
    expect(d.feed('Enter', t)?.code).toBe('AB:CD?EF');
  });

  it('judges a burst without suffix after 100 ms of silence (flush)', () => {
    const d = new WedgeDetector();
    const { end } = type(d, 'GATEPASS01', 0, 10);
    expect(d.flush(end + 50)).toBeNull();
    expect(d.buffer).toBe('GATEPASS01');
    expect(d.flush(end + 100)).toMatchObject({ code: 'GATEPASS01', endedBy: 'silence' });
    expect(d.buffer).toBe('');
    expect(d.flush(end + 500)).toBeNull();
  });

  it('completes a silent burst when the next key comes after the gap, and starts afresh', () => {
    const d = new WedgeDetector();
    const { end } = type(d, 'GATEPASS01', 0, 10);
    const scan = d.feed('x', end + 400);
    expect(scan).toMatchObject({ code: 'GATEPASS01', endedBy: 'silence' });
    expect(d.buffer).toBe('x');
  });

  it('resets the buffer start after a gap over 100 ms', () => {
    const d = new WedgeDetector();
    d.feed('a', 0);
    d.feed('b', 150);
    expect(d.buffer).toBe('b');
    // A scan right after a stray human key is still recognised on its own.
    const { end } = type(d, 'SCAN123456', 400, 10);
    expect(d.buffer).toBe('SCAN123456');
    expect(d.feed('Enter', end + 10)?.code).toBe('SCAN123456');
  });

  it('lets a named key such as Backspace break a burst', () => {
    const d = new WedgeDetector();
    type(d, 'ABC', 0, 5);
    d.feed('Backspace', 15);
    const { end } = type(d, 'DEF', 20, 5);
    expect(d.feed('Enter', end + 5)).toBeNull();
  });

  it('handles Chinese characters as single keys', () => {
    const d = new WedgeDetector();
    const { end } = type(d, '出入证123456', 0, 5);
    expect(d.feed('Enter', end + 5)?.code).toBe('出入证123456');
  });
});
