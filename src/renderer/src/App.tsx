import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GateInfo } from '../../shared/contract';
import type { Transport } from './api/client';
import { ConnectionIndicator } from './components/ConnectionIndicator';
import { ErrorToast } from './components/ErrorToast';
import { DiskBanner } from './disk/DiskBanner';
import { Header, type Tab } from './components/Header';
import { ClockBanner } from './clock/ClockBanner';
import { ConfigBanner } from './config/ConfigBanner';
import {
  GateContext,
  ReportErrorContext,
  toShownError,
  type GateContextValue,
  type ShownError,
} from './hooks/gateContext';
import { DEFAULT_LANG, type Lang } from './i18n/setup';
import { useKioskHeartbeat } from './hooks/useReconnect';
import { DeskScreen } from './screens/DeskScreen';
import { GuardScreen } from './screens/GuardScreen';
import { LogScreen } from './screens/LogScreen';
import { RosterScreen } from './screens/RosterScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SignedInOnly } from './staff/SignedInOnly';
import { StaffLayer } from './staff/StaffLayer';
import { StaffScreen } from './staff/StaffScreen';
import { ParcelScreen } from './screens/ParcelScreen';
import { ReturneeScreen } from './screens/ReturneeScreen';
import { VisitorScreen } from './screens/VisitorScreen';
import { PassesScreen } from './passes/PassesScreen';
import { StatusMapScreen } from './passes/StatusMapScreen';

const INFO_RETRY_MS = 3000;
const NOTICE_MS = 5000;

type Notice = 'manual.noCheck';

export function App({ transport }: { transport: Transport }) {
  const { t, i18n } = useTranslation();
  const { client, connection } = transport;
  useKioskHeartbeat(transport.kind);
  const [info, setInfo] = useState<GateInfo | null>(null);
  const [infoFailed, setInfoFailed] = useState(false);
  // The gate's configured language applies until a guard picks one on this screen.
  const [chosenLang, setChosenLang] = useState<Lang | null>(null);
  const lang: Lang = chosenLang ?? info?.locale ?? DEFAULT_LANG;
  const [tab, setTab] = useState<Tab>('guard');
  // Mounted on first visit and kept (hidden) after, so unsaved device edits survive a tab change.
  const [settingsOpened, setSettingsOpened] = useState(false);
  // The desk too: an export running there keeps reporting its progress while the guard works.
  const [deskOpened, setDeskOpened] = useState(false);
  const [toast, setToast] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const errorSeq = useRef(0);

  const reportError = useCallback((err: unknown) => {
    errorSeq.current += 1;
    setToast(toShownError(err, errorSeq.current));
  }, []);
  const closeToast = useCallback(() => setToast(null), []);

  const loadInfo = useCallback(async (): Promise<boolean> => {
    try {
      const next = await client.call('gate:info', {});
      setInfo(next);
      setInfoFailed(false);
      return true;
    } catch {
      setInfoFailed(true);
      return false;
    }
  }, [client]);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const attempt = async () => {
      if (!(await loadInfo()) && live) timer = setTimeout(() => void attempt(), INFO_RETRY_MS);
    };
    void attempt();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [loadInfo]);

  useEffect(() => {
    void i18n.changeLanguage(lang);
    document.documentElement.lang = lang;
  }, [i18n, lang]);

  useEffect(() => {
    document.title = info ? `${t('app.title')} · ${info.gate.name}` : t('app.title');
  }, [t, info]);

  useEffect(() => {
    if (!notice) return undefined;
    const id = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(id);
  }, [notice]);

  const chooseLang = useCallback((next: Lang) => setChosenLang(next), []);
  const showGuard = useCallback(() => setTab('guard'), []);
  const chooseTab = useCallback((next: Tab) => {
    setTab(next);
    if (next === 'settings') setSettingsOpened(true);
    if (next === 'desk') setDeskOpened(true);
  }, []);
  const refreshInfo = useCallback(() => void loadInfo(), [loadInfo]);

  const gate = useMemo<GateContextValue | null>(
    () => (info ? { client, info, lang, refreshInfo, connection } : null),
    [client, info, lang, refreshInfo, connection],
  );

  if (!gate) {
    return (
      <main className="loading" data-testid="loading">
        <p>{t(infoFailed ? 'app.loadFailed' : 'app.loading')}</p>
        <ConnectionIndicator source={connection} />
      </main>
    );
  }

  return (
    <GateContext.Provider value={gate}>
      <ReportErrorContext.Provider value={reportError}>
        <div className="app" data-tab={tab}>
          <Header tab={tab} onTab={chooseTab} onLang={chooseLang} connection={connection} />
          <ClockBanner />
          <DiskBanner />
          <ConfigBanner />
          <main className="app__main">
            {/* Nobody on duty: the sign-in screen covers the kiosk and no screen asks the core for residents' data. */}
            <SignedInOnly>
              <GuardScreen active={tab === 'guard'} onNeedsAttention={showGuard} onNotice={setNotice} />
              {/* Kept mounted: a half-filled form survives the guard being called back to the scan screen. */}
              <VisitorScreen active={tab === 'visitors'} />
              <ParcelScreen active={tab === 'parcels'} />
              <ReturneeScreen active={tab === 'returnees'} />
              {tab === 'log' ? <LogScreen /> : null}
              {tab === 'roster' ? <RosterScreen /> : null}
              {tab === 'map' ? <StatusMapScreen /> : null}
              {tab === 'passes' ? <PassesScreen /> : null}
              {deskOpened ? <DeskScreen active={tab === 'desk'} /> : null}
              {settingsOpened ? <SettingsScreen active={tab === 'settings'} /> : null}
              {tab === 'staff' ? <StaffScreen /> : null}
            </SignedInOnly>
          </main>
          {notice ? (
            <div className="notice-toast" data-testid="notice" role="status">
              {t(notice)}
            </div>
          ) : null}
          <StaffLayer />
          <ErrorToast error={toast} onClose={closeToast} />
        </div>
      </ReportErrorContext.Provider>
    </GateContext.Provider>
  );
}
