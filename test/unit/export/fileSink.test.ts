import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeFileName, TempFile } from '../../../src/main/export/fileSink';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('gatehouse-sink-');
});
afterEach(() => tmp.cleanup());

describe('export files appear whole or not at all', () => {
  it('writes under a hidden temporary name, then renames into place', async () => {
    const f = await TempFile.create(tmp.dir, 'log.csv');
    await f.write('a,b\r\n');
    expect(readdirSync(tmp.dir)).toEqual([expect.stringMatching(/^\.log\.csv\.[0-9a-f]{8}\.part$/)]);
    const done = await f.publish();
    expect(done).toMatchObject({ fileName: 'log.csv', bytes: 5 });
    expect(readdirSync(tmp.dir)).toEqual(['log.csv']);
    expect(readFileSync(done.path, 'utf8')).toBe('a,b\r\n');
  });

  it('discard leaves nothing behind', async () => {
    const f = await TempFile.create(tmp.dir, 'log.csv');
    await f.write('partial');
    await f.discard();
    await f.discard();
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('numbers a second file instead of replacing the first', async () => {
    for (const text of ['one', 'two', 'three']) {
      const f = await TempFile.create(tmp.dir, 'log.csv');
      await f.write(text);
      await f.publish();
    }
    expect(readdirSync(tmp.dir).sort()).toEqual(['log (2).csv', 'log (3).csv', 'log.csv']);
    expect(readFileSync(`${tmp.dir}/log.csv`, 'utf8')).toBe('one');
  });

  it('file names cannot climb out of the folder or carry characters Windows refuses', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a:b*c?.csv')).toBe('a_b_c_.csv');
    expect(safeFileName('..')).toBe('export');
    expect(safeFileName('出入记录 2020-02-10.csv')).toBe('出入记录 2020-02-10.csv');
  });
});
