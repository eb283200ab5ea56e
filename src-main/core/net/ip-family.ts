/**
 * `net.isIP` without Node's IPv6 pattern for strings that cannot be IPv6 addresses (every IPv6
 * text form has a ':'). That pattern is one large regular expression: V8 compiles it on its first
 * use (~5 ms) and again, to machine code, on its second (~2 ms). The gateway's edge checks host
 * names and addresses before it binds its port, and Node's own `listen()` uses the pattern once;
 * with this, the edge never adds a use for `localhost` or `127.0.0.1`, which keeps ~2-7 ms out
 * of start-up → accepting.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** 4, 6 or 0, exactly as `net.isIP` answers. */
export function ipFamily(s: string): 0 | 4 | 6 {
  if (isIPv4(s)) return 4;
  return s.includes(':') && isIPv6(s) ? 6 : 0;
}
