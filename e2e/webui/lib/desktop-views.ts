/**
 * The desktop window's screens as the main process would show them: every wizard step, the node
 * status page in its states, and the settings page with the role-switch plan and an update
 * message. Texts that main sends (failures, plans, update and agent messages) come from main's
 * own producers, so the language check sees exactly what a user would.
 */
import type { NodeStatusView, RoleSwitchPlanView, UpdateView, WindowBootstrap, WizardView } from '../../../src-shared/ipc/contract.ts';
import { phoneBaseUrl } from '../../../src-main/electron/roles/phone-pairing.ts';
import { planRoleSwitch } from '../../../src-main/electron/roles/switch-plan.ts';
import { OUTSIDE_NODE_MESSAGE, nodeStatusView } from '../../../src-main/electron/roles/node-status-view.ts';
import { defaultConfig } from '../../../src-main/core/config.ts';
import type { ShellState } from '../../../src-main/electron/shell-state.ts';
import { describeUpdate } from '../../../src-main/electron/updater/policy.ts';
import { explainFailure } from '../../../src-main/electron/wizard/failures.ts';
import { initialWizard, reduceWizard } from '../../../src-main/electron/wizard/machine.ts';

export interface DesktopScreen {
  name: string;
  route: 'wizard' | 'node' | 'settings';
  /** What each invoke channel answers. */
  answers: Record<string, unknown>;
  /** Buttons to press (by their position among the page's buttons, from the end) before the shot. */
  press?: 'settings-actions';
}

const QR = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#fff"/><rect x="1" y="1" width="3" height="3"/><rect x="6" y="1" width="3" height="3"/><rect x="1" y="6" width="3" height="3"/></svg>';
const GW = 'ws://192.168.1.20:18789';
const ctx = { now: Date.now() };

function phone(bind: 'loopback' | 'lan') {
  const base = phoneBaseUrl({ bind, port: 18789, boundHost: bind === 'lan' ? '0.0.0.0' : '127.0.0.1', lanAddress: '192.168.1.20' });
  return { phoneUrl: `${base.url}#setup=eyJ1cmwiOiJ3czovLzE5Mi4xNjguMS4yMDoxODc4OSJ9`, qrSvg: QR, expiresAtMs: Date.now() + 600_000, ...(base.warning ? { warning: base.warning } : {}) };
}

/** Runs main's wizard reducer from the start through `events`, as the window would see it. */
function wizardAfter(...events: Parameters<typeof reduceWizard>[1][]): WizardView {
  let v = initialWizard();
  for (const e of events) v = reduceWizard(v, e, ctx).view;
  return v;
}

function wizardViews(): Record<string, WizardView> {
  const started = { type: 'gateway-started' as const, gatewayUrl: 'ws://127.0.0.1:18789', token: 'q9X3bV7kLm2Pz8RtY4wN6cJ1hF5sD0aGeUiOoKpQrSx', phone: phone('loopback') };
  const toGateway = { type: 'choose-role' as const, role: 'gateway' as const };
  const toNode = { type: 'choose-role' as const, role: 'node' as const };
  const submit = { type: 'gateway-submit' as const, port: 18789, bind: 'lan' as const, publicUrl: '' };
  return {
    'choose-role': initialWizard(),
    'gateway-options': wizardAfter(toGateway, { type: 'gateway-submit', port: 18789, bind: 'tailnet', publicUrl: 'home-pc.tailnet' }),
    'gateway-starting': wizardAfter(toGateway, submit),
    'gateway-failed': { step: 'gateway-failed', failure: explainFailure('port-in-use', 'listen EADDRINUSE: address already in use 0.0.0.0:18789 (held by pid 4242, nginx)'), port: 18789, bind: 'lan', publicUrl: '' },
    'gateway-already-running': { step: 'gateway-failed', failure: explainFailure('gateway-running', 'another Hearth gateway holds /home/me/.hearth/gateway.lock (pid 4242)'), port: 18789, bind: 'lan', publicUrl: '' },
    'gateway-token': wizardAfter(toGateway, submit, started),
    'gateway-qr': { step: 'gateway-qr', gatewayUrl: 'ws://127.0.0.1:18789', phone: phone('lan') },
    'gateway-done': wizardAfter(toGateway, submit, started, { type: 'token-acknowledged' }, { type: 'finish' }),
    'node-find': { step: 'node-find', discovered: [{ name: 'Hearth on home-pc', url: GW, host: '192.168.1.20', port: 18789, hearth: true }, { name: 'openclaw-gateway', url: 'ws://192.168.1.31:18789', host: '192.168.1.31', port: 18789, hearth: false }], scanning: true, input: '' },
    'node-find-error': wizardAfter(toNode, { type: 'input-changed', input: 'not a url at all' }, { type: 'submit-input' }),
    'node-pair': wizardAfter(toNode, { type: 'select-gateway', url: GW }, { type: 'submit-code', code: 'nonsense' }),
    'node-connecting': { step: 'node-connecting', gatewayUrl: GW, via: 'code', code: 'x' },
    'node-waiting-approval': {
      step: 'node-waiting-approval', gatewayUrl: GW, via: 'approval', code: '', fingerprint: '778C-0B5C-9E0A', deviceId: 'd'.repeat(64), requestId: '3f2a9c1e-5b7d-4e2f-9a10-6c8d2e4f1b3a',
      message: 'pairing required: request 3f2a9c1e-5b7d-4e2f-9a10-6c8d2e4f1b3a is waiting for approval on the gateway',
    },
    'node-failed': { step: 'node-failed', gatewayUrl: GW, via: 'code', code: 'x', failure: explainFailure('unreachable', 'connect ECONNREFUSED 192.168.1.20:18789') },
    'node-done': { step: 'done', role: 'node', summary: `This machine is a node of ${GW}. Hearth keeps running in the tray.` },
  };
}

function nodeView(state: NodeStatusView['state'], message: string): NodeStatusView {
  return {
    state, gatewayUrl: GW, deviceId: 'd'.repeat(64), fingerprint: '778C-0B5C-9E0A', message,
    exec: { security: 'allowlist', allowlist: ['/usr/bin/git', '/usr/bin/uname', '/home/alex/projects/very-long-directory-name/scripts/backup-photos.sh'] },
    recentRuns: [
      { command: 'uname -a', startedAtMs: Date.now() - 60_000, durationMs: 12, exitCode: 0, requestedBy: 'iPhone' },
      { command: 'rm -rf /tmp/x', startedAtMs: Date.now() - 120_000, note: 'refused by the exec policy (allowlist)' },
      { command: 'sh -c "for i in $(seq 1 100); do echo line $i; sleep 1; done"', startedAtMs: Date.now() - 5_000 },
    ],
  };
}

function shell(role: 'gateway' | 'node'): ShellState {
  const update: UpdateView = { state: 'idle', currentVersion: '0.1.0', channel: 'stable', message: '' };
  return role === 'gateway'
    ? { role, platform: 'linux', gateway: { phase: 'running', url: 'ws://127.0.0.1:18789', nodesOnline: 3 }, node: { state: 'connected', gatewayUrl: 'ws://127.0.0.1:18789' }, tunnels: [{ name: 'vps', state: 'up' }], launchAtLogin: true, update }
    : { role, platform: 'linux', node: { state: 'connected', gatewayUrl: GW }, tunnels: [], launchAtLogin: true, update };
}

export function desktopScreens(): DesktopScreen[] {
  const boot = (role: 'gateway' | 'node'): WindowBootstrap => ({ role, platform: 'linux', version: '0.1.0' });
  const prefs = { launchAtLogin: true, updateChannel: 'stable' };
  const screens: DesktopScreen[] = Object.entries(wizardViews()).map(([name, view]) => ({
    name: `wizard-${name}`, route: 'wizard', answers: { 'hearth:wizard-state': view, 'hearth:wizard-send': view, 'hearth:bootstrap': { role: null, platform: 'linux', version: '0.1.0' } },
  }));
  screens.push(
    { name: 'node-connected', route: 'node', answers: { 'hearth:bootstrap': boot('node'), 'hearth:node-status': nodeView('connected', `Connected to ${GW}.`) } },
    { name: 'node-waiting', route: 'node', answers: { 'hearth:bootstrap': boot('node'), 'hearth:node-status': { ...nodeView('pairing-required', 'pairing required: request 3f2a9c1e is waiting for approval on the gateway'), requestId: '3f2a9c1e-5b7d-4e2f-9a10-6c8d2e4f1b3a', recentRuns: [] } } },
    { name: 'node-backoff', route: 'node', answers: { 'hearth:bootstrap': boot('node'), 'hearth:node-status': nodeView('backoff', `no gateway at ${GW}; retrying in 30 s`) } },
    // The service runs this machine's node: main's own view of that (roles/node-status-view.ts).
    { name: 'node-outside', route: 'node', answers: { 'hearth:bootstrap': boot('node'), 'hearth:node-status': nodeStatusView({ node: { state: 'outside', gatewayUrl: GW, message: OUTSIDE_NODE_MESSAGE(4242) } }, defaultConfig(), []) } },
  );
  for (const role of ['gateway', 'node', 'gateway-outside'] as const) {
    const from = role === 'gateway-outside' ? 'gateway' : role;
    const state = role === 'gateway-outside' ? { ...shell('gateway'), gateway: { phase: 'running' as const, url: 'ws://127.0.0.1:18789', outside: { pid: 4242 } } } : shell(role);
    const plan: RoleSwitchPlanView = planRoleSwitch(state, from === 'gateway' ? 'node' : 'gateway').view;
    const update: UpdateView = describeUpdate({ kind: 'available', version: '0.2.0' }, { currentVersion: '0.1.0', channel: 'stable', now: Date.now() });
    screens.push({
      name: `settings-${role}`, route: 'settings', press: 'settings-actions',
      answers: { 'hearth:bootstrap': boot(from), 'hearth:prefs-get': prefs, 'hearth:role-switch-plan': plan, 'hearth:update-check': update },
    });
  }
  return screens;
}
