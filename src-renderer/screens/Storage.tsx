/**
 * Storage: one card per mount × machine with its state, a usage bar, usage over time (range
 * switch) and the forecast; mounts are added and edited here too.
 */
import { useEffect, useState } from 'react';
import { useApp, useSlice, useT } from '../app/context.tsx';
import type { MountStatus } from '../../src-shared/storage/types.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { formatAgo, formatBytes } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { errorText } from '../state/invoker.ts';
import { checkStorage, loadStorageHistory, removeStorage, stateTone } from '../state/storage-store.ts';
import { GatewayText } from '../ui/GatewayText.tsx';
import { MountForm } from '../ui/MountForm.tsx';
import { UsageChart } from '../ui/UsageChart.tsx';

const RANGES: { key: MessageKey; ms: number }[] = [
  { key: 'storage.range.1h', ms: 3_600_000 },
  { key: 'storage.range.24h', ms: 86_400_000 },
  { key: 'storage.range.7d', ms: 7 * 86_400_000 },
  { key: 'storage.range.30d', ms: 30 * 86_400_000 },
  { key: 'storage.range.90d', ms: 90 * 86_400_000 },
];

export function StateBadge({ state }: { state: MountStatus['state'] }) {
  const t = useT();
  const tone = stateTone(state);
  return <span className={`pill pill-${tone}`} data-testid="storage-state" data-state={state}>{t(`storage.state.${state}` as MessageKey)}</span>;
}

function machineLabel(t: ReturnType<typeof useT>, m: MountStatus): string {
  return m.nodeId ? m.nodeName : t('storage.gatewayMachine', { host: m.nodeName });
}

function Forecast({ m }: { m: MountStatus }) {
  const t = useT();
  if (m.fullInDays != null && m.fillRateBytesPerDay != null) {
    return <div className={`small ${m.fullInDays < 14 ? 'err-text strong' : ''}`} data-testid="storage-forecast">{t('storage.fullIn', { n: Math.max(1, Math.round(m.fullInDays)), rate: formatBytes(m.fillRateBytesPerDay) })}</div>;
  }
  return <div className="small muted" data-testid="storage-forecast">{m.fillRateBytesPerDay != null ? t('storage.notFilling') : t('storage.noForecast')}</div>;
}

function MountCard({ m, now, onEdit }: { m: MountStatus; now: number; onEdit: () => void }) {
  const t = useT();
  const { client, stores } = useApp();
  const history = useSlice((s) => s.storage, (s) => s.history[m.name]);
  const [range, setRange] = useState(86_400_000);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // Short ranges follow each new check; long ones are hourly averages and need no refresh.
  const refreshKey = range <= 86_400_000 ? m.checkedAtMs : 0;
  useEffect(() => {
    void loadStorageHistory(stores.storage, client, m.name, range);
  }, [client, stores.storage, m.name, range, refreshKey]);
  const pct = m.usedPercent;
  const barTone = pct === null ? 'off' : pct >= m.crit ? 'err' : pct >= m.warn ? 'warn' : 'ok';
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="card storage-card" data-testid="storage-card" data-name={m.name}>
      <div className="row-between">
        <div className="grow">
          <div className="strong wrap">{m.name}</div>
          <div className="muted small wrap">{t('storage.on', { machine: machineLabel(t, m) })} · <span className="mono">{m.path}</span></div>
        </div>
        <StateBadge state={m.state} />
      </div>
      <div className="usage-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? 0} aria-label={m.name}>
        <div className={`usage-fill usage-${barTone}`} style={{ width: `${Math.min(100, pct ?? 0)}%` }} />
        <div className="usage-mark" style={{ left: `${m.warn}%` }} />
        <div className="usage-mark usage-mark-crit" style={{ left: `${m.crit}%` }} />
      </div>
      <div className="row-between small">
        <span>{pct !== null && m.totalBytes !== null && m.freeBytes !== null ? `${pct}% · ${t('storage.used', { used: formatBytes(m.totalBytes - m.freeBytes), total: formatBytes(m.totalBytes) })}` : '–'}</span>
        <span className="muted">{m.freeBytes !== null ? t('storage.free', { free: formatBytes(m.freeBytes) }) : ''}</span>
      </div>
      {m.state !== 'ok' && m.state !== 'unknown' && (
        <div className={`alert ${stateTone(m.state) === 'err' ? 'alert-error' : 'alert-warn'} small wrap`} data-testid="storage-error">
          <span>{t(`storage.hint.${m.state}` as MessageKey)}</span>
          {m.lastError && <GatewayText className="tiny" text={m.lastError} />}
        </div>
      )}
      <Forecast m={m} />
      <div className="segmented small-seg" role="group" aria-label={t('storage.chartLabel', { name: m.name })}>
        {RANGES.map((r) => (
          <button key={r.ms} type="button" className={`seg${range === r.ms ? ' active' : ''}`} aria-pressed={range === r.ms} onClick={() => setRange(r.ms)}>{t(r.key)}</button>
        ))}
      </div>
      <UsageChart points={history?.points ?? []} fromMs={now - range} toMs={now} warn={m.warn} crit={m.crit} label={t('storage.chartLabel', { name: m.name })} emptyText={t('storage.chartEmpty')} />
      <div className="muted tiny">
        {[m.fsType, m.source, m.inodesUsedPercent !== null ? t('storage.inodes', { p: m.inodesUsedPercent }) : null, m.latencyMs !== null ? t('storage.latency', { ms: Math.round(m.latencyMs) }) : null, m.checkedAtMs ? t('storage.checked', { ago: formatAgo(t, m.checkedAtMs, now) }) : null].filter(Boolean).join(' · ')}
      </div>
      {error && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={error} /></div>}
      <div className="actions">
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void act(() => checkStorage(stores.storage, client, m.name))}>{busy ? t('common.working') : t('storage.checkNow')}</button>
        <button type="button" className="btn btn-small" onClick={onEdit}>{t('storage.edit')}</button>
        <button type="button" className="btn btn-small btn-danger-soft" disabled={busy} onClick={() => {
          if (window.confirm(t('storage.removeConfirm', { name: m.name }))) void act(() => removeStorage(stores.storage, client, m.name));
        }}>{t('storage.remove')}</button>
      </div>
    </article>
  );
}

export function StorageScreen() {
  const t = useT();
  const { client, stores } = useApp();
  const now = useNow(10_000);
  const mounts = useSlice((s) => s.storage, (s) => s.mounts);
  const loaded = useSlice((s) => s.storage, (s) => s.loaded);
  const unavailable = useSlice((s) => s.storage, (s) => s.unavailable);
  const error = useSlice((s) => s.storage, (s) => s.error);
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [busy, setBusy] = useState(false);
  const current = editing && editing !== 'new' ? mounts.find((m) => m.name === editing) : undefined;
  return (
    <section className="screen" data-testid="screen-storage">
      <div className="row-between">
        <h1 className="no-margin">{t('storage.title')}</h1>
        {!unavailable && (
          <div className="actions">
            {mounts.length > 0 && (
              <button type="button" className="btn btn-small" disabled={busy} onClick={() => {
                setBusy(true);
                void checkStorage(stores.storage, client).catch(() => undefined).finally(() => setBusy(false));
              }}>{busy ? t('common.working') : t('storage.checkAll')}</button>
            )}
            <button type="button" className="btn btn-small btn-primary" data-testid="storage-add" onClick={() => setEditing('new')}>{t('storage.add')}</button>
          </div>
        )}
      </div>
      <p className="muted small no-margin">{t('storage.intro')}</p>
      {unavailable && <div className="alert alert-warn">{t('storage.unavailable')}</div>}
      {error && <div className="alert alert-error" role="alert"><GatewayText as="p" text={error} /></div>}
      {editing && <MountForm key={editing} initial={current} onDone={() => setEditing(undefined)} />}
      {loaded && !unavailable && mounts.length === 0 && !editing && <div className="card"><p className="no-margin">{t('storage.empty')}</p></div>}
      <div className="node-grid">
        {mounts.map((m) => <MountCard key={`${m.name}`} m={m} now={now} onEdit={() => setEditing(m.name)} />)}
      </div>
    </section>
  );
}

export default StorageScreen;
