import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChecklistSection } from '../components/desk/ChecklistSection';
import { ExportSection } from '../components/desk/ExportSection';
import { ReportSection } from '../components/desk/ReportSection';
import { PrivacySection } from '../privacy/PrivacySection';
import '../components/desk/desk.css';

type DeskTab = 'report' | 'checklist' | 'export' | 'privacy';
const DESK_TABS: readonly DeskTab[] = ['report', 'checklist', 'export', 'privacy'];

/**
 * The manager's desk (issue 7): the daily report (每日一报) and committee forms, the checklist
 * (打钩) with the disinfection sheet, and the entry-log export to a folder. Every part stays
 * mounted (hidden) so a running export keeps its progress while another part is open.
 */
export function DeskScreen({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<DeskTab>('report');
  return (
    <section className="screen desk" data-testid="desk-screen" hidden={!active}>
      <h2 className="screen__title">{t('desk.title')}</h2>
      <nav className="desk__tabs" aria-label={t('desk.title')}>
        {DESK_TABS.map((id) => (
          <button
            key={id}
            type="button"
            className="desk__tab"
            data-testid={`desk-tab-${id}`}
            aria-current={tab === id ? 'page' : undefined}
            onClick={() => setTab(id)}
          >
            {t(`desk.tab.${id}`)}
          </button>
        ))}
      </nav>
      <div hidden={tab !== 'report'}>
        <ReportSection />
      </div>
      <div hidden={tab !== 'checklist'} className="desk__pair">
        <ChecklistSection />
      </div>
      <div hidden={tab !== 'export'}>
        <ExportSection />
      </div>
      <div hidden={tab !== 'privacy'}>
        <PrivacySection />
      </div>
    </section>
  );
}
