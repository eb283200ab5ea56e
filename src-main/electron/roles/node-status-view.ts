/** The node page's view of this machine's node: agent status + exec policy + recent runs (pure). */
import type { NodeStatusView, RecentRun } from '../../../src-shared/ipc/contract.ts';
import type { HearthConfig } from '../../core/config.ts';
import type { RuntimeSnapshot } from './role-runtime.ts';

/** Null when this machine runs no node. */
export function nodeStatusView(snap: RuntimeSnapshot, cfg: HearthConfig, recentRuns: RecentRun[]): NodeStatusView | null {
  if (!snap.node) return null;
  const st = snap.nodeStatus;
  if (snap.node.state === 'outside') {
    // Not the app's agent: the page says who runs it instead of showing a status it cannot know.
    return {
      state: 'outside', gatewayUrl: snap.node.gatewayUrl, deviceId: '', fingerprint: '', recentRuns,
      exec: { security: cfg.node.exec.security, allowlist: [...cfg.node.exec.allowlist] },
      message: snap.node.message ?? OUTSIDE_NODE_MESSAGE(0),
    };
  }
  const v: NodeStatusView = {
    state: snap.node.state,
    gatewayUrl: snap.node.gatewayUrl,
    deviceId: st?.deviceId ?? '',
    fingerprint: st?.fingerprint ?? '',
    exec: { security: cfg.node.exec.security, allowlist: [...cfg.node.exec.allowlist] },
    recentRuns,
  };
  if (st?.message) v.message = st.message;
  if (st?.requestId) v.requestId = st.requestId;
  return v;
}

/** What the node page and the tray say while the node agent runs outside the app. */
export const OUTSIDE_NODE_MESSAGE = (pid: number) =>
  `This machine's node already runs outside the app (pid ${pid}: the service from \`hearth node install\`, or \`hearth node run\`), so the app starts no second one; it starts its own when that one stops.`;
