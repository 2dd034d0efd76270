import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract';
import type { RawEntry } from '../devices/deviceForm';
import { toShownError, useGate, type ShownError } from '../hooks/gateContext';

export const TEST_TIMEOUT_MS = 5000;

type Result = { kind: 'answer'; answer: MethodOutput<'device:test'> } | { kind: 'error'; error: ShownError };

type Props = {
  /** The entry as the form has it now; the core checks it and says what is wrong, if anything. */
  entry: () => RawEntry;
  kind: 'thermometer' | 'scanner' | undefined;
};

/** Waits for one reading from the device as the form describes it, before anything is saved. */
export function DeviceTest({ entry, kind }: Props) {
  const { t } = useTranslation();
  const { client } = useGate();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const run = async () => {
    const device = entry();
    setBusy(true);
    setResult(null);
    try {
      const answer = await client.call('device:test', { device, timeoutMs: TEST_TIMEOUT_MS });
      if (live.current) setResult({ kind: 'answer', answer });
    } catch (err) {
      if (live.current) setResult({ kind: 'error', error: toShownError(err, Date.now()) });
    } finally {
      if (live.current) setBusy(false);
    }
  };

  const seconds = TEST_TIMEOUT_MS / 1000;
  return (
    <div className="device-test">
      <button type="button" data-testid="device-test" disabled={busy} onClick={() => void run()}>
        {t('deviceTest.run')}
      </button>
      {busy ? (
        <p className="device-test__waiting" role="status" data-testid="device-test-waiting">
          {t(kind === 'scanner' ? 'deviceTest.waitingScanner' : 'deviceTest.waitingThermometer', { seconds })}
        </p>
      ) : null}
      {result ? (
        <p
          className={`device-test__result device-test__result--${result.kind === 'answer' && result.answer.ok ? 'ok' : 'failed'}`}
          data-testid="device-test-result"
          data-ok={String(result.kind === 'answer' && result.answer.ok)}
          role="status"
        >
          {result.kind === 'error'
            ? `${t(`error.${result.error.code}`)} ${t('settings.detail', { message: result.error.message })}`
            : result.answer.ok
              ? t('deviceTest.ok', { reading: result.answer.reading ?? '' })
              : t('deviceTest.failed', { message: result.answer.message ?? t('deviceTest.noDetail') })}
        </p>
      ) : null}
    </div>
  );
}
