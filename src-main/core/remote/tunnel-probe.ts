/**
 * One-shot SSH connections outside the supervisor: reading a VPS's host key before pinning it
 * (`tunnel set` without `--host-key`) and `tunnel test` (reach, host key, login, and — when the
 * tunnel is not already holding it — whether the VPS lets us listen on the remote port).
 */
import { fsAsync } from '../fs-async.ts';
import { connect as netConnect } from 'node:net';
import { hostKeyFingerprint } from './host-key.ts';

export interface ProbeTarget {
  user: string;
  host: string;
  port: number;
  identityFile?: string;
  /** Pinned key; when absent the probe only reads the key and stops before logging in. */
  hostKey?: string;
  remoteBind?: string;
  remotePort?: number;
}

export interface ProbeResult {
  reachable: boolean;
  hostKey?: string;
  hostKeyMatches?: boolean;
  authOk?: boolean;
  /** Whether the VPS accepted a listen on remoteBind:remotePort (released again at once). */
  forwardOk?: boolean;
  connectMs?: number;
  error?: string;
}

export async function probeSsh(t: ProbeTarget, opts: { timeoutMs?: number; tryForward?: boolean } = {}): Promise<ProbeResult> {
  // ssh2 is loaded on first use: at load it instantiates a WebAssembly crypto helper with a
  // 16 MB memory, which a gateway without a tunnel should not carry.
  const { Client } = await import('ssh2');
  return new Promise((resolve) => {
    const started = performance.now();
    const client = new Client();
    const result: ProbeResult = { reachable: false };
    let done = false;
    const finish = (extra: Partial<ProbeResult> = {}) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      Object.assign(result, extra);
      client.removeAllListeners();
      client.on('error', () => {});
      client.end();
      sock.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ error: `no SSH answer from ${t.host}:${t.port} within ${Math.round((opts.timeoutMs ?? 15_000) / 1000)} s` }), opts.timeoutMs ?? 15_000);
    const sock = netConnect({ host: t.host, port: t.port });
    sock.setNoDelay(true);
    sock.once('connect', () => { result.reachable = true; });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (result.hostKey && t.hostKey === undefined) return finish(); // we stopped it on purpose after reading the key
      if (result.hostKeyMatches === false) return finish({ error: `host key ${result.hostKey} does not match the pinned ${t.hostKey}` });
      if (err.level === 'client-authentication') return finish({ authOk: false, error: `the VPS refused the key ${t.identityFile ?? ''} for ${t.user}` });
      finish({ error: err.code === 'ECONNREFUSED' ? `nothing listens on ${t.host}:${t.port}` : err.message });
    });
    client.on('close', () => finish());
    client.on('ready', () => {
      result.authOk = true;
      result.connectMs = Math.round(performance.now() - started);
      if (!opts.tryForward || t.remotePort === undefined) return finish();
      const bind = t.remoteBind ?? '127.0.0.1';
      client.forwardIn(bind, t.remotePort, (err) => {
        if (err) return finish({ forwardOk: false, error: `the VPS refused to listen on ${bind}:${t.remotePort} (taken, or AllowTcpForwarding is off)` });
        client.unforwardIn(bind, t.remotePort!, () => finish({ forwardOk: true }));
      });
    });
    void (async () => {
      let privateKey: Buffer | undefined;
      if (t.hostKey !== undefined && t.identityFile) {
        try {
          privateKey = await fsAsync().readFile(t.identityFile);
        } catch (err) {
          return finish({ error: `cannot read the identity file ${t.identityFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
        }
      }
      try {
        client.connect({
          sock, host: t.host, port: t.port, username: t.user, readyTimeout: opts.timeoutMs ?? 15_000,
          ...(privateKey ? { privateKey } : {}),
          hostVerifier: (key: Buffer) => {
            result.hostKey = hostKeyFingerprint(key);
            if (t.hostKey === undefined) return false; // read the key only; log in after the user pinned it
            result.hostKeyMatches = result.hostKey === t.hostKey;
            return result.hostKeyMatches;
          },
        });
      } catch (err) {
        finish({ error: `the identity file ${t.identityFile} is not a usable private key (${(err as Error).message})` });
      }
    })();
  });
}
