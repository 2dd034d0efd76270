import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommitteeForm } from '../../../../shared/exportJobs';
import type { DailyReportInput } from '../../../../shared/report';
import { useGate, useReportError } from '../../hooks/gateContext';
import { downloadBase64 } from '../../util/download';

/** The committee's three forms (集中排摸信息表, 来(返)沪人员健康登记表, 小区防疫管控记录表) as workbooks. */
export function FormsPanel({ input }: { input: DailyReportInput }) {
  const { t } = useTranslation();
  const { client } = useGate();
  const reportError = useReportError();
  const [busy, setBusy] = useState<CommitteeForm | null>(null);

  const download = async (form: CommitteeForm) => {
    setBusy(form);
    try {
      const file = await client.call('forms:xlsx', { form, ...input });
      downloadBase64(file.fileName, file.dataBase64);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="desk__panel" data-testid="forms-panel">
      <h3>{t('forms.title')}</h3>
      <p className="report__muted">
        {t('forms.hint')} ({input.from} – {input.to}). {t('forms.masked')}
      </p>
      <div className="filters">
        {CommitteeForm.options.map((form) => (
          <button
            key={form}
            type="button"
            data-testid={`form-${form}`}
            disabled={busy !== null}
            onClick={() => void download(form)}
          >
            {t(`forms.${form}`)}
          </button>
        ))}
      </div>
    </section>
  );
}
