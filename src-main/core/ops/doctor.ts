/**
 * `hearth doctor`: the checks a person runs when something is off, each with one fix line —
 * Node version, state dir and modes, config parse errors, who holds the gateway port, whether the
 * service is installed and running, and whether the gateway answers.
 */
import { existsSync, statSync } from 'node:fs';
import { http } from '../net/http-client.ts';
import { ConfigError, readConfig, type HearthConfig } from '../config.ts';
import { stateFiles } from '../paths.ts';
import type { Runner } from '../service/apply.ts';
import { serviceStatus } from '../service/status.ts';
import type { ServicePlatform } from '../service/types.ts';
import { findPortHolder } from '../net/port-holder.ts';
import { liveLockOwner } from '../gateway/state-lock.ts';

export interface Check { id: string; ok: boolean; level: 'ok' | 'warn' | 'fail'; summary: string; fix?: string }

/** GET /healthz on loopback: is what listens there a Hearth gateway? */
export function probeGateway(port: number, timeoutMs = 1500): Promise<'hearth' | 'other' | 'none'> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/healthz', timeout: timeoutMs, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { if (body.length < 4096) body += d; });
      res.on('end', () => {
        try {
          const j = JSON.parse(body) as { ok?: unknown; status?: unknown };
          resolve(j.ok === true && j.status === 'live' ? 'hearth' : 'other');
        } catch {
          resolve('other');
        }
      });
    });
    req.on('timeout', () => { req.destroy(); resolve('other'); });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? 'none' : 'other'));
    req.end();
  });
}

export interface NodeClock { nodeId: string; displayName?: string; connected: boolean; clockSkewMs?: number }

export interface DoctorInput {
  stateDir: string; env: NodeJS.ProcessEnv; home: string; run: Runner; platform: ServicePlatform;
  /**
   * Reads the nodes from the running gateway (the CLI passes its client); absent = skip the clock
   * check. `at`: where this state dir's gateway listens when it is not the configured port (its lock says).
   */
  readNodes?: (at?: { port: number; host?: string }) => Promise<NodeClock[]>;
}

/** Device proofs are accepted within ±120 s; warn well before that. */
const SKEW_WARN_MS = 30_000;

export async function runDoctor(i: DoctorInput): Promise<Check[]> {
  const checks: Check[] = [];
  const [maj, min] = process.versions.node.split('.').map(Number) as [number, number];
  const nodeOk = maj > 22 || (maj === 22 && min >= 12);
  checks.push({ id: 'node', ok: nodeOk, level: nodeOk ? 'ok' : 'fail', summary: `Node.js ${process.versions.node}${nodeOk ? '' : ' (needs 22.12 or newer)'}`, ...(nodeOk ? {} : { fix: 'install Node 22.12+ (the npm scripts fetch Node 24 themselves)' }) });

  const files = stateFiles(i.stateDir);
  if (!existsSync(i.stateDir)) {
    checks.push({ id: 'state-dir', ok: false, level: 'warn', summary: `no state directory at ${i.stateDir}`, fix: 'run `hearth setup` (or pass --state-dir)' });
  } else {
    const mode = statSync(i.stateDir).mode & 0o777;
    const ok = (mode & 0o077) === 0;
    checks.push({ id: 'state-dir', ok, level: ok ? 'ok' : 'warn', summary: `state directory ${i.stateDir} (mode ${mode.toString(8)})`, ...(ok ? {} : { fix: `chmod 700 ${i.stateDir}; \`hearth security audit --fix\` checks every file` }) });
  }

  let config: HearthConfig | undefined;
  if (existsSync(files.config)) {
    try {
      config = readConfig(files.config);
      checks.push({ id: 'config', ok: true, level: 'ok', summary: `config ${files.config} parses` });
    } catch (err) {
      checks.push({ id: 'config', ok: false, level: 'fail', summary: err instanceof ConfigError ? err.message : String(err), fix: `fix ${files.config} or run \`hearth setup --force\`` });
    }
  } else {
    checks.push({ id: 'config', ok: true, level: 'warn', summary: `no config at ${files.config}: built-in defaults (loopback, no token)`, fix: 'run `hearth setup` to write one with a token' });
  }

  const port = Number(i.env['HEARTH_GATEWAY_PORT'] ?? i.env['OPENCLAW_GATEWAY_PORT'] ?? config?.gateway.port ?? 18789);
  const who = await probeGateway(port);
  const owner = await findPortHolder(port);
  // A gateway of this state dir started with another --port (or HEARTH_GATEWAY_PORT) leaves the
  // configured port free; its lock names where it listens, so doctor does not say none runs.
  const elsewhere = who === 'none' ? liveLockOwner(files.gatewayLock) : undefined;
  if (elsewhere?.port !== undefined && elsewhere.port !== port) {
    checks.push({
      id: 'port', ok: true, level: 'warn',
      summary: `this state dir's gateway (pid ${elsewhere.pid}) listens on ${elsewhere.host ?? '127.0.0.1'}:${elsewhere.port}, not on the configured port ${port}`,
      fix: `clients here find it only with \`--url ws://127.0.0.1:${elsewhere.port}\`; set gateway.port to ${elsewhere.port} in ${files.config}, or restart it without --port`,
    });
    // Its clocks are read where it is, like the port check found it.
    if (i.readNodes) {
      const readNodes = i.readNodes;
      const at = { port: elsewhere.port, ...(elsewhere.host ? { host: elsewhere.host } : {}) };
      checks.push(await clockCheck(() => readNodes(at)));
    }
  } else if (who === 'none') {
    checks.push({ id: 'port', ok: true, level: 'warn', summary: `port ${port} is free: no gateway is running`, fix: 'start it with `hearth gateway` (or `hearth gateway install` for a service)' });
  } else if (who === 'hearth') {
    checks.push({ id: 'port', ok: true, level: 'ok', summary: `a Hearth gateway answers on 127.0.0.1:${port}${owner ? ` (pid ${owner.pid})` : ''}` });
    if (i.readNodes) { const readNodes = i.readNodes; checks.push(await clockCheck(() => readNodes())); }
  } else {
    checks.push({
      id: 'port', ok: false, level: 'fail',
      summary: `port ${port} is held by another program${owner ? `: pid ${owner.pid} (${owner.command.slice(0, 120)})` : ''}`,
      fix: `stop that program, or run the gateway on another port (\`hearth gateway --port ${port + 1}\` and set gateway.port in hearth.json)`,
    });
  }

  for (const role of ['gateway', 'node'] as const) {
    const st = await serviceStatus(i.platform, role, { stateDir: i.stateDir, home: i.home, ...(i.env['XDG_CONFIG_HOME'] ? { xdgConfigHome: i.env['XDG_CONFIG_HOME'] } : {}) }, i.run);
    if (!st.installed) {
      checks.push({ id: `service.${role}`, ok: true, level: role === 'gateway' ? 'warn' : 'ok', summary: `${role} service not installed`, ...(role === 'gateway' ? { fix: 'run `hearth gateway install` so the gateway survives reboots' } : {}) });
    } else if (st.running === false) {
      checks.push({ id: `service.${role}`, ok: false, level: 'fail', summary: `${role} service installed but not running`, fix: `see its logs: ${st.logs[0]}` });
    } else {
      checks.push({ id: `service.${role}`, ok: true, level: st.running ? 'ok' : 'warn', summary: `${role} service installed${st.running ? ' and running' : ` (state unknown: ${st.detail ?? 'no service manager'})`}` });
    }
  }
  return checks;
}

/** Clock skew of every connected node against the gateway (sign-ins fail past ±120 s). */
export async function clockCheck(readNodes: () => Promise<NodeClock[]>): Promise<Check> {
  let nodes: NodeClock[];
  try {
    nodes = await readNodes();
  } catch (err) {
    return { id: 'clock', ok: true, level: 'warn', summary: `could not read the nodes' clocks from the gateway: ${(err as Error).message}`, fix: 'pass --token (or set HEARTH_GATEWAY_TOKEN) so doctor can ask the gateway' };
  }
  const measured = nodes.filter((n) => n.connected && typeof n.clockSkewMs === 'number');
  if (measured.length === 0) return { id: 'clock', ok: true, level: 'ok', summary: 'clocks: no connected node has reported its time yet' };
  const off = measured.filter((n) => Math.abs(n.clockSkewMs!) > SKEW_WARN_MS);
  if (off.length === 0) {
    const worst = Math.max(...measured.map((n) => Math.abs(n.clockSkewMs!)));
    return { id: 'clock', ok: true, level: 'ok', summary: `clocks: ${measured.length} connected node(s) within ${Math.max(1, Math.round(worst / 1000))} s of the gateway` };
  }
  const list = off.map((n) => `${n.displayName ?? n.nodeId.slice(0, 12)} ${n.clockSkewMs! > 0 ? 'behind' : 'ahead'} by ${Math.round(Math.abs(n.clockSkewMs!) / 1000)} s`).join(', ');
  return {
    id: 'clock', ok: false, level: off.some((n) => Math.abs(n.clockSkewMs!) > 120_000) ? 'fail' : 'warn',
    summary: `clock skew: ${list} (a node more than 120 s off cannot sign in again)`,
    fix: 'turn on time sync on that machine (`timedatectl set-ntp true` on Linux, Date & Time → Set automatically on macOS and Windows)',
  };
}
