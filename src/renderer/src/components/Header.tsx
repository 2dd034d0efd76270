import { useTranslation } from 'react-i18next';
import type { ConnectionSource } from '../api/client';
import { formatTime } from '../i18n/format';
import type { Lang } from '../i18n/setup';
import { useGate } from '../hooks/gateContext';
import { useNow } from '../hooks/useNow';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';
import { DutyChip } from '../staff/DutyChip';

export type Tab = 'guard' | 'visitors' | 'parcels' | 'returnees' | 'log' | 'roster' | 'map' | 'passes' | 'desk' | 'settings' | 'staff';
const TABS: readonly Tab[] = ['guard', 'visitors', 'parcels', 'returnees', 'log', 'roster', 'map', 'passes', 'desk', 'staff', 'settings'];

type Props = {
  tab: Tab;
  onTab: (tab: Tab) => void;
  onLang: (lang: Lang) => void;
  connection: ConnectionSource;
};

export function Header({ tab, onTab, onLang, connection }: Props) {
  const { t } = useTranslation();
  const { info, lang } = useGate();
  const now = useNow();
  return (
    <header className="header">
      <div className="header__place" data-testid="gate-name">
        <span className="header__compound">{info.compound.name}</span>
        <span className="header__gate">{info.gate.name}</span>
      </div>
      <time className="header__clock" data-testid="clock" dateTime={now.toISOString()}>
        {formatTime(now, info.timeZone)}
      </time>
      <ConnectionIndicator source={connection} />
      <DutyChip />
      <nav className="tabs" aria-label={t('app.title')}>
        {TABS.map((id) => (
          <button
            key={id}
            type="button"
            className="tabs__tab"
            data-testid={`nav-${id}`}
            aria-current={tab === id ? 'page' : undefined}
            onClick={() => onTab(id)}
          >
            {t(`nav.${id}`)}
          </button>
        ))}
      </nav>
      <LanguageSwitch lang={lang} onChange={onLang} />
    </header>
  );
}
