/**
 * The Electron shell keeps the ID lookup key wrapped by the OS keychain (safeStorage: DPAPI on
 * Windows, the Secret Service or KWallet on Linux). A key file already stored plain (written by an
 * earlier build, or where no keychain was available) stays plain rather than becoming unreadable.
 */
import { safeStorage } from 'electron';
import { plainWrapper, storedKeyKind, type KeyWrapper } from './privacy/idKey';

const safeStorageWrapper: KeyWrapper = {
  kind: 'safeStorage',
  // safeStorage takes strings; base64 keeps the 32 key bytes intact through it.
  wrap: (key) => safeStorage.encryptString(key.toString('base64')),
  unwrap: (stored) => Buffer.from(safeStorage.decryptString(stored), 'base64'),
};

/** Call after `app.whenReady()`: safeStorage is not usable before. */
export function chooseKeyWrapper(dataDir: string, log: (m: string) => void): KeyWrapper {
  const stored = storedKeyKind(dataDir);
  if (stored === 'plain') return plainWrapper;
  // Linux without a keyring falls back to a fixed password ('basic_text'): no better than plain.
  const usable =
    safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  if (usable || stored === 'safeStorage') return safeStorageWrapper;
  log('no OS keychain available: the ID lookup key is protected by file permissions only');
  return plainWrapper;
}
