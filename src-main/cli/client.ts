/** Opens a short-lived operator connection for one CLI command (the real CLI does the same, SPEC §4.2). */
import type { GatewayConnection } from '../../src-shared/client/connection.ts';
import type { OperatorScope } from '../../src-shared/protocol/constants.ts';
import { ConnectionLostError } from '../../src-shared/client/errors.ts';
import { OperatorClient } from '../../src-shared/client/operator.ts';
import { gatewayCancels, gatewayStreams, gatewayStreamsBinary, gatewayStreamsZstd } from '../../src-shared/client/run-stream.ts';
import { zstdAvailable } from '../core/net/zstd-frames.ts';
import { decompressOwned } from './decoded-output.ts';
import { HearthError } from '../../src-shared/hearth-error.ts';
import { urlHost } from '../../src-shared/net/url-host.ts';
import { explainFailure, unknownHostError } from '../../src-shared/client/failure.ts';
import type { ClientSettings } from './settings.ts';
import { hearthVersion } from './version.ts';

/**
 * Connects as client `cli`/`cli`, role operator, with only `scopes`, and no device identity:
 * shared-token local CLI access (SPEC §6.2). Runs `fn`, closes the socket, and maps failures.
 */
export async function withGateway<T>(settings: ClientSettings, scopes: OperatorScope[], fn: (conn: GatewayConnection) => Promise<T>): Promise<T> {
  const [{ GatewayConnection }, { wsSocketFactory }] = await Promise.all([
    import('../../src-shared/client/connection.ts'),
    import('../core/net/ws-socket.ts'),
  ]);
  const ctx = { url: settings.url, authSource: settings.authSource, ...(settings.configPath ? { configPath: settings.configPath } : {}) };
  let conn: GatewayConnection;
  const open = () => GatewayConnection.open({
    url: settings.url,
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: hearthVersion() },
    role: 'operator',
    scopes,
    auth: settings.auth,
    socketFactory: wsSocketFactory(),
    connectTimeoutMs: 10_000,
  });
  try {
    conn = await openRetryingCutOffs(open);
  } catch (err) {
    if (err instanceof ConnectionLostError && !err.afterHandshake && (err.closeCode === undefined || err.closeCode === 1006)) {
      const { lookup } = await import('node:dns/promises');
      const unknown = await unknownHostError(settings.url, (h) => lookup(h));
      if (unknown) throw unknown;
      const other = settings.liveGatewayElsewhere;
      if (other && !/did not complete the handshake/.test(err.message)) {
        const host = !other.host || other.host === '0.0.0.0' || other.host === '::' ? '127.0.0.1' : other.host;
        throw new HearthError(`no gateway at ${settings.url}, but this machine's gateway (pid ${other.pid}) listens on port ${other.port} (it was started with --port ${other.port}); pass --url ws://${urlHost(host)}:${other.port}, or set gateway.port to ${other.port} in ${settings.configPath ?? 'hearth.json'} so clients find it`);
      }
    }
    throw explainFailure(err, ctx);
  }
  try {
    return await fn(conn);
  } catch (err) {
    throw explainFailure(err, ctx);
  } finally {
    conn.close(1000, 'done');
  }
}

/** Waits before each new try after a gateway cut the connection off before hello-ok. */
const CUT_OFF_RETRY_MS = [150, 600];

/**
 * Opens a connection, trying again (twice, briefly) when a gateway accepted it and cut it off
 * before hello-ok: one that is flooded or short of file descriptors sheds unauthenticated
 * sockets, a real client among them, and the next try usually gets through. Any other failure
 * is final at once.
 */
export async function openRetryingCutOffs<C>(open: () => Promise<C>, waitsMs: readonly number[] = CUT_OFF_RETRY_MS): Promise<C> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await open();
    } catch (err) {
      const wait = waitsMs[attempt];
      if (!(err instanceof ConnectionLostError) || !err.cutOffBeforeHello || wait === undefined) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** The shared operator client over one CLI connection; `streams` when the caller wants live output and the gateway offers it. */
export function operatorFor(conn: GatewayConnection, streams = false): OperatorClient {
  return new OperatorClient(
    { call: (method, params, opts) => conn.request(method, params, opts), on: (event, handler) => conn.on(event, handler) },
    {
      streams: streams && gatewayStreams(conn.hello), binaryStreams: gatewayStreamsBinary(conn.hello), cancels: gatewayCancels(conn.hello),
      // Compressed output frames when both ends have zstd (Node ≥ 22.15): fewer bytes on every hop.
      ...(zstdAvailable && gatewayStreamsZstd(conn.hello) ? { decompress: decompressOwned } : {}),
    },
  );
}
