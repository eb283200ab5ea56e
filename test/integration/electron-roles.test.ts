/**
 * The desktop role runtime with the real core: the gateway role starts a gateway and pairs
 * this machine's own node over loopback; the node role pairs with a setup code; and the wizard's
 * classification explains real refusals (wrong code, unreachable).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startNodeAgent } from '../../src-main/core/agent/index.ts';
import type { NodeAgentStatus } from '../../src-main/core/agent/options.ts';
import { defaultConfig, type HearthConfig } from '../../src-main/core/config.ts';
import { startGateway } from '../../src-main/core/gateway/index.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import { RoleRuntime, type RuntimeSnapshot } from '../../src-main/electron/roles/role-runtime.ts';
import { classifyAgentStatus } from '../../src-main/electron/wizard/classify.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { spawnHearth, startGatewayProcess } from '../helpers/processes.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'hearth-roles-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function config(over: (c: HearthConfig) => void = () => {}): HearthConfig {
  const c = defaultConfig();
  c.gateway.port = 0;
  c.gateway.auth = { mode: 'token', token: 'gateway-token-for-tests-0123456789' };
  over(c);
  return c;
}

function runtime(stateDir: string, cfg: HearthConfig, order: string[] = [], outsideRestartGraceMs = 500) {
  return new RoleRuntime({
    stateDir, logger: silentLogger, version: '0.1.0', hostname: 'test-host', env: {}, outsideRecheckMs: 200, outsideRestartGraceMs,
    readConfig: () => cfg,
    startGateway: async (o) => {
      const g = await startGateway(o);
      return { ...g, get url() { return g.url; }, get port() { return g.port; }, host: g.host, createSetupCode: g.createSetupCode, close: async (r) => { order.push('gateway.close'); await g.close(r); } };
    },
    startNodeAgent: (o) => {
      const fast = { initialMs: 50, maxMs: 200 };
      const a = startNodeAgent({ ...o, hostStatsIntervalMs: 3_600_000, backoff: { drop: fast, refused: fast, pairing: fast } });
      return {
        get status() { return a.status; }, reconnectNow: () => a.reconnectNow(), setExecPolicy: (e) => a.setExecPolicy(e),
        stop: async () => { order.push('agent.stop'); await a.stop(); },
      };
    },
  });
}

function waitFor<T>(rt: RoleRuntime, pick: (s: RuntimeSnapshot) => T | undefined, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const now = pick(rt.snapshot());
    if (now !== undefined) return resolve(now);
    const timer = setTimeout(() => { off(); reject(new Error(`timed out; last snapshot ${JSON.stringify(rt.snapshot())}`)); }, ms);
    const off = rt.onChange((s) => {
      const v = pick(s);
      if (v !== undefined) { clearTimeout(timer); off(); resolve(v); }
    });
  });
}

/** A second machine (the laptop) joins and leaves: the runtime's "nodes online" must go 1 → 2 → 1. */
async function laptopComesAndGoes(rt: RoleRuntime, join: { url: string; stateDir: string; setupCode?: string; token?: string }): Promise<void> {
  const laptop = startNodeAgent({
    ...join, displayName: 'laptop', exec: { security: 'deny', allowlist: [] }, logger: silentLogger, hostStatsIntervalMs: 3_600_000,
  });
  try {
    await waitFor(rt, (s) => (s.gateway?.nodesOnline === 2 ? true : undefined));
  } finally {
    await laptop.stop();
  }
  await waitFor(rt, (s) => (s.gateway?.nodesOnline === 1 ? true : undefined));
}

describe('desktop roles with the real gateway and node agent', () => {
  it('gateway role: this machine joins its own gateway over loopback; stop order is node then gateway', async () => {
    const order: string[] = [];
    const rt = runtime(tmp(), config(), order);
    try {
      const gw = await rt.startGatewayRole();
      assert.match(gw.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
      const node = await waitFor(rt, (s) => (s.node?.state === 'connected' ? s.node : undefined));
      assert.equal(node.gatewayUrl, `ws://127.0.0.1:${gw.port}`);
      const snap = rt.snapshot();
      assert.equal(snap.gateway?.phase, 'running');
      assert.equal(snap.gateway?.url, gw.url);
      // The window's credential: an operator setup code minted locally.
      const code = gw.createSetupCode({ profile: 'operator' });
      assert.ok(code.setupCode.length > 20 && code.expiresAtMs > Date.now());
      // The phone runs work on the home PC: the run shows up in this machine's recent runs.
      const op = await GatewayConnection.open({
        url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: 'gateway-token-for-tests-0123456789' },
        client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
      });
      try {
        let nodeId = '';
        for (let i = 0; i < 50 && !nodeId; i++) {
          const list = await op.call('node.list', {}) as { nodes: { nodeId: string; displayName?: string; connected: boolean; approvalState?: string }[] };
          nodeId = list.nodes.find((n) => n.displayName === 'test-host' && n.connected && n.approvalState === 'approved')?.nodeId ?? '';
          if (!nodeId) await new Promise((r) => setTimeout(r, 100));
        }
        assert.ok(nodeId, `the home PC is listed as an approved, connected node: ${JSON.stringify(await op.call('node.list', {}))}`);
        await op.call('node.invoke', { nodeId, command: 'system.run', params: { command: ['sh', '-c', 'exit 3'] }, timeoutMs: 10_000, idempotencyKey: `recent-${Date.now()}` });
      } finally {
        op.close();
      }
      const [run] = rt.recentRuns();
      assert.equal(run?.command, 'sh -c "exit 3"');
      assert.equal(run?.exitCode, 3);
      assert.ok((run?.durationMs ?? -1) >= 0);

      await rt.setNodePaused(true);
      assert.equal(rt.snapshot().node?.state, 'paused');
      await rt.setNodePaused(false);
      await waitFor(rt, (s) => (s.node?.state === 'connected' ? true : undefined));
    } finally {
      await rt.stopAll();
    }
    assert.deepEqual(order.slice(-2), ['agent.stop', 'gateway.close']);
    assert.equal(rt.snapshot().gateway, undefined);
  });

  it('gateway role: the tray hears of other nodes coming and going (nodes online follows them)', async () => {
    const rt = runtime(tmp(), config());
    const laptopDir = tmp();
    try {
      const gw = await rt.startGatewayRole();
      await waitFor(rt, (s) => (s.node?.state === 'connected' && s.gateway?.nodesOnline === 1 ? true : undefined));
      // The laptop joins: nothing about this machine's own node changes, yet the count must.
      await laptopComesAndGoes(rt, { url: gw.url, stateDir: laptopDir, setupCode: gw.createSetupCode({ profile: 'node' }).setupCode });
    } finally {
      await rt.stopAll();
    }
  });

  it('gateway role with the gateway already running outside the app (the service): the app joins it, and takes over when it stops', async () => {
    const dir = tmp();
    const token = 'gateway-token-for-tests-0123456789';
    const outside = await startGatewayProcess({ stateDir: dir, token });
    const rt = runtime(dir, config());
    try {
      await rt.startOrAttachGatewayRole();
      const snap = rt.snapshot();
      assert.equal(snap.gateway?.phase, 'running');
      assert.deepEqual(snap.gateway?.outside, { pid: outside.child.pid });
      assert.equal(snap.gateway?.url, `ws://127.0.0.1:${outside.port}`);
      assert.equal(rt.runningGateway, undefined, 'no second gateway in the app');
      // This machine's node joins the outside gateway (a loopback node is admitted there).
      const node = await waitFor(rt, (s) => (s.node?.state === 'connected' ? s.node : undefined));
      assert.equal(node.gatewayUrl, `ws://127.0.0.1:${outside.port}`);
      // The app reads it as an operator: nodes online follows the laptop joining, and the
      // window's and the phone's setup codes come from it.
      await waitFor(rt, (s) => (s.gateway?.nodesOnline === 1 ? true : undefined));
      await laptopComesAndGoes(rt, { url: `ws://127.0.0.1:${outside.port}`, stateDir: tmp(), token });
      const code = await rt.outsideSetupCode('operator');
      assert.ok(code.setupCode.length > 20 && code.gatewayUrl.includes(String(outside.port)));
      // The tray's alert line is the gateway's own count (whatever is open there right now).
      const op = await GatewayConnection.open({
        url: `ws://127.0.0.1:${outside.port}`, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.read'], auth: { token },
        client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
      });
      try {
        const listed = await op.call('hearth.alerts.list', { state: 'open' });
        // This machine's own node came in with a node code from the gateway: nothing of it waits.
        assert.ok(!listed.alerts.some((a) => /node test-host asks/.test(a.message)), JSON.stringify(listed.alerts.map((a) => a.message)));
        await waitFor(rt, (s) => (s.gateway?.alerts?.open === listed.open && s.gateway.alerts.unacknowledged === listed.unacknowledged ? true : undefined));
      } finally {
        op.close();
      }
      // The service stops: the app runs the gateway itself, and its node moves over.
      await outside.stop();
      await waitFor(rt, (s) => (s.gateway?.phase === 'running' && !s.gateway.outside && rt.runningGateway ? true : undefined));
      const moved = await waitFor(rt, (s) => (s.node?.state === 'connected' && s.node.gatewayUrl === rt.runningGateway?.url ? s.node : undefined));
      assert.notEqual(moved.gatewayUrl, `ws://127.0.0.1:${outside.port}`);
    } finally {
      await rt.stopAll();
      await outside.stop();
    }
  });

  it('gateway role attached to the service: a restart of the service (lock free for a moment) is followed, not taken over', async () => {
    const dir = tmp();
    const token = 'gateway-token-for-tests-0123456789';
    const first = await startGatewayProcess({ stateDir: dir, token });
    // A generous grace: the new process must take the lock within it even on a loaded machine.
    const rt = runtime(dir, config(), [], 20_000);
    let second: Awaited<ReturnType<typeof startGatewayProcess>> | undefined;
    try {
      await rt.startOrAttachGatewayRole();
      assert.deepEqual(rt.snapshot().gateway?.outside, { pid: first.child.pid });
      // What `systemctl --user restart` does: stop, then start the same command again; the new
      // process takes a moment to reach its lock (longer on a loaded machine).
      await first.stop();
      await new Promise((r) => setTimeout(r, 1_000));
      second = await startGatewayProcess({ stateDir: dir, token });
      const pid = second.child.pid;
      await waitFor(rt, (s) => (s.gateway?.outside?.pid === pid ? true : undefined), 20_000);
      assert.equal(rt.runningGateway, undefined, 'the app started no gateway of its own');
    } finally {
      await rt.stopAll();
      await first.stop();
      await second?.stop();
    }
  });

  it('gateway role while the service is still starting (lock held, port not bound yet): the app waits and attaches instead of racing it', async () => {
    const dir = tmp();
    // A live process holding the lock stands in for a gateway between taking the lock and listening.
    const holder = spawn('sleep', ['30']);
    const lock = join(dir, 'gateway.lock');
    writeFileSync(lock, JSON.stringify({ pid: holder.pid }));
    const rt = runtime(dir, config());
    try {
      const started = rt.startOrAttachGatewayRole();
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(rt.snapshot().gateway, undefined, 'nothing started while the other one is starting');
      writeFileSync(lock, JSON.stringify({ pid: holder.pid, host: '127.0.0.1', port: 9 }));
      await started;
      assert.deepEqual(rt.snapshot().gateway?.outside, { pid: holder.pid });
      assert.equal(rt.runningGateway, undefined);
    } finally {
      await rt.stopAll();
      holder.kill();
    }
  });

  it('node role with the node agent already running outside the app (the service): no second agent; the app takes over when it stops', async () => {
    const token = 'gateway-token-for-tests-0123456789';
    const gateway = await startGatewayProcess({ token });
    const dir = tmp();
    const service = spawnHearth(['node', 'run', '--url', gateway.url, '--token', token, '--state-dir', dir, '--name', 'laptop']);
    const rt = runtime(dir, config((c) => { c.node.displayName = 'laptop'; }));
    try {
      await service.waitFor(/[Cc]onnected to/, 20_000);
      rt.startNodeRole({ url: gateway.url });
      const outside = await waitFor(rt, (s) => (s.node?.state === 'outside' ? s.node : undefined));
      assert.match(outside.message ?? '', new RegExp(`runs outside the app \\(pid ${service.child.pid}`));
      await service.stop();
      // Its identity and device token are this state dir's: the app's agent comes back as the same node.
      const node = await waitFor(rt, (s) => (s.nodeStatus?.state === 'connected' ? s.nodeStatus : undefined), 20_000);
      assert.equal(node.authMethod, 'device-token');
    } finally {
      await rt.stopAll();
      await service.stop();
      await gateway.stop();
    }
  });

  it('gateway role without loopback auto-approval still admits its own node with a node setup code', async () => {
    const rt = runtime(tmp(), config((c) => { c.gateway.autoApproveLocal = false; }));
    try {
      await rt.startGatewayRole();
      const node = await waitFor(rt, (s) => (s.nodeStatus?.state === 'connected' ? s.nodeStatus : undefined));
      assert.equal(node.authMethod, 'bootstrap-token');
      // Restarted, it comes back with its device token (the new code goes unused).
      await rt.setNodePaused(true);
      await rt.setNodePaused(false);
      const again = await waitFor(rt, (s) => (s.nodeStatus?.state === 'connected' ? s.nodeStatus : undefined));
      assert.equal(again.authMethod, 'device-token');
    } finally {
      await rt.stopAll();
    }
  });

  it('node role: pairs with a setup code; a reused code and an unreachable gateway are explained', async () => {
    const home = runtime(tmp(), config((c) => { c.gateway.autoApproveLocal = false; }));
    const gw = await home.startGatewayRole({ paused: true });
    const laptop = runtime(tmp(), config());
    const other = runtime(tmp(), config());
    try {
      const code = gw.createSetupCode({ profile: 'node' }).setupCode;
      const statuses: NodeAgentStatus[] = [];
      laptop.startNodeRole({ url: gw.url, setupCode: code }, { onStatus: (s) => statuses.push(s) });
      await waitFor(laptop, (s) => (s.node?.state === 'connected' ? true : undefined));
      assert.equal(classifyAgentStatus(statuses.at(-1)!).kind, 'paired');

      // The same code on another machine: single use.
      const failures: NodeAgentStatus[] = [];
      other.startNodeRole({ url: gw.url, setupCode: code }, { onStatus: (s) => { if (s.state === 'error' || s.state === 'backoff' || s.state === 'pairing-required') failures.push(s); } });
      await waitFor(other, (s) => (s.nodeStatus && ['error', 'pairing-required'].includes(s.nodeStatus.state) ? true : undefined));
      const outcome = classifyAgentStatus(failures[0]!);
      assert.ok(outcome.kind === 'failed' && outcome.reason === 'wrong-code', JSON.stringify(failures[0]));
      await other.stopNode();

      other.startNodeRole({ url: 'ws://127.0.0.1:9' });
      const down = await waitFor(other, (s) => (s.nodeStatus?.state === 'backoff' ? s.nodeStatus : undefined));
      const r = classifyAgentStatus(down);
      assert.ok(r.kind === 'failed' && r.reason === 'unreachable', JSON.stringify(down));
    } finally {
      await other.stopAll();
      await laptop.stopAll();
      await home.stopAll();
    }
  });
});
