/**
 * Switching the machine's role: what the confirmation says and the ordered steps the host runs.
 * Pure, so the wording ("what stops") and the order (agent before gateway, settings before the
 * wizard) are tested without Electron.
 */
import type { HostRole, RoleSwitchPlanView } from '../../../src-shared/ipc/contract.ts';
import type { ShellState } from '../shell-state.ts';

export type RoleSwitchStep =
  | { type: 'stop-node-agent' }
  | { type: 'stop-gateway' }
  | { type: 'save-role'; role: null }
  | { type: 'open-wizard'; role: HostRole };

export interface RoleSwitchPlan {
  view: RoleSwitchPlanView;
  steps: RoleSwitchStep[];
}

const NAME: Record<HostRole, string> = { gateway: 'Gateway (home hub)', node: 'Node' };

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Plans the switch from the current role to `to`. */
export function planRoleSwitch(s: ShellState, to: HostRole): RoleSwitchPlan {
  const from = s.role;
  if (from === to) {
    return {
      view: { from, to, title: `Already a ${NAME[to]}`, message: `This machine already has the ${NAME[to]} role; nothing changes.`, detail: [], confirmLabel: 'OK', needed: false },
      steps: [],
    };
  }
  const detail: string[] = [];
  const steps: RoleSwitchStep[] = [];
  // The node agent goes first: in the gateway role it talks to the gateway over loopback and
  // should leave cleanly before the gateway closes under it.
  if (s.node && s.node.state !== 'stopped') {
    steps.push({ type: 'stop-node-agent' });
    detail.push(from === 'gateway'
      ? 'Stops this machine\'s own node: the phone can no longer run work here.'
      : `Disconnects this node from ${s.node.gatewayUrl}: the gateway stops sending it work.`);
  }
  if (from === 'gateway' && s.gateway?.outside) {
    // Not the app's to stop: the app only stops showing it.
    steps.push({ type: 'stop-gateway' });
    detail.push(`The gateway${s.gateway.url ? ` at ${s.gateway.url}` : ''} runs outside the app (pid ${s.gateway.outside.pid}) and keeps running; stop it with \`hearth gateway uninstall\` if it is the service.`);
  } else if (from === 'gateway' && s.gateway && s.gateway.phase !== 'stopped') {
    steps.push({ type: 'stop-gateway' });
    const who = s.gateway.nodesOnline === undefined ? 'every node and phone connected to it' : `${plural(s.gateway.nodesOnline, 'node', 'nodes')} online and every phone connected to it`;
    detail.push(`Stops the gateway${s.gateway.url ? ` at ${s.gateway.url}` : ''}: ${who} lose the connection.`);
    if (s.tunnels.length > 0) detail.push(`Stops ${plural(s.tunnels.length, 'tunnel', 'tunnels')} to this machine.`);
    detail.push('Paired devices and history stay in the state directory; switching back restores them.');
  }
  steps.push({ type: 'save-role', role: null });
  steps.push({ type: 'open-wizard', role: to });
  detail.push(to === 'node'
    ? 'Then you pick the gateway this machine joins and pair it (setup code or approval).'
    : 'Then you choose a port; a new token is generated and a QR code pairs the phone.');
  const title = from === null ? `Set up as ${NAME[to]}?` : `Switch from ${NAME[from]} to ${NAME[to]}?`;
  const message = steps.some((st) => st.type === 'stop-gateway' || st.type === 'stop-node-agent')
    ? 'These services stop now:'
    : 'Nothing is running yet.';
  return { view: { from, to, title, message, detail, confirmLabel: `Switch to ${NAME[to]}`, needed: true }, steps };
}
