/**
 * A refused import file as the committee should read it: the core's `bad_file` carries a reason
 * code (RosterFileReason) in its details, translated here; anything else is passed on unchanged.
 */
import type { TFunction } from 'i18next';
import { GateCallError } from '../../../shared/contract';

const REASONS = new Set([
  'unsupported_extension',
  'empty',
  'no_header',
  'missing_columns',
  'no_data',
  'corrupt',
  'too_many_rows',
  'too_many_columns',
  'too_large',
]);

export function fileImportError(err: unknown, t: TFunction): unknown {
  if (!(err instanceof GateCallError) || err.code !== 'bad_file') return err;
  const d = err.details as { reason?: unknown; missingColumns?: unknown } | undefined;
  const reason = typeof d?.reason === 'string' && REASONS.has(d.reason) ? d.reason : null;
  if (!reason) return err;
  const columns = Array.isArray(d?.missingColumns) ? d.missingColumns.join('、') : '';
  const message = t(`fileImport.reason.${reason}` as 'fileImport.reason.corrupt', { columns });
  return new GateCallError({ code: 'bad_file', message, details: err.details });
}
