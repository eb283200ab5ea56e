/**
 * Past runs from the gateway's audit log (`hearth.invocations.list`), newest first, a page at a
 * time (HISTORY_PAGE_SIZE) with Newer / Older, walked by the gateway's `before` cursor.
 */
import { useEffect } from 'react';
import { useApp, useSlice, useT } from '../app/context.tsx';
import { formatArgv } from '../lib/argv.ts';
import { formatDuration, formatTime } from '../lib/format.ts';
import { HISTORY_PAGE_SIZE, loadHistory } from '../state/runs-store.ts';
import { RunErrorText, RunOutcome } from './RunResult.tsx';

export function RunHistory({ nodeId, refreshKey }: { nodeId: string; refreshKey: number }) {
  const t = useT();
  const { stores, client } = useApp();
  const lang = useSlice((s) => s.i18n, (s) => s.lang);
  const items = useSlice((s) => s.runs, (s) => s.history[nodeId]);
  const status = useSlice((s) => s.runs, (s) => s.historyStatus[nodeId] ?? 'idle');
  const page = useSlice((s) => s.runs, (s) => s.historyPage[nodeId]);
  const connected = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  const pageNo = (page?.cursors.length ?? 0) + 1;
  const hasNewer = pageNo > 1;
  const hasOlder = page?.nextBefore !== undefined;
  const loading = status === 'loading';
  useEffect(() => {
    if (connected) void loadHistory(stores.runs, client, nodeId);
  }, [connected, nodeId, refreshKey, stores.runs, client]);

  return (
    <section className="stack" data-testid="history">
      <h2>{t('history.title')}</h2>
      {status === 'unavailable' && <p className="muted small">{t('history.unavailable')}</p>}
      {status === 'error' && <p className="alert alert-error small">{t('history.error')}</p>}
      {status === 'ok' && (items ?? []).length === 0 && <p className="muted small">{t('history.empty')}</p>}
      {(items ?? []).length > 0 && (
        <ul className="history">
          {(items ?? []).map((r) => (
            <li key={r.id} className="history-item" data-testid="history-item">
              <div className="row-between">
                <code className="mono wrap">{formatArgv(r.command)}</code>
                <RunOutcome run={r} />
              </div>
              <div className="muted tiny">
                {formatTime(r.startedAtMs, lang)} · {formatDuration(r.durationMs)}{r.requestedBy ? ` · ${r.requestedBy}` : ''}{r.cwd ? ` · ${r.cwd}` : ''}
              </div>
              {r.error && <div className="tiny err-text"><RunErrorText error={r.error} command={r.command} /></div>}
            </li>
          ))}
        </ul>
      )}
      {(hasNewer || hasOlder) && (
        <div className="pager" data-testid="history-pager">
          <button type="button" className="btn btn-small" disabled={!hasNewer || loading || !connected} data-testid="history-newer"
            onClick={() => void loadHistory(stores.runs, client, nodeId, 'newer')}>← {t('history.newer')}</button>
          <span className="muted small" data-testid="history-page">{t('history.page', { n: pageNo, size: HISTORY_PAGE_SIZE })}</span>
          <button type="button" className="btn btn-small" disabled={!hasOlder || loading || !connected} data-testid="history-older"
            onClick={() => void loadHistory(stores.runs, client, nodeId, 'older')}>{t('history.older')} →</button>
        </div>
      )}
    </section>
  );
}
