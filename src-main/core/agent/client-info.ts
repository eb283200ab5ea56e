/** What the node says about itself in `connect` (SPEC §4.2): client info, caps and commands. */
import { hostname, type as osType } from 'node:os';
import type { ClientInfo } from '../../../src-shared/protocol/schemas.ts';

/** Commands this node serves; the gateway stores them as its command surface. */
export const NODE_COMMANDS = ['system.run', 'system.which'];
export const NODE_CAPS = ['system'];
/** Reported as client.version when the host does not pass its own. */
export const DEFAULT_AGENT_VERSION = '0.1.0';

/** `Linux`, `Darwin` or `Windows` from os.type(), as the real node host reports `deviceFamily`. */
export function deviceFamilyFor(type: string = osType()): string {
  if (type === 'Windows_NT') return 'Windows';
  return type;
}

export function buildClientInfo(o: { version?: string | undefined; displayName?: string | undefined; instanceId: string; platform?: string }): ClientInfo {
  return {
    id: 'node-host',
    mode: 'node',
    version: o.version ?? DEFAULT_AGENT_VERSION,
    platform: o.platform ?? process.platform,
    deviceFamily: deviceFamilyFor(),
    displayName: o.displayName ?? hostname(),
    instanceId: o.instanceId,
  };
}
