/**
 * Roster import: parse and validate the whole file first, then write in one transaction.
 * "all_or_nothing" imports only a clean file and makes the roster equal to it; "valid_rows" is the
 * explicit choice to take the good rows and leave everyone else as they were (a resident whose row
 * has a typo is not dropped from the roster).
 */
import type { ImportReport } from '../../shared/contract';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import type { RosterStore } from '../store/roster';
import { replaceRosterPlates } from '../vehicles/rosterPlates';
import { maskCredential } from '../export/mask';
import { parseRosterFile, RosterFileError } from './parseRoster';

export type ImportRequest = {
  fileName: string;
  data: Buffer;
  mode: 'all_or_nothing' | 'valid_rows';
  dryRun: boolean;
};

export async function importRoster(
  deps: { db: Db; roster: RosterStore; compoundId: string; clock: Clock; newId: IdGenerator },
  req: ImportRequest,
): Promise<ImportReport> {
  const { codes, labels } = deps.roster.statusLookup();
  let parsed;
  try {
    parsed = await parseRosterFile(req.fileName, req.data, codes, labels);
  } catch (err) {
    // The reason is what the screen translates; the message (English, with numbers) is the detail.
    if (err instanceof RosterFileError) {
      throw new GateError('bad_file', err.message, { reason: err.reason, missingColumns: err.missingColumns });
    }
    throw err;
  }
  const households = new Set(parsed.valid.map((r) => `${r.building}\u0000${r.unit}\u0000${r.room}`)).size;
  const report: ImportReport = {
    fileName: req.fileName,
    totalRows: parsed.totalRows,
    validRows: parsed.valid.length,
    // A problem names the cell's value; where a pass number or other column holds a phone or ID
    // number (some committees use them as pass numbers), the report shows it masked like the rest.
    problems: parsed.problems.map((p) => ({ ...p, value: maskCredential(p.value) })),
    imported: false,
    importedRows: 0,
    households,
  };
  const blocked = req.mode === 'all_or_nothing' && parsed.problems.length > 0;
  if (req.dryRun || blocked || parsed.valid.length === 0) return report;

  const now = deps.clock.now().toISOString();
  deps.db.transaction(() => {
    deps.roster.replaceRoster(deps.compoundId, parsed.valid, now, deps.newId, {
      removeMissing: req.mode === 'all_or_nothing',
    });
    if (parsed.hasPlates) {
      replaceRosterPlates(deps.db, deps.compoundId, parsed.valid, now, { removeMissing: req.mode === 'all_or_nothing' });
    }
  })();
  return { ...report, imported: true, importedRows: parsed.valid.length };
}
