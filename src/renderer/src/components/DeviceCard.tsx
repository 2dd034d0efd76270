import { useTranslation } from 'react-i18next';
import type { DeviceHealth } from '../../../shared/contract';
import {
  entryToForm,
  findProtocol,
  type DeviceForm as Form,
  type FormProblem,
  type ProtocolInfo,
} from '../devices/deviceForm';
import type { DetectedPort } from '../devices/ports';
import { entryOf, isEdited, type DraftItem } from '../devices/draft';
import { protocolLabel } from '../i18n/protocols';
import { DeviceChip } from './DeviceChip';
import { DeviceForm } from './DeviceForm';
import { DeviceTest } from './DeviceTest';

type Props = {
  item: DraftItem;
  health: DeviceHealth | null;
  open: boolean;
  protocols: readonly ProtocolInfo[];
  problems: readonly FormProblem[];
  ports: readonly DetectedPort[];
  onToggle: () => void;
  onRemove: () => void;
  onChange: (form: Form) => void;
  onChecked: () => void;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** One configured device: what it is, how it is doing, what is wrong with it, and its form when open. */
export function DeviceCard({
  item,
  health,
  open,
  protocols,
  problems,
  ports,
  onToggle,
  onRemove,
  onChange,
  onChecked,
}: Props) {
  const { t } = useTranslation();
  const form = item.form ?? (item.raw ? entryToForm(item.raw, protocols) : null);
  const edited = isEdited(item, protocols);
  const protocol = form ? findProtocol(protocols, form.protocol) : undefined;
  const where =
    form?.addressBy === 'usb'
      ? t('devices.byUsb', { id: `${form.vendorId}:${form.productId || '*'}` })
      : form?.path
        ? t('devices.byPath', { path: form.path })
        : '';
  const title = form?.label.trim() || form?.id.trim() || t(item.raw ? 'devices.noId' : 'devices.new');
  const errorId = `${item.key}-error`;
  // An empty field is only flagged after a save or test; a wrong value as soon as it is typed.
  const visible = problems.filter(
    (p) => item.checked || (item.form ? item.form[p.field].trim() !== '' : false),
  );

  return (
    <li
      className={`device-card${open ? ' device-card--open' : ''}`}
      data-testid="device-entry"
      data-device-id={form?.id ?? ''}
      data-edited={String(edited)}
      aria-describedby={item.error ? errorId : undefined}
    >
      <div className="device-card__head">
        <div className="device-card__what">
          <strong className="device-card__title">{title}</strong>
          {form?.id && form.label.trim() ? <span className="mono device-card__id">{form.id}</span> : null}
          <span>{form ? protocolLabel(t, form.protocol) : ''}</span>
          {where ? <span className="mono device-card__where">{where}</span> : null}
        </div>
        <div className="device-card__status">
          {form && !form.enabled ? (
            <span className="device-card__off" data-testid="device-off">
              {t('deviceState.disabled')}
            </span>
          ) : null}
          {health ? <DeviceChip health={health} inList /> : null}
          {edited ? (
            <span className="device-card__unsaved" data-testid="device-unsaved">
              {t('devices.unsaved')}
            </span>
          ) : null}
        </div>
        <div className="device-card__actions">
          <button type="button" data-testid="device-edit" aria-expanded={open} onClick={onToggle}>
            {t(open ? 'devices.close' : 'devices.edit')}
          </button>
          <button type="button" className="danger" data-testid="device-remove" onClick={onRemove}>
            {t('devices.remove')}
          </button>
        </div>
      </div>
      {item.error ? (
        <p className="inline-error device-card__error" id={errorId} data-testid="device-error" role="alert">
          {t('devices.coreProblem', { message: item.error })}
        </p>
      ) : null}
      {open && item.form ? (
        <DeviceForm
          idBase={item.key}
          form={item.form}
          onChange={onChange}
          protocols={protocols}
          problems={visible}
          ports={ports}
          hasRegisterMap={isObject(item.raw?.modbus) && item.raw.modbus.map !== undefined}
        >
          <DeviceTest
            kind={protocol?.kind}
            entry={() => {
              onChecked();
              return entryOf(item, protocols);
            }}
          />
        </DeviceForm>
      ) : null}
    </li>
  );
}
