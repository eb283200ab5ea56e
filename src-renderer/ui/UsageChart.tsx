/**
 * Usage over time for one mount: used % against time, with the warn and crit thresholds as dashed
 * lines. Hand-drawn SVG (no chart library); stretches to the card's width.
 */
import type { HistoryPoint } from '../state/storage-store.ts';

const W = 320;
const H = 96;
const PAD_L = 34;
const PAD_B = 4;

export interface UsageChartProps {
  points: HistoryPoint[];
  fromMs: number;
  toMs: number;
  warn: number;
  crit: number;
  label: string;
  emptyText: string;
}

export function UsageChart({ points, fromMs, toMs, warn, crit, label, emptyText }: UsageChartProps) {
  const known = points.filter((p) => p.usedPercent !== null);
  const x = (t: number) => PAD_L + ((t - fromMs) / Math.max(1, toMs - fromMs)) * (W - PAD_L - 2);
  const y = (pct: number) => (H - PAD_B) - (Math.min(100, Math.max(0, pct)) / 100) * (H - PAD_B - 6);
  const line = known.map((p) => `${x(p.atMs).toFixed(1)},${y(p.usedPercent!).toFixed(1)}`).join(' ');
  const last = known.at(-1)?.usedPercent ?? 0;
  const tone = last >= crit ? 'err' : last >= warn ? 'warn' : 'ok';
  return (
    <svg className={`usage-chart usage-chart-${tone}`} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label} data-testid="usage-chart">
      {[0, 50, 100].map((v) => (
        <g key={v}>
          <line x1={PAD_L} x2={W} y1={y(v)} y2={y(v)} className="chart-grid" vectorEffect="non-scaling-stroke" />
          <text x={PAD_L - 4} y={y(v) + 3} textAnchor="end" className="chart-axis">{v}%</text>
        </g>
      ))}
      <line x1={PAD_L} x2={W} y1={y(warn)} y2={y(warn)} className="chart-warn" vectorEffect="non-scaling-stroke" />
      <line x1={PAD_L} x2={W} y1={y(crit)} y2={y(crit)} className="chart-crit" vectorEffect="non-scaling-stroke" />
      {known.length > 1 && <polygon className="chart-fill" points={`${x(known[0]!.atMs)},${y(0)} ${line} ${x(known.at(-1)!.atMs)},${y(0)}`} />}
      {known.length > 1 && <polyline className="chart-line" points={line} fill="none" vectorEffect="non-scaling-stroke" />}
      {known.length === 1 && <circle cx={x(known[0]!.atMs)} cy={y(known[0]!.usedPercent!)} r="3" className="chart-dot" />}
      {known.length === 0 && <text x={(W + PAD_L) / 2} y={H / 2} textAnchor="middle" className="chart-axis">{emptyText}</text>}
    </svg>
  );
}
