/** The node page's view of this machine's node: agent status + exec policy + recent runs (pure). */
import type { NodeStatusView, RecentRun } from '../../../src-shared/ipc/contract.ts';
import type { HearthConfig } from '../../core/config.ts';
import type { RuntimeSnapshot } from './role-runtime.ts';

/** Null when this machine runs no node. */
export function nodeStatusView(snap: RuntimeSnapshot, cfg: HearthConfig, recentRuns: RecentRun[]): NodeStatusView | null {
  if (!snap.node) return null;
  const st = snap.nodeStatus;
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
