/**
 * The manager's desk methods (issue 7): daily report, committee forms, checklist, disinfection
 * sheet and streaming exports. Full ID numbers and phones stay behind dual control (issue 6): a
 * request for unmasked output must carry a one-time grant from `privacy:grantUnmasked`, checked
 * and audited here, at the boundary.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GateConfig } from '../config/config';
import type { Clock } from '../core/clock';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import { addDays, startOfLocalDay } from '../core/time';
import { ExportJobs } from '../export/exportJobs';
import { committeeFormXlsx } from '../export/formsXlsx';
import { dailyReportXlsx } from '../export/reportXlsx';
import { addDisinfection, checklistDay, checklistHistory, listDisinfection, setChecklistTick } from '../report/checklist';
import { buildDailyReport } from '../report/dailyReport';
import { renderReportHtml } from '../report/reportHtml';
import type { Db } from '../store/db';
import type { Handlers } from './dispatch';
import type { AuditLog } from '../audit/auditLog';
import type { PrivacyServices } from '../privacy/privacyRuntime';
import type { UnmaskedPurpose } from '../privacy/unmaskedGrants';

type DeskMethods =
  | 'report:daily'
  | 'report:html'
  | 'report:xlsx'
  | 'forms:xlsx'
  | 'checklist:day'
  | 'checklist:history'
  | 'checklist:tick'
  | 'disinfection:add'
  | 'disinfection:list'
  | 'export:start'
  | 'export:cancel'
  | 'export:defaults';

export function createDeskHandlers(d: {
  db: Db;
  config: GateConfig;
  clock: Clock;
  newId: IdGenerator;
  events: GateEvents;
  dataDir: string;
  audit: Pick<AuditLog, 'append'>;
  privacy: Pick<PrivacyServices, 'unmaskedGrants'>;
}): Pick<Handlers, DeskMethods> {
  const { db, config } = d;
  const compoundId = config.compound.id;
  const ctx = () => ({ compoundId, timeZone: config.timeZone, now: d.clock.now() });
  const jobs = new ExportJobs({ newId: d.newId, onEvent: (e) => d.events.emit('export:progress', e) });
  const unmaskedAllowed = (i: { unmasked?: boolean; unmaskedGrant?: string }, purpose: UnmaskedPurpose, what: string): boolean => {
    if (!i.unmasked) return false;
    const grant = d.privacy.unmaskedGrants.consume(i.unmaskedGrant, purpose);
    d.audit.append('privacy.unmasked_export', { actors: [...grant.onDuty, grant.approverId], subject: what, details: { purpose, approver: grant.approverId } });
    return true;
  };
  const report = (i: Parameters<typeof buildDailyReport>[1]) => buildDailyReport(db, i, ctx());
  const defaultFolder = join(d.dataDir, 'exports');

  return {
    'report:daily': (i) => report(i),
    'report:html': (i) => ({
      fileName: `daily-report_${i.from}_${i.to}.html`,
      html: renderReportHtml(report(i), { lang: config.locale }),
    }),
    'report:xlsx': async (i) => {
      const data = await dailyReportXlsx(report(i), { lang: config.locale });
      return { fileName: `daily-report_${i.from}_${i.to}.xlsx`, dataBase64: data.toString('base64'), rows: 0 };
    },
    'forms:xlsx': async (i) => {
      const unmasked = unmaskedAllowed(i, 'forms', `form:${i.form}`);
      const form = await committeeFormXlsx(db, { ...i, unmasked }, ctx());
      return { fileName: form.fileName, dataBase64: form.data.toString('base64'), rows: form.rows };
    },
    'checklist:day': (i) => checklistDay(db, compoundId, i.date),
    'checklist:history': (i) => checklistHistory(db, compoundId, i.date),
    'checklist:tick': (i) => setChecklistTick(db, i, { ...ctx(), newId: d.newId }),
    'disinfection:add': (i) => addDisinfection(db, i, { compoundId, now: d.clock.now(), newId: d.newId }),
    'disinfection:list': (i) =>
      listDisinfection(
        db,
        compoundId,
        startOfLocalDay(i.from, config.timeZone).toISOString(),
        startOfLocalDay(addDays(i.to, 1), config.timeZone).toISOString(),
      ),
    'export:start': (i) => {
      const unmasked = unmaskedAllowed(i, 'export', `export:${i.format}`);
      const jobId = jobs.start({ db, format: i.format, folder: i.folder, filter: i.filter, timeZone: config.timeZone, lang: config.locale, unmasked });
      return { jobId };
    },
    'export:cancel': (i) => ({ cancelled: jobs.cancel(i.jobId) }),
    'export:defaults': () => {
      mkdirSync(defaultFolder, { recursive: true });
      return { folder: defaultFolder };
    },
  };
}
