import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckView } from '../../../shared/contract';
import type { ScanSource } from '../../../shared/domain';
import { CameraPreview } from '../camera/CameraPreview';
import { AlarmBanner } from '../components/AlarmBanner';
import { AlertsPanel } from '../components/AlertsPanel';
import { DecisionPanel } from '../components/DecisionPanel';
import { DeviceStrip } from '../components/DeviceStrip';
import { SyncStrip } from '../sync/SyncStrip';
import { isEnrolmentQr, offerEnrolmentQr } from '../sync/enrolScan';
import { DirectionToggle } from '../components/DirectionToggle';
import { IdlePanel } from '../components/IdlePanel';
import { LookupPanel } from '../components/LookupPanel';
import { ManualReading } from '../components/ManualReading';
import { SimThermometer } from '../components/SimThermometer';
import { TypedPassEntry } from '../components/TypedPassEntry';
import { useAlarm } from '../hooks/useAlarm';
import { useAlerts } from '../hooks/useAlerts';
import { isFinalStage, useCheck } from '../hooks/useCheck';
import { useDeviceHealth } from '../hooks/useDeviceHealth';
import { useLaneDirection } from '../hooks/useLaneDirection';
import { useGate, useReportError } from '../hooks/gateContext';
import { useWedgeScanner } from '../scan/useWedgeScanner';
import { VehicleBar } from '../passes/VehicleBar';
import { playStageSound } from '../sound';
import { isStaffCardCode } from '../../../shared/staff';
import { announceSignIn, requestApproval } from '../staff/staffBus';

type Props = {
  /** Hidden (not unmounted) on other tabs so scans, alerts and the current check keep working. */
  active: boolean;
  /** A new check needs the guard's eyes, whichever tab is open. */
  onNeedsAttention: () => void;
  onNotice: (message: 'manual.noCheck') => void;
};

export function GuardScreen({ active, onNeedsAttention, onNotice }: Props) {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [direction, setDirection] = useLaneDirection();
  const devices = useDeviceHealth();
  const [lookupOpen, setLookupOpen] = useState(false);
  const { check, setCheck, hide } = useCheck(client, reportError);
  const { open: openAlerts, acknowledge } = useAlerts(client, reportError);
  useAlarm(openAlerts.length);

  const soundKey = check ? `${check.checkId}:${check.stage}` : null;
  const stage = check?.stage;
  useEffect(() => {
    if (soundKey && stage) playStageSound(stage);
  }, [soundKey, stage]);

  const checkId = check?.checkId;
  useEffect(() => {
    if (checkId) onNeedsAttention();
  }, [checkId, onNeedsAttention]);

  const show = useCallback((view: CheckView | null) => setCheck(view), [setCheck]);

  const scan = useCallback(
    async (code: string, source: ScanSource) => {
      const trimmed = code.trim().slice(0, 512);
      if (!trimmed) return;
      // The committee's enrolment QR fills the settings screen's enrolment box; it is never a check.
      if (isEnrolmentQr(trimmed)) return offerEnrolmentQr(trimmed);
      try {
        // A staff card (GS-…) signs its holder in; it is never a resident's check.
        if (isStaffCardCode(trimmed)) return announceSignIn(await client.call('staff:signInCard', { code: trimmed }));
        show(await client.call('check:scan', { code: trimmed, source, direction }));
      } catch (err) {
        reportError(err);
      }
    },
    [client, direction, reportError, show],
  );

  const onWedge = useCallback(
    (code: string) => {
      // A person is at the gate: the decision must not sit behind the lookup dialog.
      setLookupOpen(false);
      void scan(code, 'wedge');
    },
    [scan],
  );
  useWedgeScanner(onWedge);

  const onCamera = useCallback(
    (code: string) => {
      setLookupOpen(false);
      void scan(code, 'camera');
    },
    [scan],
  );

  // A resident without a pass is an exception: the second person on duty confirms with their PIN.
  const lookup = async (residentId: string) => {
    setLookupOpen(false);
    await requestApproval('manual_entry', async ({ approval, reason }) => {
      show(await client.call('check:manualEntry', { residentId, direction, reason, approval }));
    });
  };

  const reading = async (method: 'check:manualReading' | 'device:simulateReading', celsius: number) => {
    try {
      const view = await client.call(method, { celsius });
      if (view) show(view);
      else if (method === 'check:manualReading') onNotice('manual.noCheck');
    } catch (err) {
      reportError(err);
    }
  };

  const dismiss = async () => {
    if (check && isFinalStage(check.stage)) hide(check);
    try {
      const view = await client.call('check:dismiss', {});
      show(view);
      // The guard asked for idle; an abandoned check's final record is in the log, not on screen.
      if (view && isFinalStage(view.stage)) hide(view);
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <div className="guard" hidden={!active} data-testid="guard-screen">
      {/* The decision takes all the height; the status lines sit under it, the tools in a side rail. */}
      <div className="guard__main">
        <div className="guard__stage">
          {/* Keyed by check: each person gets a fresh panel, never the last one's scroll position or state. */}
          {check ? <DecisionPanel key={check.checkId} check={check} onDismiss={() => void dismiss()} /> : <IdlePanel />}
        </div>
        <div className="guard__strips">
          <DeviceStrip devices={devices} />
          <SyncStrip />
        </div>
      </div>
      <div className="guard__tools">
        <DirectionToggle value={direction} onChange={setDirection} />
        <TypedPassEntry onSubmit={(code) => void scan(code, 'typed')} />
        <button
          type="button"
          className="tool tool--button"
          data-testid="open-lookup"
          onClick={() => setLookupOpen(true)}
        >
          {t('lookup.open')}
        </button>
        {/* The open-alerts count and the vehicle check above the fallbacks, so a short rail keeps them in sight. */}
        <AlertsPanel alerts={openAlerts} onAck={(id) => void acknowledge(id)} />
        <AlarmBanner alerts={openAlerts} onAck={(id) => void acknowledge(id)} />
        <VehicleBar direction={direction} />
        <ManualReading onSend={(c) => void reading('check:manualReading', c)} />
        {info.thermometer.kind === 'simulated' ? (
          <SimThermometer onSend={(c) => void reading('device:simulateReading', c)} />
        ) : null}
        <CameraPreview onScan={onCamera} />
      </div>
      {lookupOpen ? (
        <LookupPanel onPick={(id) => void lookup(id)} onClose={() => setLookupOpen(false)} />
      ) : null}
    </div>
  );
}
