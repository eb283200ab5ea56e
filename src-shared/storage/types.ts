/**
 * Storage shapes shared by the probe (on whichever machine holds the mount), the gateway-side module
 * that classifies results, the CLI, and the renderer (status cards, topology box).
 */

/** What a mount is expected to be: an SMB/CIFS share, an NFS export, or any mounted filesystem. */
export type StorageKind = 'smb' | 'nfs' | 'any';

/** The state a mount is in, worst first in {@link STATE_SEVERITY}. */
export type StorageState = 'ok' | 'warn' | 'crit' | 'not-mounted' | 'read-only' | 'hung' | 'server-unreachable' | 'missing';

export const STORAGE_STATES: readonly StorageState[] = ['ok', 'warn', 'crit', 'not-mounted', 'read-only', 'hung', 'server-unreachable', 'missing'];

/** Higher is worse; the topology box and `health` show the worst state. */
export const STATE_SEVERITY: Record<StorageState, number> = {
  ok: 0, warn: 1, 'read-only': 2, crit: 3, missing: 4, 'not-mounted': 5, hung: 6, 'server-unreachable': 7,
};

/** One mount a machine is asked to probe. */
export interface ProbeTarget {
  /** Identity of the mount on the gateway (the probe echoes it back). */
  id: string;
  path: string;
  kind: StorageKind;
  /** `host` or `host:port` to TCP-check instead of the one derived from the mount source. */
  server?: string;
  /** The source seen the last time the mount was mounted, for the server check once it is gone. */
  sourceHint?: string;
  /** The filesystem type seen then (picks the server port once the mount is gone). */
  fsTypeHint?: string;
}

export interface ProbeRequest {
  mounts: ProbeTarget[];
  /** Hard deadline of the filesystem work, ms (default 5000). */
  deadlineMs?: number;
}

/** Where a path lives according to the OS mount table (never by touching the path). */
export interface MountFacts {
  mounted: boolean;
  mountPoint?: string;
  fsType?: string;
  source?: string;
  /** The mount table says the filesystem is mounted read-only. */
  readOnly?: boolean;
  /** Why `mounted` is false when a mount exists but is the wrong one (e.g. expected smb, found ext4). */
  reason?: string;
}

export interface ProbeError {
  code: string;
  message: string;
  /** The step that failed: statfs, create, write, fsync, remove. */
  step?: string;
}

export interface SpaceFacts {
  totalBytes: number;
  freeBytes: number;
  usedBytes: number;
  /** `null` when the filesystem reports no inode counts (FAT, some FUSE). */
  inodesTotal: number | null;
  inodesFree: number | null;
}

export interface StepLatency {
  statfsMs?: number;
  createMs?: number;
  fsyncMs?: number;
  removeMs?: number;
  totalMs?: number;
}

export interface ServerCheck {
  host: string;
  port: number;
  reachable: boolean;
  ms: number;
  error?: string;
}

/** What the probing machine found for one mount; the gateway classifies it. */
export interface ProbeResult {
  id: string;
  path: string;
  facts: MountFacts;
  /** False when the path does not exist (ENOENT). Absent when unknown (hung). */
  exists?: boolean;
  space?: SpaceFacts;
  writable?: boolean;
  writeError?: ProbeError;
  error?: ProbeError;
  /** Set when the filesystem did not answer within the deadline (or an earlier probe is still stuck). */
  hung?: { sinceMs: number; step: string };
  latency: StepLatency;
  server?: ServerCheck;
  checkedAtMs: number;
}

export interface ProbeResponse {
  host: string;
  platform: string;
  results: ProbeResult[];
}

/** The status of one mount as `hearth storage status --json` prints it. */
export interface MountStatus {
  name: string;
  /** The machine: `gateway` for the gateway's own, else the node's display name (or id). */
  node: string;
  /** The node's device id; null for the gateway's own machine. */
  nodeId: string | null;
  /** Display name of the machine (the node's name, or the gateway's host name). */
  nodeName: string;
  path: string;
  kind: StorageKind;
  state: StorageState | 'unknown';
  fsType: string | null;
  source: string | null;
  mounted: boolean | null;
  writable: boolean | null;
  totalBytes: number | null;
  freeBytes: number | null;
  usedPercent: number | null;
  inodesUsedPercent: number | null;
  latencyMs: number | null;
  checkedAtMs: number | null;
  lastError: string | null;
  warn: number;
  crit: number;
  /** Bytes per day the used space grows (negative: shrinking), over the last week. */
  fillRateBytesPerDay?: number | null;
  /** "Full in about N days" at the current fill rate; null when not filling or too little history. */
  fullInDays?: number | null;
  server?: ServerCheck;
}
