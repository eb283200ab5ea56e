import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ShellState } from '../../src-main/electron/shell-state.ts';
import { planRoleSwitch } from '../../src-main/electron/roles/switch-plan.ts';

const update = { state: 'idle', currentVersion: '0.1.0', channel: 'stable', message: '' } as const;
const base: ShellState = { role: 'gateway', platform: 'linux', tunnels: [], launchAtLogin: false, update };

describe('role switching plan', () => {
  it('gateway → node: stops the own node, then the gateway, says who loses the connection, then opens the wizard', () => {
    const p = planRoleSwitch({
      ...base,
      gateway: { phase: 'running', url: 'ws://127.0.0.1:18789', nodesOnline: 3 },
      node: { state: 'connected', gatewayUrl: 'ws://127.0.0.1:18789' },
      tunnels: [{ name: 'vps', state: 'up' }],
    }, 'node');
    assert.deepEqual(p.steps, [{ type: 'stop-node-agent' }, { type: 'stop-gateway' }, { type: 'save-role', role: null }, { type: 'open-wizard', role: 'node' }]);
    assert.equal(p.view.title, 'Switch from Gateway (home hub) to Node?');
    assert.equal(p.view.needed, true);
    assert.equal(p.view.confirmLabel, 'Switch to Node');
    const text = p.view.detail.join('\n');
    assert.match(text, /Stops this machine's own node/);
    assert.match(text, /Stops the gateway at ws:\/\/127\.0\.0\.1:18789: 3 nodes online and every phone/);
    assert.match(text, /Stops 1 tunnel/);
    assert.match(text, /Paired devices and history stay/);
    assert.match(text, /pair it/);
  });

  it('gateway → node with the gateway run outside the app: it keeps running, and the plan says so (and how to stop it)', async () => {
    const p = planRoleSwitch({ ...base, gateway: { phase: 'running', url: 'ws://127.0.0.1:18789', outside: { pid: 4242 } }, node: { state: 'connected', gatewayUrl: 'ws://127.0.0.1:18789' } }, 'node');
    const text = p.view.detail.join('\n');
    assert.doesNotMatch(text, /Stops the gateway/);
    assert.match(text, /The gateway at ws:\/\/127\.0\.0\.1:18789 runs outside the app \(pid 4242\) and keeps running; stop it with `hearth gateway uninstall`/);
    // The desktop window shows it in Chinese too.
    const { mainText } = await import('../../src-renderer/desktop/main-text.ts');
    const line = p.view.detail.find((d) => /outside the app/.test(d))!;
    assert.match(mainText('zh-CN', line) ?? '', /由本应用之外运行（进程号 4242）/);
  });

  it('node → gateway: disconnects from its gateway only', () => {
    const p = planRoleSwitch({ ...base, role: 'node', node: { state: 'connected', gatewayUrl: 'ws://10.0.0.2:18789' } }, 'gateway');
    assert.deepEqual(p.steps.map((s) => s.type), ['stop-node-agent', 'save-role', 'open-wizard']);
    assert.match(p.view.detail[0] ?? '', /Disconnects this node from ws:\/\/10\.0\.0\.2:18789/);
    assert.match(p.view.detail.at(-1) ?? '', /new token is generated/);
  });

  it('a paused node has nothing to stop; an unknown node count is said plainly', () => {
    const p = planRoleSwitch({ ...base, role: 'node', node: { state: 'stopped', gatewayUrl: 'x' } }, 'gateway');
    assert.deepEqual(p.steps.map((s) => s.type), ['save-role', 'open-wizard']);
    assert.equal(p.view.message, 'Nothing is running yet.');
    const q = planRoleSwitch({ ...base, gateway: { phase: 'running', url: 'ws://127.0.0.1:1' } }, 'node');
    assert.match(q.view.detail.join(' '), /every node and phone connected to it lose/);
  });

  it('the same role needs no confirmation and changes nothing', () => {
    const p = planRoleSwitch({ ...base, role: 'node' }, 'node');
    assert.equal(p.view.needed, false);
    assert.deepEqual(p.steps, []);
  });
});
