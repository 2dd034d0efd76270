/**
 * The default colour schemes a new compound starts with. They are read from the gate's own
 * migrations (run once against an in-memory SQLite database) rather than copied, so a gate and a
 * hub can never disagree about what "orange" means.
 */
import Database from 'better-sqlite3';
import { runMigrations } from '../../main/store/migrations';

export type StatusSeed = {
  code: string;
  scheme: string;
  label_zh: string;
  label_en: string;
  colour: string;
  gate_rule: string;
  severity: number;
  sort: number;
};

let cached: StatusSeed[] | null = null;

export function defaultStatuses(): StatusSeed[] {
  if (cached) return cached;
  const mem = new Database(':memory:');
  try {
    runMigrations(mem);
    cached = mem.prepare<[], StatusSeed>('SELECT code, scheme, label_zh, label_en, colour, gate_rule, severity, sort FROM status_scheme ORDER BY scheme, sort').all();
    return cached;
  } finally {
    mem.close();
  }
}
