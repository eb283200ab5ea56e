/**
 * What the desktop host needs beyond createCore (which turns the config into gateway options
 * exactly as `hearth gateway` does).
 */

/** The loopback URL this machine's own node uses to reach the embedded gateway. */
export function loopbackGatewayUrl(port: number): string {
  return `ws://127.0.0.1:${port}`;
}
