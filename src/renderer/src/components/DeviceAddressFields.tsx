import { useTranslation } from 'react-i18next';
import type { DeviceForm, FormProblem, ProtocolInfo } from '../devices/deviceForm';
import type { DetectedPort } from '../devices/ports';
import { DeviceField, invalidProps } from './DeviceField';

type Props = {
  idBase: string;
  form: DeviceForm;
  onChange: (form: DeviceForm) => void;
  transport: ProtocolInfo['transport'] | undefined;
  problems: readonly FormProblem[];
  ports: readonly DetectedPort[];
};

/**
 * Where the device is: a port path (picked from the detected ones or typed), or its USB identity,
 * which finds it again when a re-plug gives it another path. With a USB identity the path is kept
 * as the fallback a serial device is tried on when the identity finds nothing.
 */
export function DeviceAddressFields({ idBase, form, onChange, transport, problems, ports }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof DeviceForm>(key: K, value: DeviceForm[K]) =>
    onChange({ ...form, [key]: value });
  const id = (name: string) => `${idBase}-${name}`;
  const choices = ports.filter((p) => transport === undefined || p.kind === transport);
  const usb = form.addressBy === 'usb';

  return (
    <fieldset className="device-form__address">
      <legend>{t('deviceForm.addressBy')}</legend>
      <div className="device-form__modes">
        {(['path', 'usb'] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name={id('address-by')}
              data-testid={`device-address-${mode}`}
              checked={form.addressBy === mode}
              onChange={() => set('addressBy', mode)}
            />
            {t(mode === 'path' ? 'deviceForm.byPath' : 'deviceForm.byUsb')}
          </label>
        ))}
      </div>
      <div className="device-form__grid">
        <DeviceField
          label={t(usb ? 'deviceForm.pathFallback' : 'deviceForm.path')}
          htmlFor={id('path')}
          field="path"
          problems={problems}
        >
          <input
            id={id('path')}
            className="mono"
            data-testid="device-path"
            list={id('paths')}
            value={form.path}
            maxLength={256}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('deviceForm.pathPlaceholder')}
            onChange={(e) => set('path', e.target.value)}
            {...invalidProps(id('path'), 'path', problems)}
          />
          <datalist id={id('paths')}>
            {choices.map((p) => (
              <option key={`${p.kind}:${p.path}`} value={p.path}>
                {p.kind === 'hid'
                  ? [p.manufacturer, p.product].filter(Boolean).join(' ')
                  : (p.manufacturer ?? '')}
              </option>
            ))}
          </datalist>
        </DeviceField>
        {usb ? (
          <>
            <DeviceField
              label={t('deviceForm.vendorId')}
              htmlFor={id('vid')}
              field="vendorId"
              problems={problems}
            >
              <input
                id={id('vid')}
                className="mono device-form__hex"
                data-testid="device-vendor-id"
                value={form.vendorId}
                maxLength={4}
                autoComplete="off"
                spellCheck={false}
                placeholder="0c2e"
                onChange={(e) => set('vendorId', e.target.value)}
                {...invalidProps(id('vid'), 'vendorId', problems)}
              />
            </DeviceField>
            <DeviceField
              label={t('deviceForm.productId')}
              htmlFor={id('pid')}
              field="productId"
              problems={problems}
            >
              <input
                id={id('pid')}
                className="mono device-form__hex"
                data-testid="device-product-id"
                value={form.productId}
                maxLength={4}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => set('productId', e.target.value)}
                {...invalidProps(id('pid'), 'productId', problems)}
              />
            </DeviceField>
            <DeviceField
              label={t('deviceForm.serialNumber')}
              htmlFor={id('sn')}
              field="serialNumber"
              problems={problems}
              hint={form.serialNumber.trim() ? undefined : t('deviceForm.noSerialHint')}
            >
              <input
                id={id('sn')}
                className="mono"
                data-testid="device-serial-number"
                value={form.serialNumber}
                maxLength={128}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => set('serialNumber', e.target.value)}
                {...invalidProps(id('sn'), 'serialNumber', problems)}
              />
            </DeviceField>
          </>
        ) : null}
      </div>
    </fieldset>
  );
}
