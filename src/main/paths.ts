/**
 * Where things live, for both shells. No electron import: the headless host uses this too.
 * `mainDir` is the folder of the running entry (out/main): the entry passes its own __dirname,
 * because shared code is bundled into out/main/chunks/ where __dirname points elsewhere.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const rendererDir = (mainDir: string): string => join(mainDir, '../renderer');
export const defaultResourcesDir = (mainDir: string): string => join(mainDir, '../../resources');

/** Headless data folder: $GATEHOUSE_DATA_DIR, else the XDG data home. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEHOUSE_DATA_DIR) return env.GATEHOUSE_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'gatehouse');
}
