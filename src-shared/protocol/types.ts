/** Domain shapes that travel in payloads (SPEC §6–§10): the static types of the contract's schemas (./contract/domain.ts). */
import type { ConnectAuth, ClientInfo } from './schemas.ts';

export type {
  HostStats, HostInterface, ApprovalState, NodeEntry, PresenceEntry, DeviceTokenSummary, ApprovedVia, NodeSurface, PairedDevice,
  PendingDeviceRequest, PendingNodeRequest, SystemRunResult, HelloOkAuth, HelloOk, ConnectChallenge,
} from './contract/domain.ts';

export type { ConnectAuth, ClientInfo };
