/**
 * CPU load, memory and disk of one node: current value plus a sparkline of recent samples. When
 * the node is offline (or the gateway unreachable) the figures are the last ones it reported:
 * they are greyed out and dated, never shown as if live.
 */
import { useSlice, useT } from '../app/context.tsx';
import type { HostStats } from '../../src-shared/protocol/types.ts';
import { formatAgo, formatBytes, formatLoad, formatPercent } from '../lib/format.ts';
import { Sparkline } from './Sparkline.tsx';

export function NodeStats({ nodeId, stats, wide = false, live, now }: { nodeId: string; stats: HostStats | undefined; wide?: boolean; live: boolean; now: number }) {
  const t = useT();
  const samples = useSlice((s) => s.nodes, (s) => s.samples[nodeId]);
  if (!stats) return <p className="muted small">{t('node.noStats')}</p>;
  const list = samples ?? [];
  const last = list[list.length - 1];
  const rows = [
    { key: 'cpu', label: t('stats.cpu'), value: formatLoad(last?.load), detail: t((last?.load ?? 0) > 1 ? 'stats.coresBusy' : 'stats.cores', { n: stats.cpuCount, load: (stats.loadAverage[0] ?? 0).toFixed(2) }), series: list.map((s) => s.load) },
    { key: 'mem', label: t('stats.memory'), value: formatPercent(last?.mem), detail: `${formatBytes(stats.memoryTotalBytes - stats.memoryFreeBytes)} / ${formatBytes(stats.memoryTotalBytes)}`, series: list.map((s) => s.mem) },
    { key: 'disk', label: t('stats.disk'), value: formatPercent(last?.disk), detail: t('stats.free', { v: formatBytes(stats.diskAvailableBytes) }), series: list.map((s) => s.disk) },
  ];
  const grid = (
    <div className={`stats-grid${live ? '' : ' stale'}`} data-testid="node-stats" data-live={live ? 'true' : 'false'}>
      {rows.map((r) => (
        <div key={r.key} className="metric" data-testid={`metric-${r.key}`}>
          <span className="muted tiny">{r.label}</span>
          <span className="metric-value">{r.value}</span>
          <Sparkline values={r.series} label={`${r.label} ${r.value}`} height={wide ? 36 : 26} />
          <div className="muted tiny">{r.detail}</div>
        </div>
      ))}
    </div>
  );
  if (live) return grid;
  return (
    <div>
      <p className="muted small stale-note" data-testid="stats-stale">{t('stats.stale', { ago: formatAgo(t, last?.t ?? stats.updatedAtMs, now) })}</p>
      {grid}
    </div>
  );
}
