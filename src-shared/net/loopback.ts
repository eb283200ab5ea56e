/** The one answer to "can only this machine reach that address?" (binds, clients, peers). Browser-safe. */

/** True for loopback hosts and addresses: `localhost`, 127.0.0.0/8, ::1, and IPv4-mapped 127.x. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  let h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h.startsWith('::ffff:')) h = h.slice(7);
  return h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1' || /^127\./.test(h);
}
