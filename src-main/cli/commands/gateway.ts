/**
 * `hearth gateway`: runs the gateway in the foreground through createCore (settings, bind safety,
 * start, LAN announcement), prints where to connect (and a phone QR), and waits for a signal.
 */
import { createLogger, type LogLevel } from '../../core/logger.ts';
import { openRotatingFile } from '../../core/logging/rotating-file.ts';
import { logFilePath } from '../../core/service/names.ts';
import { stateFiles } from '../../core/paths.ts';
import type { RunningGateway } from '../../core/gateway/options.ts';
import { installProcessGuard } from '../../core/gateway/edge/process-guard.ts';
import { loadConfig, stateDirFrom } from '../common.ts';
import { formatExpiry } from '../format/time.ts';
import { isLoopbackBind, type GatewayFlags, type GatewaySettings } from '../gateway-settings.ts';
import { note, out, outliveClosedOutput } from '../io.ts';
import { loadCore } from '../lazy-core.ts';
import { phoneSetupLink, terminalQr } from '../qr-terminal.ts';
import { httpUrlFor } from '../settings.ts';
import { forceExitAfter, onReloadSignal, untilStopSignal } from '../signals.ts';
import { hearthVersion, webUiDir } from '../version.ts';

export interface GatewayCommandFlags extends GatewayFlags {
  stateDir?: string;
}

function describeAuth(s: GatewaySettings): string {
  if (s.auth.mode === 'none') return 'none (loopback only; run `hearth setup` to add a token)';
  const from = s.authSource.startsWith('config ') ? `the config file ${s.authSource.slice('config '.length)}` : s.authSource;
  return `${s.auth.mode} from ${from}`;
}

async function printPhoneQr(gw: RunningGateway, s: GatewaySettings): Promise<void> {
  // A setup link is a credential (it pairs a phone as admin). Under a service manager, in a pipe
  // or a log file it would sit in a journal for anyone who reads it, so it is minted and printed
  // only for a person at a terminal; everyone else gets one on demand from `hearth qr`.
  if (!process.stdout.isTTY) {
    await out('Set up a phone: run `hearth qr` on this machine (it prints a single-use link and QR code on demand).');
    return;
  }
  let code: { setupCode: string; gatewayUrl: string; expiresAtMs: number };
  try {
    code = gw.createSetupCode(s.publicUrl ? { profile: 'operator', publicUrl: s.publicUrl } : { profile: 'operator' });
  } catch (err) {
    await note(`(no phone setup code: ${(err as Error).message})`);
    return;
  }
  const link = phoneSetupLink(code.gatewayUrl, code.setupCode);
  const expires = formatExpiry(code.expiresAtMs, Date.now());
  const lines = [`Set up a phone: scan this (single use, expires ${expires}; \`hearth qr\` makes a new one):`, await terminalQr(link), `  ${link}`];
  if (isLoopbackBind(s) && !s.publicUrl) {
    lines.push('  (this gateway is loopback-only: a phone reaches it through your tailnet or SSH tunnel; pass --public-url http://<tailnet-host>:PORT to put that address in the QR)');
  }
  await out(...lines);
}

export async function gatewayCommand(flags: GatewayCommandFlags): Promise<void> {
  const stateDir = stateDirFrom(flags);
  const loaded = loadConfig(stateDir);
  const level = (process.env['HEARTH_LOG_LEVEL'] as LogLevel | undefined) ?? 'info';
  const logger = createLogger({ level, bindings: { svc: 'gateway' }, file: openRotatingFile(logFilePath(stateDir, 'gateway')) });
  // A gateway runs for months: a fault nobody caught is logged and the gateway keeps serving,
  // and so does a gateway whose console output lost its reader.
  installProcessGuard(logger);
  outliveClosedOutput();
  const ui = webUiDir();
  const { createCore } = await loadCore();
  // Settings, bind safety, start and the LAN announcement all happen in core (createCore).
  const core = await createCore({
    paths: { stateDir, ...(ui ? { staticDir: ui } : {}) }, logger, version: hearthVersion(),
    settings: { config: loaded, env: process.env, flags },
    // HEARTH_CONFIG_WATCH=off: hearth.json is reloaded only on SIGHUP (e.g. a state dir on NFS).
    configReload: { watch: process.env['HEARTH_CONFIG_WATCH'] !== 'off' },
  });
  const gw = core.gateway;
  const s = core.settings;
  const stopped = untilStopSignal();
  // SIGHUP reloads hearth.json (the file is also watched); a terminal hang-up still stops.
  let hungUp: ((sig: NodeJS.Signals) => void) | undefined;
  const hangUp = new Promise<NodeJS.Signals>((r) => (hungUp = r));
  onReloadSignal(() => void core.reloadConfig('SIGHUP'), () => hungUp?.('SIGHUP'));

  const http = httpUrlFor(gw.url);
  await out(
    `Hearth gateway listening on ${gw.url}`,
    `  Web UI:  ${http}/`,
    `  Auth:    ${describeAuth(s)}`,
    `  State:   ${stateDir}`,
  );
  if (s.embeddedDefaults) {
    await out(`  (no config at ${stateFiles(stateDir).config}: running with built-in defaults${s.auth.mode === 'none' ? ', loopback only, no token' : ''}; run \`hearth setup\` to create one)`);
  }
  if (!isLoopbackBind(s)) await out(`  Warning: listening beyond loopback (${s.bind}${s.host ? ` ${s.host}` : ''}); keep it on a tailnet or behind a tunnel, never an open port.`);
  await printPhoneQr(gw, s);
  await out('Press Ctrl+C to stop.');

  const sig = await Promise.race([stopped, hangUp]);
  await note(`stopping the gateway (${sig})…`);
  forceExitAfter(10_000);
  await core.stop('gateway stopping');
}
