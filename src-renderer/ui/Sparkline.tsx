/**
 * A tiny SVG line chart of recent samples (0..1, clipped), hand-drawn to keep the bundle small.
 * It stretches to its container's width; strokes keep their thickness (non-scaling-stroke).
 */
export interface SparklineProps {
  values: number[];
  label: string;
  width?: number;
  height?: number;
  /** Values at or above this fraction draw in the warning colour. */
  warnAt?: number;
}

export function Sparkline({ values, label, width = 96, height = 28, warnAt = 0.9 }: SparklineProps) {
  const last = values[values.length - 1];
  const tone = last !== undefined && last >= warnAt ? 'warn' : 'ok';
  if (values.length === 0) return <svg className="spark" height={height} role="img" aria-label={label} />;
  const pts = values.length === 1 ? [values[0]!, values[0]!] : values;
  const step = width / (pts.length - 1);
  const y = (v: number) => (height - 2) - Math.min(1, Math.max(0, v)) * (height - 4);
  const line = pts.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg className={`spark spark-${tone}`} height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      <polygon className="spark-fill" points={`0,${height} ${line} ${width},${height}`} />
      <polyline className="spark-line" points={line} fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
