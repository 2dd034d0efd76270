import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/gate';

// The architecture's boundary rules are enforced by lint; these cases prove the rule bites.
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('electron in a core subfolder of src/main fails lint', async () => {
    const errors = await restrictedImportErrors("import { app } from 'electron';\nexport const x = app;\n", 'src/main/gate/leak.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Only the Electron shell/);
  });

  it.each(['src/shared/leak.ts', 'drivers/leak.ts', 'src/renderer/src/leak.ts'])('electron in %s fails lint', async (file) => {
    expect(await restrictedImportErrors("import { app } from 'electron';\nexport const x = app;\n", file)).toHaveLength(1);
  });

  it('electron directly in src/main/ and in src/preload/ is the shell, and allowed', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await restrictedImportErrors(code, 'src/main/window.ts')).toEqual([]);
    expect(await restrictedImportErrors(code, 'src/preload/index.ts')).toEqual([]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", 'Node built-ins'],
    ["import { readFileSync } from 'fs';", 'Node built-ins'],
    ["import Database from 'better-sqlite3';", 'Native modules'],
    ["import { SerialPort } from 'serialport';", 'Native modules'],
    ["import HID from 'node-hid';", 'Native modules'],
  ])('the renderer may not %s', async (line, why) => {
    const errors = await restrictedImportErrors(`${line}\nexport const y = 1;\n`, 'src/renderer/src/leak.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(why);
  });
});
