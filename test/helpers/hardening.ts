/** Shared steps of the hardening-* integration tests: CLI calls against one gateway, pairing a node. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateIdentity, signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import type { SocketFactory } from '../../src-shared/client/socket.ts';
import { decodeSetupCode } from '../../src-shared/protocol/setup-code.ts';
import { runHearth, spawnHearth, waitUntil, type Proc } from './processes.ts';

export interface GatewayRef {
  url: string;
  token?: string;
  /** Passed as --state-dir so a token-less gateway's clients never pick up another config. */
  stateDir?: string;
}

/** Runs a client command against `gw`; connection options go before any `--`. */
export function cli(gw: GatewayRef, args: string[]) {
  const sep = args.indexOf('--');
  const opts = ['--url', gw.url, ...(gw.token ? ['--token', gw.token] : []), ...(gw.stateDir ? ['--state-dir', gw.stateDir] : [])];
  return runHearth(sep < 0 ? [...args, ...opts] : [...args.slice(0, sep), ...opts, ...args.slice(sep)]);
}

export interface ListedNode {
  nodeId: string;
  displayName?: string;
  connected: boolean;
  approvalState: string;
  commands: string[];
}

export function listNodes(gw: GatewayRef): ListedNode[] {
  const r = cli(gw, ['nodes', 'list', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { nodes: ListedNode[] }).nodes;
}

export function nodeNamed(gw: GatewayRef, name: string): ListedNode | undefined {
  return listNodes(gw).find((n) => n.displayName === name);
}

/** Pairs a node with a fresh node setup code and waits until it is connected with approved commands. */
export async function pairNode(gw: GatewayRef, name: string, stateDir: string, extra: string[] = [], env: Record<string, string> = {}): Promise<{ proc: Proc; nodeId: string }> {
  const qr = cli(gw, ['qr', '--node', '--json']);
  assert.equal(qr.code, 0, qr.stderr);
  const { setupCode } = JSON.parse(qr.stdout) as { setupCode: string };
  const proc = spawnHearth(['node', 'run', '--url', gw.url, '--state-dir', stateDir, '--name', name, '--pair', setupCode, ...extra], env);
  await waitUntil(() => {
    const n = nodeNamed(gw, name);
    return n?.connected === true && n.approvalState === 'approved';
  }, 20_000, `node ${name} to pair and connect`);
  return { proc, nodeId: nodeNamed(gw, name)!.nodeId };
}

/** Pids written one per line by a test command. */
export function readPids(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Starts a token-less loopback gateway (`hearth gateway` with built-in defaults: auto-approval on). */
export async function startOpenGateway(port: number, stateDir: string): Promise<Proc & GatewayRef> {
  const p = spawnHearth(['gateway', '--port', String(port), '--state-dir', stateDir]);
  await p.waitFor(/listening on (ws:\/\/\S+)/);
  return Object.assign(p, { url: `ws://127.0.0.1:${port}`, stateDir });
}

/**
 * A node driven by hand: admitted with a node setup code from `gw` (identity kept in `dir`), so a
 * test can send it frames no real node would. `socketFactory` lets a test keep the raw socket.
 */
export async function handDrivenNode(gw: GatewayRef, dir: string, displayName: string, socketFactory: SocketFactory = wsSocketFactory()): Promise<{ node: GatewayConnection; nodeId: string }> {
  const qr = cli(gw, ['qr', '--node', '--json']);
  const setup = decodeSetupCode((JSON.parse(qr.stdout) as { setupCode: string }).setupCode)!;
  const signer = signerFor(loadOrCreateIdentity(join(dir, 'node.json')));
  const node = await GatewayConnection.open({
    url: gw.url, role: 'node', scopes: [], caps: ['system'], commands: ['system.run'], auth: { bootstrapToken: setup.bootstrapToken },
    device: signer, client: { id: 'node-host', mode: 'node', platform: 'linux', version: 'test', displayName },
    socketFactory,
  });
  return { node, nodeId: signer.deviceId };
}
