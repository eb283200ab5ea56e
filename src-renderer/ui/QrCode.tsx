/** A QR code drawn as one SVG path from the `qrcode` encoder's module matrix (no canvas). */
import { useMemo } from 'react';
import { create } from 'qrcode';

export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const { path, dim } = useMemo(() => {
    const qr = create(text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const quiet = 4;
    let d = '';
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${c + quiet},${r + quiet}h1v1h-1z`;
    }
    return { path: d, dim: n + quiet * 2 };
  }, [text]);
  return (
    <svg className="qr" width={size} height={size} viewBox={`0 0 ${dim} ${dim}`} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="qr">
      <rect width={dim} height={dim} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
