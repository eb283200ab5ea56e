/**
 * The desktop window's screens as the main process would show them: every wizard step, the node
 * status page in its states, and the settings page with the role-switch plan and an update
 * message. Texts that main sends (failures, plans, update and agent messages) come from main's
 * own producers, so the language check sees exactly what a user would.
 */
import { COMMANDS_AWAITING_APPROVAL, commandsPendingStatus } from '../../../src-shared/protocol/surface-pending.ts';
import type { NodeStatusView, RoleSwitchPlanView, UpdateView, WindowBootstrap, WizardView } from '../../../src-shared/ipc/contract.ts';
import { phoneBaseUrl } from '../../../src-main/electron/roles/phone-pairing.ts';
import { planRoleSwitch } from '../../../src-main/electron/roles/switch-plan.ts';
import { OUTSIDE_NODE_MESSAGE, nodeStatusView } from '../../../src-main/electron/roles/node-status-view.ts';
import { defaultConfig } from '../../../src-main/core/config.ts';
import type { ShellState } from '../../../src-main/electron/shell-state.ts';
import { describeUpdate, updateUnsupportedReason } from '../../../src-main/electron/updater/policy.ts';
import { explainFailure } from '../../../src-main/electron/wizard/failures.ts';
import { initialWizard, reduceWizard } from '../../../src-main/electron/wizard/machine.ts';
import { authRefusalMessage } from '../../../src-main/core/agent/auth-refusals.ts';
import { explainRefusal, type RefusalContext } from '../../../src-main/core/agent/credentials.ts';
import { unreachableMessage } from '../../../src-shared/client/failure.ts';
import { DetailCode } from '../../../src-shared/protocol/errors.ts';

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

const FP = '778C-0B5C-9E0A';
const REQUEST = '3f2a9c1e-5b7d-4e2f-9a10-6c8d2e4f1b3a';
const refusalCtx: RefusalContext = { source: 'device-token', fingerprint: FP, gatewayUrl: GW, hasOtherCredential: false };
/** What the node agent says for a refusal with this code (node-agent.ts builds its status from it). */
const refusal = (code: string, details: Record<string, unknown> = {}) => explainRefusal({ code, message: code, details: { code, ...details } }, refusalCtx);

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
    // Listening on loopback only: the link carries main's warning that a phone cannot open it yet.
    'gateway-qr-loopback': { step: 'gateway-qr', gatewayUrl: 'ws://127.0.0.1:18789', phone: phone('loopback') },
    'gateway-done': wizardAfter(toGateway, submit, started, { type: 'token-acknowledged' }, { type: 'finish' }),
    'node-find': { step: 'node-find', discovered: [{ name: 'Hearth on home-pc', url: GW, host: '192.168.1.20', port: 18789, hearth: true }, { name: 'openclaw-gateway', url: 'ws://192.168.1.31:18789', host: '192.168.1.31', port: 18789, hearth: false }], scanning: true, input: '' },
    'node-find-error': wizardAfter(toNode, { type: 'input-changed', input: 'not a url at all' }, { type: 'submit-input' }),
    'node-pair': wizardAfter(toNode, { type: 'select-gateway', url: GW }, { type: 'submit-code', code: 'nonsense' }),
    'node-connecting': { step: 'node-connecting', gatewayUrl: GW, via: 'code', code: 'x' },
    'node-waiting-approval': {
      step: 'node-waiting-approval', gatewayUrl: GW, via: 'approval', code: '', fingerprint: FP, deviceId: 'd'.repeat(64), requestId: REQUEST,
      // The agent's status message, which the wizard passes on (machine.ts, classifyAgentStatus).
      message: refusal(DetailCode.PAIRING_REQUIRED, { requestId: REQUEST }).message,
    },
    'node-failed': { step: 'node-failed', gatewayUrl: GW, via: 'code', code: 'x', failure: explainFailure('unreachable', 'connect ECONNREFUSED 192.168.1.20:18789') },
    'node-done': { step: 'done', role: 'node', summary: `This machine is a node of ${GW}. Hearth keeps running in the tray.` },
  };
}

function nodeView(state: NodeStatusView['state'], message: string): NodeStatusView {
  return {
    state, gatewayUrl: GW, deviceId: 'd'.repeat(64), fingerprint: FP, ...(message ? { message } : {}),
    exec: { security: 'allowlist', allowlist: ['/usr/bin/git', '/usr/bin/uname', '/home/alex/projects/very-long-directory-name/scripts/backup-photos.sh'] },
    recentRuns: [
      { command: 'uname -a', startedAtMs: Date.now() - 60_000, durationMs: 12, exitCode: 0, requestedBy: 'iPhone' },
      { command: 'rm -rf /tmp/x', startedAtMs: Date.now() - 120_000, note: 'refused by the exec policy (allowlist)' },
      { command: 'sh -c "for i in $(seq 1 100); do echo line $i; sleep 1; done"', startedAtMs: Date.now() - 5_000 },
    ],
  };
}

/**
 * The node page in each state the agent reports, with the agent's own sentences: connecting,
 * waiting for approval (new, and held out after removal), connected, disconnected (nothing
 * answers, the connection dropped), refused (a revoked device token, a refused token, a used
 * setup code), paused, and the node run by the service.
 */
function nodeViews(): Record<string, NodeStatusView | null> {
  const pairing = refusal(DetailCode.PAIRING_REQUIRED, { requestId: REQUEST });
  const removed = refusal(DetailCode.PAIRING_REQUIRED, { requestId: REQUEST, reason: 'removed' });
  const origin = { source: 'device-token' as const, statePath: '/home/alex/.config/Hearth/node-state.json' };
  return {
    'connecting': nodeView('connecting', `Connecting to ${GW}.`),
    'waiting': { ...nodeView('pairing-required', pairing.message), requestId: REQUEST, recentRuns: [] },
    'held-out': { ...nodeView('pairing-required', removed.message), requestId: REQUEST, recentRuns: [] },
    'connected': nodeView('connected', `Connected to ${GW}.`),
    // Paired, but its commands wait for approval: the agent's words around the gateway's refusal.
    'commands-pending': nodeView('connected', commandsPendingStatus(COMMANDS_AWAITING_APPROVAL)),
    // node-agent.ts afterFailure: the cause, then "; retrying in <secs>."
    'unreachable': nodeView('backoff', `${unreachableMessage(GW, 'connect ECONNREFUSED 192.168.1.20:18789')}; retrying in 30 s.`),
    'dropped': nodeView('backoff', 'Connection to the gateway closed (1006); stopped the command it had running here: its result can no longer reach anyone; reconnecting in 2.5 s.'),
    'refused-revoked': nodeView('error', refusal(DetailCode.AUTH_DEVICE_TOKEN_MISMATCH).message),
    'refused-token': nodeView('error', authRefusalMessage(refusal(DetailCode.AUTH_TOKEN_MISMATCH), { source: 'shared-secret', secretSource: '--token', statePath: origin.statePath }, GW)),
    'refused-setup-code': nodeView('error', authRefusalMessage(refusal(DetailCode.AUTH_BOOTSTRAP_TOKEN_INVALID), { source: 'bootstrap-token', statePath: origin.statePath }, GW)),
    // Refused again and again: the rate limit's words, then the refusal that led there (credentialRefused).
    'rate-limited': nodeView('error', `${refusal(DetailCode.AUTH_RATE_LIMITED).message} ${authRefusalMessage(refusal(DetailCode.AUTH_TOKEN_MISMATCH), { source: 'shared-secret', secretSource: '--token', statePath: origin.statePath }, GW)}`),
    'clock-skew': nodeView('error', refusal(DetailCode.DEVICE_AUTH_SIGNATURE_EXPIRED).message),
    'paused': nodeView('paused', ''),
    // The service runs this machine's node: main's own view of that (roles/node-status-view.ts).
    'outside': nodeStatusView({ node: { state: 'outside', gatewayUrl: GW, message: OUTSIDE_NODE_MESSAGE(4242) } }, defaultConfig(), []),
    // No node on this machine (the gateway role's window on #/node).
    'none': null,
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
  for (const [name, view] of Object.entries(nodeViews())) {
    screens.push({ name: `node-${name}`, route: 'node', answers: { 'hearth:bootstrap': boot('node'), 'hearth:node-status': view } });
  }
  for (const role of ['gateway', 'node', 'gateway-outside'] as const) {
    const from = role === 'gateway-outside' ? 'gateway' : role;
    const state = role === 'gateway-outside' ? { ...shell('gateway'), gateway: { phase: 'running' as const, url: 'ws://127.0.0.1:18789', outside: { pid: 4242 } } } : shell(role);
    const plan: RoleSwitchPlanView = planRoleSwitch(state, from === 'gateway' ? 'node' : 'gateway').view;
    // Each settings page shows another answer to "Check now": an update, a development build, no network.
    const outcome = role === 'gateway' ? { kind: 'available' as const, version: '0.2.0' }
      : role === 'node' ? { kind: 'unsupported' as const, reason: updateUnsupportedReason({ isPackaged: false, platform: 'linux', env: {} }) ?? '' }
        : { kind: 'error' as const, error: 'net::ERR_INTERNET_DISCONNECTED' };
    const update: UpdateView = describeUpdate(outcome, { currentVersion: '0.1.0', channel: 'stable', now: Date.now() });
    screens.push({
      name: `settings-${role}`, route: 'settings', press: 'settings-actions',
      answers: { 'hearth:bootstrap': boot(from), 'hearth:prefs-get': prefs, 'hearth:role-switch-plan': plan, 'hearth:update-check': update },
    });
  }
  return screens;
}
