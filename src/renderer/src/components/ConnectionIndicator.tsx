import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionSource } from '../api/client';

/** Only shown while the link to the core is down: a green dot that never changes tells nobody anything. */
export function ConnectionIndicator({ source }: { source: ConnectionSource }) {
  const { t } = useTranslation();
  const state = useSyncExternalStore(source.subscribe, source.get, source.get);
  if (state === 'connected') return null;
  return (
    <div className="connection" data-testid="connection" data-state={state} role="status" aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      {t(state === 'connecting' ? 'connection.connecting' : 'connection.reconnecting')}
    </div>
  );
}
