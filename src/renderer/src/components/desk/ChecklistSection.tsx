import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistDay, ChecklistItem } from '../../../../shared/report';
import { useGate, useReportError } from '../../hooks/gateContext';
import { formatDateTime, todayInZone } from '../../i18n/format';
import { DisinfectionSheet } from './DisinfectionSheet';

const BY_KEY = 'gatehouse.desk.by';

function readBy(): string {
  try {
    return sessionStorage.getItem(BY_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberBy(by: string): void {
  try {
    sessionStorage.setItem(BY_KEY, by);
  } catch {
    // Storage may be off in a locked-down kiosk profile; the name then lasts as long as the screen.
  }
}

/** 打钩: the day's items, each ticked or unticked under the name of whoever signs the paper sheet. */
export function ChecklistSection() {
  const { t } = useTranslation();
  const { client, info, lang } = useGate();
  const reportError = useReportError();
  const tz = info.timeZone;
  const [date, setDate] = useState(() => todayInZone(tz));
  const [by, setBy] = useState(readBy);
  const [day, setDay] = useState<ChecklistDay | null>(null);
  const [reloads, setReloads] = useState(0);
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    if (!date) return undefined;
    let live = true;
    client.call('checklist:day', { date }).then(
      (next) => {
        if (live) setDay(next);
      },
      (err: unknown) => {
        if (live) reportError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, date, reloads, reportError]);

  const changeBy = (value: string) => {
    setBy(value);
    rememberBy(value);
  };

  const tick = async (item: ChecklistItem) => {
    const signer = by.trim();
    if (!signer) return;
    setPending(item.code);
    try {
      await client.call('checklist:tick', { date, code: item.code, ticked: !item.ticked, by: signer });
    } catch (err) {
      reportError(err);
    } finally {
      setPending(null);
      // The day's counts change with the item: read the whole day again rather than patching it.
      setReloads((n) => n + 1);
    }
  };

  const shown = day && day.date === date ? day : null;
  const noName = by.trim() === '';
  return (
    <>
      <section className="desk__panel" data-testid="checklist">
        <h3>{t('checklist.title')}</h3>
        <div className="filters">
          <label>
            {t('checklist.date')}
            <input type="date" data-testid="checklist-date" value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <label>
            {t('checklist.by')}
            <input
              type="text"
              data-testid="checklist-by"
              maxLength={40}
              autoComplete="off"
              value={by}
              onChange={(e) => changeBy(e.target.value)}
            />
          </label>
        </div>
        {noName ? (
          <p className="notice" data-testid="checklist-need-by">
            {t('checklist.needBy')}
          </p>
        ) : null}
        {shown === null ? <p>{t('checklist.loading')}</p> : null}
        {shown ? (
          <>
            <p data-testid="checklist-progress" data-required-done={shown.required.done} data-required-total={shown.required.total}>
              {t('checklist.progress', {
                done: shown.required.done,
                total: shown.required.total,
                optDone: shown.optional.done,
                optTotal: shown.optional.total,
              })}
            </p>
            <ul className="checklist">
              {shown.items.map((item) => (
                <li
                  key={item.code}
                  className="checklist__item"
                  data-testid="checklist-item"
                  data-code={item.code}
                  data-ticked={item.ticked}
                  data-required={item.required}
                >
                  <label className="checklist__label">
                    <input
                      type="checkbox"
                      data-testid="checklist-tick"
                      checked={item.ticked}
                      disabled={noName || pending !== null}
                      onChange={() => void tick(item)}
                    />
                    <span>{lang === 'en' ? item.labelEn : item.labelZh}</span>
                  </label>
                  <span className={`checklist__tag${item.required ? ' checklist__tag--required' : ''}`}>
                    {t(item.required ? 'checklist.required' : 'checklist.optional')} · {t(`checklist.category.${item.category}`)}
                  </span>
                  {item.by && item.at ? (
                    <span className="report__muted" data-testid="checklist-who">
                      {t(item.ticked ? 'checklist.tickedBy' : 'checklist.untickedBy', {
                        by: item.by,
                        time: formatDateTime(item.at, tz),
                      })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <DisinfectionSheet date={date} by={by.trim()} />
    </>
  );
}
