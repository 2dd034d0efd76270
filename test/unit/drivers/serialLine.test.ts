import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormedUtf8 } from '../../../drivers/scanner/aim';
import { createSerialLineDecoder, encodeScanLine } from '../../../drivers/scanner/serialLine';
import { AT, everySplit, feed, oneByteAtATime } from './bytes';

const dec = (maxLineBytes?: number) =>
  createSerialLineDecoder(
    maxLineBytes === undefined ? { deviceId: 'cdc-1' } : { deviceId: 'cdc-1', maxLineBytes },
  );
const ascii = (s: string) => new TextEncoder().encode(s);
const codes = (rs: { code: string; symbology?: string }[]) => rs.map((r) => [r.symbology, r.code]);

describe('serial / USB-CDC line scanner (hardware.md §3.3)', () => {
  it('§3.3 verified chunks: ]Q1https://gate.example/t/AB | C123\\r]C0ABC-123\\r', () => {
    const readings = feed(dec(), ascii(']Q1https://gate.example/t/AB'), ascii('C123\r]C0ABC-123\r'));
    expect(readings).toEqual([
      { kind: 'scan', code: 'https://gate.example/t/ABC123', symbology: ']Q1', deviceId: 'cdc-1', at: AT },
      { kind: 'scan', code: 'ABC-123', symbology: ']C0', deviceId: 'cdc-1', at: AT },
    ]);
  });

  it.each(['\r', '\r\n', '\n'])('terminator %j', (t) => {
    const d = dec();
    expect(codes(feed(d, ascii(`HM00001${t}HM00002${t}`)))).toEqual([
      [undefined, 'HM00001'],
      [undefined, 'HM00002'],
    ]);
    expect(d.stats()).toMatchObject({ frames: 2, garbageBytes: 0 });
  });

  it('CRLF split between CR and LF yields no empty scan', () => {
    expect(codes(feed(dec(), ascii('HM00001\r'), ascii('\nHM00002\r'), ascii('\n')))).toEqual([
      [undefined, 'HM00001'],
      [undefined, 'HM00002'],
    ]);
  });

  it('empty lines are ignored and are not garbage', () => {
    const d = dec();
    expect(feed(d, ascii('\r\n\r\n\n\r'))).toEqual([]);
    expect(d.stats()).toMatchObject({ frames: 0, garbageBytes: 0 });
  });

  it.each([']Q1', ']C0', ']E0', ']E4', ']d1', ']e0', ']z0', ']A4', ']L2'])(
    'AIM prefix %s is split into symbology',
    (aim) => {
      expect(codes(feed(dec(), ascii(`${aim}4006381333931\r`)))).toEqual([[aim, '4006381333931']]);
    },
  );

  it('text that only looks like an AIM id is kept as code', () => {
    expect(codes(feed(dec(), ascii(']QX123\r]1A\r[Q1x\r')))).toEqual([
      [undefined, ']QX123'],
      [undefined, ']1A'],
      [undefined, '[Q1x'],
    ]);
  });

  it('an AIM id with no data is garbage, not an empty scan', () => {
    const d = dec();
    expect(feed(d, ascii(']Q1\r'))).toEqual([]);
    expect(d.stats().garbageBytes).toBe(3);
  });

  it('UTF-8 Chinese, split inside a multi-byte character at every position', () => {
    const line = encodeScanLine('访客:张三 3栋2单元', { symbology: ']Q1', terminator: '\r\n' });
    for (const { k, readings } of everySplit(dec, line))
      expect(codes(readings), `split at ${k}`).toEqual([[']Q1', '访客:张三 3栋2单元']]);
    expect(oneByteAtATime(dec(), line)).toHaveLength(1);
  });

  it('invalid UTF-8 (a scanner left on GBK output) is garbage', () => {
    const d = dec();
    // 张三 in GBK
    expect(
      feed(d, Uint8Array.of(0xd5, 0xc5, 0xc8, 0xfd, 0x0d), ascii('HM00001\r')).map((r) => r.code),
    ).toEqual(['HM00001']);
    expect(d.stats()).toMatchObject({ frames: 1, garbageBytes: 4 });
  });

  it('a line longer than the limit is dropped up to the next terminator', () => {
    const d = dec(16);
    const readings = feed(d, ascii('A'.repeat(10)), ascii('B'.repeat(10)), ascii('CCC\rHM00001\r'));
    expect(readings.map((r) => r.code)).toEqual(['HM00001']);
    expect(d.stats()).toMatchObject({ frames: 1, garbageBytes: 23 });
  });

  it('a line of exactly the limit is kept', () => {
    expect(feed(dec(16), ascii(`${'x'.repeat(16)}\r`)).map((r) => r.code)).toEqual(['x'.repeat(16)]);
  });

  it('defaults to a 4096-byte limit', () => {
    expect(
      feed(dec(), ascii(`${'x'.repeat(4096)}\r${'y'.repeat(4097)}\rok\r`)).map((r) => r.code.length),
    ).toEqual([4096, 2]);
  });

  it('reset drops a partial line', () => {
    const d = dec();
    feed(d, ascii('partial'));
    d.reset();
    expect(feed(d, ascii('HM00009\r')).map((r) => r.code)).toEqual(['HM00009']);
  });
});

describe('strict UTF-8 check', () => {
  it.each([
    ['ASCII', [0x48, 0x4d], true],
    ['张 (3 bytes)', [0xe5, 0xbc, 0xa0], true],
    ['😀 (4 bytes)', [0xf0, 0x9f, 0x98, 0x80], true],
    ['overlong /', [0xc0, 0xaf], false],
    ['overlong 3-byte', [0xe0, 0x80, 0xaf], false],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80], false],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], false],
    ['truncated', [0xe5, 0xbc], false],
    ['lone continuation', [0x80], false],
  ])('%s', (_name, bytes, ok) => {
    expect(isWellFormedUtf8(Uint8Array.from(bytes))).toBe(ok);
  });

  it('agrees with a fatal TextDecoder on random bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const reference = (b: Uint8Array) => {
      try {
        fatal.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 12 }),
          fc.tuple(fc.string({ unit: 'binary', maxLength: 6 }), fc.nat(), fc.nat(255)).map(([s, i, x]) => {
            const b = new TextEncoder().encode(s);
            if (b.length > 0) b[i % b.length] = x;
            return b;
          }),
        ),
        (b) => isWellFormedUtf8(b) === reference(b),
      ),
      { numRuns: 5000 },
    );
  });
});
