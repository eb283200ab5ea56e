/** `hearth status [--deep]`: a readable overview of the gateway, its nodes (with last seen), pending requests and warnings. */
import type { NodeEntry, PresenceEntry } from '../../../src-shared/protocol/types.ts';
import { http, https } from '../../core/net/http-client.ts';
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatDuration } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import { httpUrlFor } from '../settings.ts';
import { formatTable } from '../format/table.ts';
import { listNodes, nodesTable, pathLabel, type ClientCommandFlags, type NodeList } from './nodes.ts';
import type { HealthResult, PeerEntryView as PeerEntry } from '../../../src-shared/protocol/contract/index.ts';
import { statusWarnings, type StatusPayload } from './status-warnings.ts';
import { urlHost } from '../../../src-shared/net/url-host.ts';

export interface ReadyzResult {
  status: number;
  body: unknown;
}

/** GET /readyz on the gateway's HTTP side of the same port. */
export async function fetchReadyz(wsUrl: string, timeoutMs = 3000): Promise<ReadyzResult> {
  const base = httpUrlFor(wsUrl);
  const mod = base.startsWith('https:') ? https() : http;
  return new Promise((resolve) => {
    const req = mod.get(`${base}/readyz`, { timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* plain text */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ status: 0, body: err.message }));
  });
}

interface StatusRead {
  status: StatusPayload;
  presence?: PresenceEntry[];
  nodes?: NodeList;
  health?: HealthResult;
  readyz?: ReadyzResult;
  /** Path and RTT of every connected node and operator (gateways without the remote module: absent). */
  peers?: PeerEntry[];
}

export async function statusCommand(flags: ClientCommandFlags & { deep?: boolean }): Promise<void> {
  const settings = clientSettingsFrom(flags);
  const read = await withGateway(settings, ['operator.read'], async (conn) => {
    const status = await conn.call('status', {});
    const r: StatusRead & { version: string; uptimeMs: number } = { status, version: conn.hello.server.version, uptimeMs: conn.hello.snapshot.uptimeMs };
    // The node list is cheap and is what people look for; --deep adds presence, health and /readyz.
    if (flags.deep) {
      const [presence, nodes, health, readyz] = await Promise.all([
        conn.call('system-presence', {}),
        listNodes(conn),
        conn.call('health', {}),
        fetchReadyz(settings.url),
      ]);
      Object.assign(r, { presence, nodes, health, readyz });
      const peers = await conn.call('hearth.net.peers', {}).catch(() => undefined);
      if (peers) r.peers = peers.peers;
    } else {
      r.nodes = await listNodes(conn);
    }
    return r;
  });
  const { version, uptimeMs, ...payloads } = read;
  if (flags.json) return printJson(payloads);

  const s = read.status;
  const g = s.gateway;
  const lines = [
    `Gateway:  ${settings.url}  (version ${s.runtimeVersion ?? version}, up ${formatDuration(g?.uptimeMs ?? uptimeMs)})`,
    `Web UI:   ${httpUrlFor(settings.url)}/`,
  ];
  if (g) lines.push(`Bind:     ${g.bind ?? '?'} ${g.host ? urlHost(g.host) : ''}${g.port !== undefined ? `:${g.port}` : ''}`, `Auth:     ${g.authMode ?? '?'}${g.autoApproveLocal ? ' (loopback devices auto-approved)' : ''}`);
  if (s.nodes) lines.push(`Nodes:    ${s.nodes.total} known, ${s.nodes.connected} online${s.nodes.pendingApproval ? `, ${s.nodes.pendingApproval} awaiting command approval` : ''}`);
  if (s.pairing) {
    const n = s.pairing.pendingDevices + s.pairing.pendingNodes;
    lines.push(`Pending:  ${n === 0 ? 'nothing to approve' : `${s.pairing.pendingDevices} device / ${s.pairing.pendingNodes} node request(s); see \`hearth nodes pending\``}`);
  }
  if (read.nodes) {
    // No table under "none paired yet": a header with no rows reads like output that went missing.
    if (read.nodes.nodes.length === 0) lines.push('', 'Nodes: none paired yet; pair one with `hearth qr --node` here, then `hearth node run --pair <code>` on the node machine');
    else lines.push('', 'Nodes:', ...nodesTable(read.nodes.nodes as NodeEntry[], Date.now()).map((l) => `  ${l}`));
  }
  if (read.presence) {
    lines.push('', 'Presence:', ...read.presence.map((p) => `  ${p.text ?? `${p.host ?? p.deviceId ?? '?'} · ${p.mode ?? ''} · ${p.reason ?? ''}`}`));
  }
  if (read.peers) {
    lines.push('', 'Connections (path, round trip):', ...formatTable(['ROLE', 'NAME', 'ADDRESS', 'PATH', 'RTT'],
      read.peers.map((p) => [p.role, p.name, p.remoteIp, pathLabel(p.path), p.rttMs === null ? '-' : `${p.rttMs} ms`])).map((l) => `  ${l}`));
  }
  if (read.health) lines.push('', `Health:   ${read.health.ok === false ? 'NOT OK' : 'ok'}`);
  const modules = (read.health?.['hearth'] as { modules?: Record<string, { state: string; summary: string }> } | undefined)?.modules;
  if (modules && Object.keys(modules).length > 0) {
    lines.push('Modules:', ...Object.entries(modules).map(([name, m]) => `  ${name.padEnd(10)} ${m.state.padEnd(9)} ${m.summary}`));
  }
  if (read.readyz) lines.push(`Readyz:   ${read.readyz.status === 0 ? `unreachable (${String(read.readyz.body)})` : `HTTP ${read.readyz.status}`}`);
  const warnings = statusWarnings(read);
  lines.push('', warnings.length ? 'Warnings:' : 'Warnings: none', ...warnings.map((w) => `  - ${w}`));
  await out(...lines);
}
