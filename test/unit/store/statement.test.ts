import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { statement } from '../../../src/main/store/db';
import { localDate } from '../../../src/main/core/time';

describe('statement cache', () => {
  it('prepares a statement once per connection and SQL text, and each connection gets its own', () => {
    const a = new Database(':memory:');
    const b = new Database(':memory:');
    try {
      const sql = 'SELECT ? + 1 AS n';
      const first = statement<[number], { n: number }>(a, sql);
      expect(statement(a, sql)).toBe(first);
      expect(statement(b, sql)).not.toBe(first);
      expect(statement(a, 'SELECT 2 AS n')).not.toBe(first);
      expect(first.get(41)?.n).toBe(42);
      expect(statement<[number], { n: number }>(b, sql).get(1)?.n).toBe(2);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('localDate (cached formatter per zone)', () => {
  it('gives each zone its own local date for the same instant', () => {
    const instant = new Date('2020-02-10T17:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2020-02-11');
    expect(localDate(instant, 'UTC')).toBe('2020-02-10');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2020-02-11');
    expect(localDate(new Date('2020-02-10T15:59:59Z'), 'Asia/Shanghai')).toBe('2020-02-10');
  });
});
