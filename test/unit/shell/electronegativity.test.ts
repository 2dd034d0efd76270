import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');

/** `npm run security:electron` as part of the suite, so a new HIGH finding fails the tests, not only a manual run. */
describe('Electronegativity over the source', () => {
  it('finds nothing high and nothing unreviewed (README: Electron security review)', async () => {
    const { code, out } = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(process.execPath, [join(ROOT, 'scripts/electronegativity.mjs')], { cwd: ROOT, timeout: 120_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
      });
    });
    expect(out).toMatch(/\d+ atomic and \d+ global checks, \d+ findings, 0 not justified/);
    expect(out).not.toMatch(/^FINDING/m);
    expect(code).toBe(0);
  }, 120_000);
});
