/**
 * `hearth node run`: this machine serves a gateway as a node. Prints one line per status change
 * (with the exact approve command while pairing is pending) and stops cleanly on a signal.
 */
import { AUTH_GAVE_UP_EXIT_CODE, DEFAULT_AUTH_FAILURE_EXIT, serviceManagerOf } from '../../core/agent/auth-refusals.ts';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { decodeSetupCode, setupCodeUrls } from '../../../src-shared/protocol/setup-code.ts';
import type { ExecSecurity } from '../../core/config.ts';
import { createLogger, type LogLevel } from '../../core/logger.ts';
import { openRotatingFile } from '../../core/logging/rotating-file.ts';
import { logFilePath } from '../../core/service/names.ts';
import { liveLockOwner } from '../../core/gateway/state-lock.ts';
import { stateFiles } from '../../core/paths.ts';
import type { NodeAgentOptions, NodeAgentStatus } from '../../core/agent/options.ts';
import { CliError } from '../cli-error.ts';
import { loadConfig, stateDirFrom } from '../common.ts';
import { formatClock } from '../format/time.ts';
import { note, out, outliveClosedOutput } from '../io.ts';
import { createStatusPrinter } from './node-status.ts';
import { loadStartNodeAgent } from '../lazy-core.ts';
import { isLoopbackHost, parseGatewayUrlFlag, resolvePort, resolveSecret, type LoadedConfig } from '../settings.ts';
import { forceExitAfter, onReloadSignal, untilStopSignal } from '../signals.ts';

export interface NodeRunFlags {
  /** One URL, a comma-separated list, or several (`--url a --url b`): tried in order. */
  url?: string | string[];
  token?: string;
  password?: string;
  pair?: string;
  name?: string;
  stateDir?: string;
  exec?: string;
  allow?: string[];
}

const SECURITIES: readonly ExecSecurity[] = ['deny', 'allowlist', 'ask', 'full'];

/** Builds the agent options from flags, env and config; pure apart from the clock and hostname. */
export function nodeAgentSettings(
  flags: NodeRunFlags,
  env: Record<string, string | undefined>,
  loaded: LoadedConfig,
  stateDir: string,
  now: number,
  host: string,
  rememberedUrl?: string,
): Omit<NodeAgentOptions, 'logger'> {
  let urls: string[] | undefined;
  let setupCode: string | undefined;
  if (flags.pair !== undefined) {
    const decoded = decodeSetupCode(flags.pair);
    if (!decoded) throw new CliError('that is not a setup code; copy it again from `hearth qr --node` on the gateway machine');
    if (decoded.expiresAtMs <= now) {
      throw new CliError(`that setup code expired at ${formatClock(decoded.expiresAtMs)}; make a new one with \`hearth qr --node\` on the gateway machine`);
    }
    setupCode = flags.pair.trim();
    urls = setupCodeUrls(decoded);
  }
  if (flags.url !== undefined) urls = urlList(flags.url);
  const cfg = loaded.config;
  if (urls === undefined && cfg?.node.url) urls = urlList(cfg.node.url);
  // After a `--pair`, a plain `hearth node run` goes back to the gateway it holds a device token for.
  if (urls === undefined && rememberedUrl) urls = [rememberedUrl];
  if (urls === undefined) urls = [`ws://127.0.0.1:${resolvePort(undefined, env, cfg ? loaded : undefined).value}`];
  const url = urls[0]!;

  // The config's gateway secret belongs to a gateway on this machine: never send it elsewhere.
  const local = urls.every((u) => isLoopbackHost(new URL(u).hostname));
  const token = resolveSecret('token', flags.token, env, loaded, local);
  const password = resolveSecret('password', flags.password, env, loaded, local);

  let security: ExecSecurity = cfg?.node.exec.security ?? 'full';
  if (flags.exec !== undefined) {
    if (!SECURITIES.includes(flags.exec as ExecSecurity)) throw new CliError(`--exec must be one of ${SECURITIES.join(', ')}, got "${flags.exec}"`);
    security = flags.exec as ExecSecurity;
  } else if (flags.allow && flags.allow.length > 0) {
    security = 'allowlist';
  }
  const allowlist = flags.allow && flags.allow.length > 0 ? flags.allow : (cfg?.node.exec.allowlist ?? []);
  if (security === 'allowlist' && allowlist.length === 0) {
    throw new CliError('--exec allowlist needs at least one --allow CMD (e.g. --allow git --allow /usr/bin/uptime)');
  }

  const opts: Omit<NodeAgentOptions, 'logger'> = {
    url,
    ...(urls.length > 1 ? { urls } : {}),
    stateDir,
    displayName: flags.name ?? cfg?.node.displayName ?? host,
    exec: { security, allowlist },
  };
  if (token) opts.token = token.value;
  if (password) opts.password = password.value;
  const secret = token ?? password;
  if (secret) opts.secretSource = secret.source;
  // Under systemd/launchd/our service: stop after repeated credential refusals so the manager shows it.
  const manager = serviceManagerOf(env);
  if (manager) opts.serviceManager = manager;
  opts.authFailureExit = cfg?.node.authFailureExit ?? DEFAULT_AUTH_FAILURE_EXIT;
  // Tests only: shrink the 5 s … 10 min credential-refusal waits.
  const scale = Number(env['HEARTH_AUTH_RETRY_SCALE']);
  if (env['HEARTH_AUTH_RETRY_SCALE'] !== undefined && Number.isFinite(scale) && scale > 0 && scale <= 1) opts.authRetryScale = scale;
  if (setupCode) opts.setupCode = setupCode;
  return opts;
}

/** `--url` values: repeated flags and comma-separated lists, normalised, duplicates dropped. */
export function urlList(value: string | string[]): string[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (parts.length === 0) throw new CliError('--url is empty; pass ws://HOST:PORT (several: --url ws://home:18789,ws://127.0.0.1:28789)');
  return [...new Set(parts.map((p) => parseGatewayUrlFlag(p)))];
}

/**
 * The gateway this node most recently received a device token from, read from the agent's state
 * file (`gateways` keyed by URL, each with `savedAtMs`); undefined when there is none.
 */
export function rememberedGatewayUrl(nodeStatePath: string): string | undefined {
  if (!existsSync(nodeStatePath)) return undefined;
  try {
    const data = JSON.parse(readFileSync(nodeStatePath, 'utf8')) as { gateways?: Record<string, { savedAtMs?: number }> };
    let best: [string, number] | undefined;
    for (const [url, v] of Object.entries(data.gateways ?? {})) {
      const at = typeof v?.savedAtMs === 'number' ? v.savedAtMs : 0;
      if (/^wss?:\/\//.test(url) && (!best || at > best[1])) best = [url, at];
    }
    return best?.[0];
  } catch {
    return undefined;
  }
}

export async function nodeRunCommand(flags: NodeRunFlags): Promise<void> {
  const stateDir = stateDirFrom(flags);
  const remembered = rememberedGatewayUrl(stateFiles(stateDir).nodeState);
  const loaded = loadConfig(stateDir);
  const startedAt = Date.now();
  const settings = nodeAgentSettings(flags, process.env, loaded, stateDir, startedAt, hostname(), remembered);
  // A laptop that was never paired dials this machine's default port forever, saying "start it
  // with `hearth gateway`" — wrong advice on a node machine: say once how to reach another one.
  const unset = flags.pair === undefined && flags.url === undefined && flags.token === undefined && flags.password === undefined && !loaded.config && !remembered;
  if (unset && !liveLockOwner(stateFiles(stateDir).gatewayLock)) {
    await note(`no gateway is set for this node (no --pair, --url or node.url), so it tries this machine's at ${settings.url}; to serve another machine's gateway, run \`hearth qr --node\` there and \`hearth node run --pair <code>\` here`);
  }
  // Status lines carry what the user needs; agent logs only on errors unless HEARTH_LOG_LEVEL asks.
  const level = (process.env['HEARTH_LOG_LEVEL'] as LogLevel | undefined) ?? 'error';
  let stopping = false;
  let agentStopped: (() => void) | undefined;
  const stoppedByItself = new Promise<void>((resolve) => (agentStopped = resolve));
  // An agent serves until stopped: a reader of its status lines that goes away does not stop it.
  outliveClosedOutput();
  const printer = createStatusPrinter((line) => void out(line));
  const onStatus = (s: NodeAgentStatus) => {
    printer(s);
    if (s.state === 'stopped' && !stopping) agentStopped?.();
  };
  const startNodeAgent = await loadStartNodeAgent();
  let agent;
  const logger = createLogger({ level, bindings: { svc: 'node' }, file: openRotatingFile(logFilePath(settings.stateDir, 'node')) });
  try {
    agent = await startNodeAgent({ ...settings, logger, onStatus });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const signal = untilStopSignal();
  // hearth.json is reloaded on change and on SIGHUP: the exec policy applies at once, the rest
  // is named with the restart command. Resolved as at start (same clock, same remembered URL), so
  // only the file's edit makes a difference.
  const { NodeConfigReloader } = await import('../../core/config-reload/node-reloader.ts');
  const { nodeRestartHint } = await import('../../core/config-reload/restart-hint.ts');
  const running = agent;
  const reloader = new NodeConfigReloader({
    path: loaded.path, initial: loaded.config, running: settings,
    resolve: (config) => nodeAgentSettings(flags, process.env, { path: loaded.path, config }, stateDir, startedAt, hostname(), remembered),
    setExecPolicy: (exec) => running.setExecPolicy(exec), log: logger, say: (line) => void note(line),
    restartHint: nodeRestartHint(process.env), watch: process.env['HEARTH_CONFIG_WATCH'] !== 'off',
  });
  let hungUp: (() => void) | undefined;
  const hangUp = new Promise<void>((r) => (hungUp = r));
  onReloadSignal(() => void reloader.reload('SIGHUP'), () => hungUp?.());
  const winner = await Promise.race([signal.then(() => 'signal' as const), hangUp.then(() => 'signal' as const), stoppedByItself.then(() => 'self' as const)]);
  reloader.close();
  if (winner === 'self') {
    if (agent.status.gaveUp) throw new CliError(agent.status.message ?? 'the gateway kept refusing this node\'s credential', AUTH_GAVE_UP_EXIT_CODE);
    throw new CliError(`the node agent stopped: ${agent.status.message ?? 'no reason given'}`);
  }
  stopping = true;
  forceExitAfter(5_000);
  await agent.stop();
}
