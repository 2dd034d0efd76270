import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BAUD_RATES,
  changeProtocol,
  findProtocol,
  type DeviceForm as Form,
  type FormProblem,
  type ProtocolInfo,
} from '../devices/deviceForm';
import type { DetectedPort } from '../devices/ports';
import { protocolLabel } from '../i18n/protocols';
import { DeviceAddressFields } from './DeviceAddressFields';
import { DeviceField, invalidProps } from './DeviceField';

type Props = {
  /** Unique per entry, for the controls' html ids. */
  idBase: string;
  form: Form;
  onChange: (form: Form) => void;
  protocols: readonly ProtocolInfo[];
  problems: readonly FormProblem[];
  ports: readonly DetectedPort[];
  /** The loaded entry has a Modbus register map that the form keeps as it is. */
  hasRegisterMap: boolean;
  /** The test button and its result. */
  children?: ReactNode;
};

/** Everything config.json can say about one device, as fields; only the ones its protocol uses show. */
export function DeviceForm({
  idBase,
  form,
  onChange,
  protocols,
  problems,
  ports,
  hasRegisterMap,
  children,
}: Props) {
  const { t } = useTranslation();
  const p = findProtocol(protocols, form.protocol);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => onChange({ ...form, [key]: value });
  const id = (name: string) => `${idBase}-${name}`;
  const bauds = BAUD_RATES.map(String);
  if (form.baudRate && !bauds.includes(form.baudRate)) bauds.push(form.baudRate);

  return (
    <div className="device-form" data-testid="device-form" role="group" aria-label={t('deviceForm.title')}>
      <div className="device-form__grid">
        <DeviceField
          label={t('deviceForm.id')}
          htmlFor={id('id')}
          field="id"
          problems={problems}
          hint={t('deviceForm.idHint')}
        >
          <input
            id={id('id')}
            data-testid="device-id"
            value={form.id}
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set('id', e.target.value)}
            {...invalidProps(id('id'), 'id', problems)}
          />
        </DeviceField>
        <DeviceField label={t('deviceForm.label')} htmlFor={id('label')} field="label" problems={problems}>
          <input
            id={id('label')}
            data-testid="device-label"
            value={form.label}
            maxLength={60}
            autoComplete="off"
            onChange={(e) => set('label', e.target.value)}
            {...invalidProps(id('label'), 'label', problems)}
          />
        </DeviceField>
        <DeviceField
          label={t('deviceForm.protocol')}
          htmlFor={id('protocol')}
          field="protocol"
          problems={problems}
        >
          <select
            id={id('protocol')}
            data-testid="device-protocol"
            value={form.protocol}
            onChange={(e) => onChange(changeProtocol(form, e.target.value, protocols))}
            {...invalidProps(id('protocol'), 'protocol', problems)}
          >
            {p ? null : <option value={form.protocol}>{form.protocol || t('deviceForm.choose')}</option>}
            {protocols.map((x) => (
              <option key={x.id} value={x.id}>
                {protocolLabel(t, x.id)}
              </option>
            ))}
          </select>
        </DeviceField>
        <div className="device-field device-field--check">
          <label>
            <input
              type="checkbox"
              data-testid="device-enabled"
              checked={form.enabled}
              onChange={(e) => set('enabled', e.target.checked)}
            />
            {t('deviceForm.enabled')}
          </label>
        </div>
      </div>

      <DeviceAddressFields
        idBase={idBase}
        form={form}
        onChange={onChange}
        transport={p?.transport}
        problems={problems}
        ports={ports}
      />

      <div className="device-form__grid">
        {p?.transport === 'serial' ? (
          <DeviceField
            label={t('deviceForm.baudRate')}
            htmlFor={id('baud')}
            field="baudRate"
            problems={problems}
          >
            <select
              id={id('baud')}
              data-testid="device-baud"
              value={form.baudRate}
              onChange={(e) => set('baudRate', e.target.value)}
            >
              {form.baudRate === '' ? <option value="">{t('deviceForm.choose')}</option> : null}
              {bauds.map((b) => (
                <option key={b} value={b}>
                  {b}
                  {p.defaultBaud !== null && b === String(p.defaultBaud) ? ` ${t('deviceForm.default')}` : ''}
                </option>
              ))}
            </select>
          </DeviceField>
        ) : null}
        {p?.kind === 'thermometer' ? (
          <>
            <DeviceField
              label={t('deviceForm.pollMs')}
              htmlFor={id('poll')}
              field="pollMs"
              problems={problems}
            >
              <input
                id={id('poll')}
                data-testid="device-poll-ms"
                type="number"
                inputMode="numeric"
                min={50}
                max={10_000}
                step={50}
                value={form.pollMs}
                onChange={(e) => set('pollMs', e.target.value)}
                {...invalidProps(id('poll'), 'pollMs', problems)}
              />
            </DeviceField>
            <DeviceField
              label={t('deviceForm.medianOf')}
              htmlFor={id('median')}
              field="medianOf"
              problems={problems}
            >
              <input
                id={id('median')}
                data-testid="device-median-of"
                type="number"
                inputMode="numeric"
                min={1}
                max={15}
                value={form.medianOf}
                onChange={(e) => set('medianOf', e.target.value)}
                {...invalidProps(id('median'), 'medianOf', problems)}
              />
            </DeviceField>
          </>
        ) : null}
        {form.protocol === 'modbus-rtu' ? (
          <>
            <DeviceField
              label={t('deviceForm.modbusSlave')}
              htmlFor={id('slave')}
              field="modbusSlave"
              problems={problems}
            >
              <input
                id={id('slave')}
                data-testid="device-modbus-slave"
                type="number"
                inputMode="numeric"
                min={1}
                max={247}
                value={form.modbusSlave}
                onChange={(e) => set('modbusSlave', e.target.value)}
                {...invalidProps(id('slave'), 'modbusSlave', problems)}
              />
            </DeviceField>
            <DeviceField
              label={t('deviceForm.modbusFn')}
              htmlFor={id('fn')}
              problems={problems}
              hint={hasRegisterMap ? t('deviceForm.modbusMap') : undefined}
            >
              <select
                id={id('fn')}
                data-testid="device-modbus-fn"
                value={form.modbusFn}
                onChange={(e) => set('modbusFn', e.target.value === '4' ? '4' : '3')}
              >
                <option value="3">{t('deviceForm.modbusFn3')}</option>
                <option value="4">{t('deviceForm.modbusFn4')}</option>
              </select>
            </DeviceField>
          </>
        ) : null}
        {form.protocol === 'lu90614' ? (
          <DeviceField label={t('deviceForm.lu90614Mode')} htmlFor={id('mode')} problems={problems}>
            <select
              id={id('mode')}
              data-testid="device-lu90614-mode"
              value={form.lu90614Mode}
              onChange={(e) => set('lu90614Mode', e.target.value === 'object' ? 'object' : 'body')}
            >
              <option value="body">{t('deviceForm.modeBody')}</option>
              <option value="object">{t('deviceForm.modeObject')}</option>
            </select>
          </DeviceField>
        ) : null}
        {p?.kind === 'scanner' ? (
          <DeviceField label={t('deviceForm.lane')} htmlFor={id('lane')} problems={problems}>
            <select
              id={id('lane')}
              data-testid="device-lane"
              value={form.lane}
              onChange={(e) =>
                set('lane', e.target.value === 'in' || e.target.value === 'out' ? e.target.value : 'both')
              }
            >
              <option value="both">{t('deviceForm.laneBoth')}</option>
              <option value="in">{t('deviceForm.laneIn')}</option>
              <option value="out">{t('deviceForm.laneOut')}</option>
            </select>
          </DeviceField>
        ) : null}
      </div>
      {children}
    </div>
  );
}
