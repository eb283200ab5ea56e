/** The "reconnecting…" strip shown over the app while the link to the gateway is down. */
import { useSlice, useT } from '../app/context.tsx';
import { useNow } from '../lib/use-now.ts';

export function ConnectionBanner({ onRetry }: { onRetry: () => void }) {
  const t = useT();
  const state = useSlice((s) => s.connection, (s) => s.state);
  const now = useNow(1000);
  if (state.status === 'connected' || state.status === 'idle' || state.status === 'rejected') return null;
  const secs = state.status === 'reconnecting' ? Math.max(0, Math.ceil((state.retryAtMs - now) / 1000)) : 0;
  return (
    <div className="banner banner-warn" role="status" data-testid="reconnecting">
      <span className="dot dot-pending" aria-hidden="true" />
      <span>{state.status === 'connecting' ? t('conn.connectingAgain') : t('conn.reconnecting', { s: secs })}</span>
      {state.status === 'reconnecting' && (
        <button type="button" className="link" onClick={onRetry}>{t('conn.retryNow')}</button>
      )}
    </div>
  );
}
