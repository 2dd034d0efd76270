import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../helpers/tmp';

const keychain = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret' }));

vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    // A reversible stand-in for the OS keychain's encryption.
    encryptString: (s: string) => Buffer.from(`enc:${s}`),
    decryptString: (b: Buffer) => b.toString().replace(/^enc:/, ''),
  },
}));

const { chooseKeyWrapper } = await import('../../../src/main/keyWrapper');
const { loadOrCreateIdKey, idKeyPath, secretsDir } = await import('../../../src/main/privacy/idKey');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  keychain.available = true;
  keychain.backend = 'gnome_libsecret';
});
afterEach(() => tmp.cleanup());

describe('the Electron shell keeps its keys in the OS keychain', () => {
  it('wraps a new key with safeStorage and reads it back', () => {
    const log = vi.fn();
    const w = chooseKeyWrapper(tmp.dir, log);
    expect(w.kind).toBe('safeStorage');
    const key = loadOrCreateIdKey(tmp.dir, w);
    expect(loadOrCreateIdKey(tmp.dir, chooseKeyWrapper(tmp.dir, log)).equals(key)).toBe(true);
    expect(log).not.toHaveBeenCalled();
  });

  it("treats Linux's basic_text fallback as no keychain, and says so", () => {
    keychain.backend = 'basic_text';
    const log = vi.fn();
    const w = chooseKeyWrapper(tmp.dir, log);
    expect(w.kind).toBe(process.platform === 'linux' ? 'plain' : 'safeStorage');
    if (process.platform === 'linux') expect(log).toHaveBeenCalledWith(expect.stringMatching(/file permissions only/));
  });

  it('keeps reading a key stored plain, and never swaps a keychain-wrapped key for a new plain one', () => {
    secretsDir(tmp.dir);
    writeFileSync(idKeyPath(tmp.dir), JSON.stringify({ v: 1, wrap: 'plain', key: Buffer.alloc(32, 1).toString('base64') }));
    expect(chooseKeyWrapper(tmp.dir, () => {}).kind).toBe('plain');
    writeFileSync(idKeyPath(tmp.dir), JSON.stringify({ v: 1, wrap: 'safeStorage', key: Buffer.from('enc:x').toString('base64') }));
    keychain.available = false;
    expect(chooseKeyWrapper(tmp.dir, () => {}).kind).toBe('safeStorage');
  });
});
