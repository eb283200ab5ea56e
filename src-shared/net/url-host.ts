/** The one rule for putting a host into a URL or a `host:port` pair: IPv6 literals go in brackets. Browser-safe. */

/** `::1` → `[::1]`; names, IPv4 and already-bracketed hosts unchanged. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
