import { useTranslation } from 'react-i18next';
import type { PortListing } from '../../../shared/contract';
import { detectedPorts, type DetectedPort } from '../devices/ports';
import type { ShownError } from '../hooks/gateContext';

type Props = {
  listing: PortListing | null;
  loading: boolean;
  error: ShownError | null;
  onRefresh: () => void;
  /** Fills the open device form from this port, or starts a new device with it. */
  onUse: (port: DetectedPort, all: readonly DetectedPort[]) => void;
  /** Ids of the configured devices on a path, to mark ports already in use. */
  usedBy: (path: string) => string[];
};

const usbId = (p: DetectedPort): string =>
  p.vendorId ? `${p.vendorId}:${p.productId ?? '*'}`.toLowerCase() : '—';

/** What is plugged in: serial ports (USB adapters included) and HID devices, barcode scanners marked. */
export function PortList({ listing, loading, error, onRefresh, onUse, usedBy }: Props) {
  const { t } = useTranslation();
  const ports = detectedPorts(listing);
  const serial = ports.filter((p) => p.kind === 'serial');
  const hid = ports.filter((p) => p.kind === 'hid');

  const row = (p: DetectedPort) => {
    const users = usedBy(p.path);
    const name =
      p.kind === 'hid' ? [p.manufacturer, p.product].filter(Boolean).join(' ') : (p.manufacturer ?? '');
    return (
      <tr key={`${p.kind}:${p.path}`} data-testid={`port-${p.kind}`} data-path={p.path}>
        <td className="mono ports__path">{p.path}</td>
        <td>
          {name || '—'}
          {p.kind === 'hid' && p.isBarcodeScanner ? (
            <span className="ports__scanner" data-testid="port-scanner">
              {t('ports.scanner')}
            </span>
          ) : null}
        </td>
        <td>
          <span className="mono">{usbId(p)}</span>
          {p.serialNumber ? (
            <span className="ports__serial">{t('ports.serialNumber', { serial: p.serialNumber })}</span>
          ) : null}
        </td>
        <td>
          {users.length > 0 ? (
            <span className="ports__used" data-testid="port-used">
              {t('ports.usedBy', { ids: users.join(t('list.separator')) })}
            </span>
          ) : null}
          <button type="button" data-testid="port-use" onClick={() => onUse(p, ports)}>
            {t('ports.use')}
          </button>
        </td>
      </tr>
    );
  };

  const table = (title: string, rows: DetectedPort[], empty: string, testId: string) => (
    <>
      <h4 className="ports__heading">{title}</h4>
      {rows.length === 0 ? (
        <p className="settings__hint" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      ) : (
        <div className="ports__scroll">
          <table className="table ports__table" data-testid={testId}>
            <thead>
              <tr>
                <th>{t('ports.col.path')}</th>
                <th>{t('ports.col.device')}</th>
                <th>{t('ports.col.usb')}</th>
                <th aria-label={t('ports.col.actions')} />
              </tr>
            </thead>
            <tbody>{rows.map(row)}</tbody>
          </table>
        </div>
      )}
    </>
  );

  return (
    <section className="ports" data-testid="ports" aria-labelledby="ports-title">
      <header className="settings__bar">
        <h3 id="ports-title">{t('ports.title')}</h3>
        <button type="button" data-testid="ports-refresh" disabled={loading} onClick={onRefresh}>
          {t('ports.refresh')}
        </button>
      </header>
      {loading ? <p role="status">{t('ports.loading')}</p> : null}
      {error ? (
        <p className="inline-error" data-testid="ports-error" role="alert">
          {t(`error.${error.code}`)} {t('roster.errorDetail', { message: error.message })}
        </p>
      ) : null}
      {listing?.errors.map((message) => (
        <p key={message} className="inline-error" data-testid="ports-error" role="alert">
          {t('ports.partial', { message })}
        </p>
      ))}
      {listing ? (
        <>
          {table(t('ports.serial'), serial, t('ports.noneSerial'), 'ports-serial')}
          {table(t('ports.hid'), hid, t('ports.noneHid'), 'ports-hid')}
        </>
      ) : null}
    </section>
  );
}
