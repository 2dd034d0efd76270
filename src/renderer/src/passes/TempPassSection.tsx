import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TempPassPurpose, type TempPassKeyInfo, type TempPassView } from '../../../shared/passes';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatDateTime } from '../i18n/format';
import { printHtml } from '../util/print';
import { findHousehold } from './findHousehold';

const HOURS_DEFAULT = 4;

/** Issue a temporary pass at the gate, preview its 58/80 mm receipt, print it; list and revoke. */
export function TempPassSection() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [keys, setKeys] = useState<TempPassKeyInfo | null>(null);
  const [passes, setPasses] = useState<TempPassView[]>([]);
  const [building, setBuilding] = useState(info.buildings[0] ?? '');
  const [room, setRoom] = useState('');
  const [purpose, setPurpose] = useState<TempPassPurpose>('shopping');
  const [hours, setHours] = useState(HOURS_DEFAULT);
  const [notFound, setNotFound] = useState(false);
  const [preview, setPreview] = useState<{ id: string; width: 58 | 80; html: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; reason: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setPasses(await client.call('tempPass:list', { limit: 50 }));
    } catch (err) {
      reportError(err);
    }
  }, [client, reportError]);

  useEffect(() => {
    let live = true;
    client.call('tempPass:list', { limit: 50 }).then((p) => live && setPasses(p), reportError);
    client.call('tempPass:keyInfo', {}).then((k) => live && setKeys(k), reportError);
    return () => {
      live = false;
    };
  }, [client, reportError]);

  const showPreview = async (id: string, width: 58 | 80) => {
    try {
      const { html } = await client.call('tempPass:printHtml', { id, widthMm: width });
      setPreview({ id, width, html });
    } catch (err) {
      reportError(err);
    }
  };

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const household = await findHousehold(client, building, room);
      setNotFound(!household);
      if (!household) return;
      const pass = await client.call('tempPass:issue', { householdId: household.id, purpose, validHours: hours });
      setRoom('');
      await load();
      await showPreview(pass.id, preview?.width ?? 58);
    } catch (err) {
      reportError(err);
    }
  };

  const revoke = async (e: FormEvent) => {
    e.preventDefault();
    if (!revoking) return;
    try {
      await client.call('tempPass:revoke', { id: revoking.id, reason: revoking.reason.trim() });
      setRevoking(null);
      await load();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <section className="passes__section" data-testid="temp-pass-section">
      <h2>{t('tempPass.title')}</h2>
      {keys?.mode === 'local_root' ? <p className="notice">{t('tempPass.localRoot')}</p> : null}
      {keys && !keys.canIssue ? <p className="notice">{t('tempPass.cannotIssue')}</p> : null}
      {keys ? <p className="muted mono">{t('tempPass.keys', { committee: keys.committeeFingerprint, gate: keys.gateFingerprint ?? '—' })}</p> : null}
      <form className="passes__form" onSubmit={(e) => void issue(e)} data-testid="temp-pass-form">
        <h3>{t('tempPass.issue')}</h3>
        <label>
          {t('tempPass.building')}
          <select data-testid="temp-pass-building" value={building} onChange={(e) => setBuilding(e.target.value)}>
            {info.buildings.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tempPass.room')}
          <input data-testid="temp-pass-room" required maxLength={32} value={room} onChange={(e) => setRoom(e.target.value)} />
        </label>
        <label>
          {t('tempPass.purpose')}
          <select data-testid="temp-pass-purpose" value={purpose} onChange={(e) => setPurpose(TempPassPurpose.parse(e.target.value))}>
            {TempPassPurpose.options.map((p) => (
              <option key={p} value={p}>
                {t(`tempPass.purpose.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tempPass.validHours')}
          <input
            data-testid="temp-pass-hours"
            type="number"
            min={1}
            max={72}
            required
            value={hours}
            onChange={(e) => setHours(Math.max(1, Math.min(72, Math.round(Number(e.target.value) || HOURS_DEFAULT))))}
          />
        </label>
        <button type="submit" data-testid="temp-pass-submit" disabled={keys !== null && !keys.canIssue}>
          {t('tempPass.submit')}
        </button>
        {notFound ? (
          <p className="inline-error" role="alert" data-testid="temp-pass-not-found">
            {t('tempPass.pickHousehold')}
          </p>
        ) : null}
      </form>

      {preview ? (
        <div className="passes__preview" data-testid="temp-pass-preview" data-pass-id={preview.id}>
          <label>
            {t('tempPass.width')}
            <select data-testid="temp-pass-width" value={preview.width} onChange={(e) => void showPreview(preview.id, Number(e.target.value) === 80 ? 80 : 58)}>
              <option value={58}>58 mm</option>
              <option value={80}>80 mm</option>
            </select>
          </label>
          <iframe
            title={t('tempPass.print')}
            data-testid="temp-pass-frame"
            srcDoc={preview.html}
            style={{ width: `${preview.width + 10}mm` }}
            sandbox="allow-same-origin allow-modals"
          />
          <div>
            <button type="button" data-testid="temp-pass-print" onClick={() => printHtml(preview.html)}>
              {t('tempPass.doPrint')}
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              {t('tempPass.closePreview')}
            </button>
          </div>
        </div>
      ) : null}

      <h3>{t('tempPass.list')}</h3>
      {passes.length === 0 ? (
        <p>{t('tempPass.none')}</p>
      ) : (
        <table className="table" data-testid="temp-pass-list">
          <tbody>
            {passes.map((p) => (
              <tr key={p.id} data-pass-id={p.id} data-state={p.state}>
                <td>{p.household}</td>
                <td>{t(`tempPass.purpose.${p.purpose}`)}</td>
                <td>{t('tempPass.expires', { time: formatDateTime(p.expiresAt, info.timeZone) })}</td>
                <td>{t(`tempPass.state.${p.state}`)}</td>
                <td>
                  <button type="button" data-testid="temp-pass-preview-button" onClick={() => void showPreview(p.id, preview?.width ?? 58)}>
                    {t('tempPass.print')}
                  </button>
                  {p.state === 'valid' ? (
                    <button type="button" data-testid="temp-pass-revoke" onClick={() => setRevoking({ id: p.id, reason: '' })}>
                      {t('tempPass.revoke')}
                    </button>
                  ) : null}
                  {revoking?.id === p.id ? (
                    <form onSubmit={(e) => void revoke(e)}>
                      <input
                        aria-label={t('tempPass.revokeReason')}
                        placeholder={t('tempPass.revokeReason')}
                        maxLength={200}
                        value={revoking.reason}
                        onChange={(e) => setRevoking({ id: p.id, reason: e.target.value })}
                      />
                      <button type="submit" data-testid="temp-pass-revoke-confirm">
                        {t('tempPass.revoke')}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
