import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckView } from '../../../shared/contract';
import { useGate } from '../hooks/gateContext';
import { requestApproval } from './staffBus';

/** Watch notes on this household, on the scan card (e.g. "under observation until 2/20"). */
export function WatchNotesOnCard({ check }: { check: CheckView }) {
  const { t } = useTranslation();
  if (!check.watchNotes?.length) return null;
  return (
    <ul className="watchcard" data-testid="watch-notes">
      {check.watchNotes.map((n, i) => (
        <li key={i} data-testid="watch-note">
          {n.note}
          {n.until ? ` · ${t('staff.watch.until', { date: n.until })}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** On a committed deny or refer: admit anyway, with the asker's and the second person's PINs; recorded as a correction. */
export function OverrideButton({ check }: { check: CheckView }) {
  const { t } = useTranslation();
  const { client } = useGate();
  const [done, setDone] = useState<string | null>(null);
  const entryId = check.entryId;
  if (!entryId || (check.stage !== 'deny' && check.stage !== 'refer')) return null;
  if (done === entryId) {
    return (
      <p className="override__done" data-testid="override-done" role="status">
        {t('staff.override.done')}
      </p>
    );
  }
  const start = async () => {
    const ok = await requestApproval('override_admit', async ({ approval, reason }) => {
      await client.call('override:admit', { entryId, reason, approval });
    });
    if (ok) setDone(entryId);
  };
  return (
    <button type="button" className="override" data-testid="override" onClick={() => void start()}>
      {t('staff.override.button')}
    </button>
  );
}

/** On a log row: void the record (a new void record; the entry stays), with the asker's and the second person's PINs. */
export function VoidEntryButton({ entryId }: { entryId: string }) {
  const { t } = useTranslation();
  const { client } = useGate();
  const [done, setDone] = useState(false);
  if (done) return <span data-testid="void-done">{t('staff.void.done')}</span>;
  const start = async () => {
    const ok = await requestApproval('void_record', async ({ approval, reason }) => {
      await client.call('log:void', { entryId, reason, approval });
    });
    if (ok) setDone(true);
  };
  return (
    <button type="button" className="void" data-testid="void-entry" onClick={() => void start()}>
      {t('staff.void.button')}
    </button>
  );
}
