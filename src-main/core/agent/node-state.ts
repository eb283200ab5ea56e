/**
 * The node's small state file (0600, atomic writes): its instance id and, per gateway URL,
 * the device token received in `hello-ok.auth.deviceToken` (SPEC §6.4).
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEVICE_TOKEN_PATTERN, MAX_DEVICE_TOKEN_LENGTH } from '../../../src-shared/protocol/constants.ts';

const TOKEN_CHARS = new RegExp(DEVICE_TOKEN_PATTERN);

/** Why `token` is not one to keep (the contract's bound, checked again here: this file outlives any transport), or undefined. */
export function deviceTokenProblem(token: string): string | undefined {
  if (token === '') return 'it is empty';
  if (token.length > MAX_DEVICE_TOKEN_LENGTH) return `it is ${token.length} characters long, more than the ${MAX_DEVICE_TOKEN_LENGTH} a device token may have`;
  if (!TOKEN_CHARS.test(token)) return 'it holds characters other than visible ASCII';
  return undefined;
}

export interface StoredGatewayAuth {
  deviceToken: string;
  role: string;
  issuedAtMs?: number;
  savedAtMs: number;
}

export interface NodeStateData {
  version: 1;
  /** Stable across restarts, like the real node host's `client.instanceId`. */
  instanceId: string;
  gateways: Record<string, StoredGatewayAuth>;
}

/** One key per gateway: scheme, host and port lowercased, trailing slash dropped. */
export function gatewayKey(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.protocol}//${u.host}${path}`.toLowerCase();
  } catch {
    return url.trim().replace(/\/+$/, '').toLowerCase();
  }
}

export class NodeStateFile {
  readonly path: string;
  private data: NodeStateData;
  /** Set when an unreadable file was replaced by a fresh state (reported once by the agent). */
  readonly loadProblem: string | undefined;

  constructor(path: string) {
    this.path = path;
    const loaded = NodeStateFile.read(path);
    this.data = loaded.data;
    this.loadProblem = loaded.problem;
    if (!existsSync(path) || loaded.problem) this.save();
  }

  private static read(path: string): { data: NodeStateData; problem?: string } {
    const fresh = (): NodeStateData => ({ version: 1, instanceId: randomUUID(), gateways: {} });
    if (!existsSync(path)) return { data: fresh() };
    try {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<NodeStateData>;
      const gateways: Record<string, StoredGatewayAuth> = {};
      for (const [k, v] of Object.entries(raw.gateways ?? {})) {
        if (v && typeof v.deviceToken === 'string' && deviceTokenProblem(v.deviceToken) === undefined) gateways[k] = v;
      }
      return { data: { version: 1, instanceId: typeof raw.instanceId === 'string' && raw.instanceId ? raw.instanceId : randomUUID(), gateways } };
    } catch (err) {
      return { data: fresh(), problem: `node state at ${path} was unreadable (${(err as Error).message}); started afresh` };
    }
  }

  get instanceId(): string {
    return this.data.instanceId;
  }

  deviceToken(url: string): string | undefined {
    return this.data.gateways[gatewayKey(url)]?.deviceToken;
  }

  /** Stores the token for `url`; writes only when it changed. Throws, keeping the file as it was, for a token out of bounds. */
  setDeviceToken(url: string, deviceToken: string, role: string, issuedAtMs: number | undefined, now: number): void {
    const problem = deviceTokenProblem(deviceToken);
    if (problem !== undefined) throw new Error(problem);
    const key = gatewayKey(url);
    const prev = this.data.gateways[key];
    if (prev && prev.deviceToken === deviceToken && prev.role === role) return;
    const entry: StoredGatewayAuth = { deviceToken, role, savedAtMs: now };
    if (issuedAtMs !== undefined) entry.issuedAtMs = issuedAtMs;
    this.data.gateways[key] = entry;
    this.save();
  }

  clearDeviceToken(url: string): void {
    const key = gatewayKey(url);
    if (!(key in this.data.gateways)) return;
    delete this.data.gateways[key];
    this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2) + '\n', { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }
}
