import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusEntry } from '../../../shared/passes';
import { useGate, useReportError } from '../hooks/gateContext';
import { householdLabel } from '../util/household';
import { textOn } from './colour';
import { HouseholdDetailPanel } from './HouseholdDetailPanel';
import { useStatusMap } from './useStatusMap';
import './passes.css';

/**
 * The household status map (作战图): every building a grid of households in its status colour.
 * Each colour also carries its legend number in the cell, so the map reads without colour vision.
 */
export function StatusMapScreen() {
  const { t } = useTranslation();
  const { client, lang } = useGate();
  const reportError = useReportError();
  const [scheme, setScheme] = useState<string | null>(null);
  const { map, reload } = useStatusMap(scheme);
  const [openId, setOpenId] = useState<string | null>(null);

  const legend = useMemo(() => {
    const shown = map?.schemes.find((s) => s.id === map.scheme);
    return new Map<string, { n: number; s: StatusEntry }>((shown?.statuses ?? []).map((s, i) => [s.code, { n: i + 1, s }]));
  }, [map]);

  if (!map) return <section className="screen" data-testid="map-screen" />;
  const label = (s: StatusEntry) => (lang === 'en' ? s.labelEn : s.labelZh);

  const adoptScheme = async () => {
    try {
      await client.call('statusMap:setScheme', { scheme: map.scheme });
      reload();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <section className="screen status-map" data-testid="map-screen">
      <header className="status-map__head">
        <h1 className="screen__title">{t('map.title')}</h1>
        <label className="status-map__scheme">
          {t('map.scheme')}
          <select data-testid="map-scheme" value={map.scheme} onChange={(e) => setScheme(e.target.value)}>
            {map.schemes.map((s) => (
              <option key={s.id} value={s.id}>
                {t(`map.scheme.${s.id}`, { defaultValue: s.id })}
                {s.id === map.activeScheme ? ` · ${t('map.active')}` : ''}
              </option>
            ))}
          </select>
        </label>
        {map.scheme !== map.activeScheme ? (
          <button type="button" data-testid="map-use-scheme" onClick={() => void adoptScheme()}>
            {t('map.useScheme')}
          </button>
        ) : null}
        <span data-testid="map-total">{t('map.total', { n: map.total })}</span>
      </header>

      <ul className="status-map__legend" aria-label={t('map.legend')} data-testid="map-legend">
        {[...legend.values()].map(({ n, s }) => (
          <li key={s.code} data-status={s.code}>
            <span className="status-map__glyph" style={{ background: s.colour, color: textOn(s.colour) }} aria-hidden="true">
              {n}
            </span>
            <span>{label(s)}</span>
            <b data-testid={`map-count-${s.code}`}>{map.counts[s.code] ?? 0}</b>
          </li>
        ))}
        {map.other > 0 ? (
          <li data-status="other">
            <span className="status-map__glyph status-map__glyph--other" aria-hidden="true">
              ?
            </span>
            <span>{t('map.other')}</span>
            <b data-testid="map-count-other">{map.other}</b>
          </li>
        ) : null}
      </ul>

      <div className="status-map__buildings">
        {map.buildings.map((b) => (
          <section key={b.name} className="status-map__building" data-testid={`map-building-${b.name}`}>
            <h2>{t('map.building', { name: b.name })}</h2>
            <div className="status-map__grid">
              {b.households.map((h) => {
                const entry = legend.get(h.status);
                const hhLabel = householdLabel({ building: b.name, unit: h.unit, room: h.room });
                return (
                  <button
                    key={h.id}
                    type="button"
                    className={`status-map__cell${entry ? '' : ' status-map__cell--other'}`}
                    style={entry ? { background: entry.s.colour, color: textOn(entry.s.colour) } : undefined}
                    data-testid="map-household"
                    data-household={h.id}
                    data-label={hhLabel}
                    data-status={h.status}
                    aria-label={t('map.household', { label: hhLabel, status: entry ? label(entry.s) : t('map.other'), n: h.members })}
                    onClick={() => setOpenId(h.id)}
                  >
                    <span className="status-map__room">{[h.unit, h.room].filter(Boolean).join('-')}</span>
                    <span className="status-map__cellglyph">{entry ? entry.n : '?'}</span>
                  </button>
                );
              })}
            </div>
          </section>
        ))}
      </div>
      {openId ? (
        <HouseholdDetailPanel
          householdId={openId}
          statuses={[...legend.values()].map((x) => x.s)}
          canChange={map.scheme === map.activeScheme}
          onClose={() => setOpenId(null)}
        />
      ) : null}
    </section>
  );
}
