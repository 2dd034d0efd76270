/** Where things live, for both shells. No electron import: the headless host uses this too. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Built layout: out/main/*.js, out/renderer/, and resources/ at the package root. */
export const rendererDir = (): string => join(__dirname, '../renderer');
export const defaultResourcesDir = (): string => join(__dirname, '../../resources');

/** Headless data folder: $GATEHOUSE_DATA_DIR, else the XDG data home. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEHOUSE_DATA_DIR) return env.GATEHOUSE_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'gatehouse');
}
