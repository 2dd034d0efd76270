import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidentSummary } from '../../../shared/contract';
import type { HouseholdView } from '../../../shared/flows';
import { useGate, useReportError } from '../hooks/gateContext';

export type PickedHousehold = { household: HouseholdView; members: ResidentSummary[] };

type Props = { testId: string; value: PickedHousehold | null; onPick: (picked: PickedHousehold | null) => void; invalid?: boolean };

/** Building + room, the way a visitor or courier names a household at the gate. */
export function HouseholdPicker({ testId, value, onPick, invalid = false }: Props) {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [building, setBuilding] = useState(info.buildings[0] ?? '');
  const [room, setRoom] = useState('');
  const [missing, setMissing] = useState(false);

  const find = async () => {
    setMissing(false);
    onPick(null);
    if (!building || !room.trim()) return;
    try {
      const members = await client.call('roster:search', { building, room: room.trim() });
      const first = members[0];
      if (!first) {
        setMissing(true);
        return;
      }
      const household = await client.call('flows:household', { householdId: first.household.id });
      onPick({ household, members: members.filter((m) => m.household.id === first.household.id) });
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <fieldset className={`flow-field flow-household${invalid ? ' flow-field--invalid' : ''}`} data-testid={testId}>
      <div className="flow-row">
        <label>
          <span>{t('household.building')}</span>
          <select value={building} data-testid={`${testId}-building`} onChange={(e) => setBuilding(e.target.value)}>
            {info.buildings.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('household.room')}</span>
          <input
            value={room}
            inputMode="numeric"
            data-testid={`${testId}-room`}
            onChange={(e) => setRoom(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void find();
              }
            }}
          />
        </label>
        <button type="button" className="flow-button" data-testid={`${testId}-find`} onClick={() => void find()}>
          {t('household.find')}
        </button>
      </div>
      {missing ? <p className="flow-error">{t('household.none')}</p> : null}
      {value ? (
        <p className="flow-household__picked" data-testid={`${testId}-picked`}>
          {t('household.label', { building: value.household.building, unit: value.household.unit, room: value.household.room })}
          {value.household.underObservation ? <strong className="flow-tag flow-tag--warn"> {t('household.observed')}</strong> : null}
        </p>
      ) : null}
      {invalid ? <p className="flow-error">{t('form.invalid')}</p> : null}
    </fieldset>
  );
}
