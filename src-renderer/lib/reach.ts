/** Guesses how this browser reaches the gateway from the host name it used (for the topology's relay hop). */
export type ReachKind = 'local' | 'tailnet' | 'lan' | 'relay';

export function reachKind(hostname: string): ReachKind {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || /^127\./.test(h)) return 'local';
  if (h.endsWith('.ts.net')) return 'tailnet';
  const m = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(h);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // 100.64.0.0/10 is the CGNAT range tailnets (Tailscale) hand out.
    if (a === 100 && b >= 64 && b <= 127) return 'tailnet';
    if (a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31)) return 'lan';
  }
  if (h.endsWith('.local') || h.endsWith('.lan') || h.endsWith('.home.arpa')) return 'lan';
  return 'relay';
}
