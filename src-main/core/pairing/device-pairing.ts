/**
 * Device pairing: the decision made for every connect that carries a verified device proof, the
 * pending-request lifecycle (one per device, idempotent on reconnect, 5-minute expiry, superseded
 * on changed role/scopes), approvals, and device tokens (hashed; delivered in hello-ok).
 */
import { randomUUID } from 'node:crypto';
import { DEVICE_PAIRING_TTL_MS, FULL_OPERATOR_SCOPES, OPERATOR_SCOPES } from '../../../src-shared/protocol/constants.ts';
import { shortFingerprint } from '../../../src-shared/protocol/device-auth.ts';
import type { ApprovedVia, PairedDevice, PendingDeviceRequest } from '../../../src-shared/protocol/types.ts';
import type { Store } from '../store/index.ts';
import type { HoldReason } from '../store/device-holds.ts';
import { tokenSummary, type DeviceRow } from '../store/devices.ts';
import type { NodeSurfaceRow } from '../store/node-surfaces.ts';
import type { Broadcaster } from '../gateway/broadcaster.ts';
import { hashesEqual, hashToken, newToken } from '../gateway/secrets.ts';

export interface DeviceClaim {
  deviceId: string;
  publicKey: string;
  role: 'operator' | 'node';
  scopes: string[];
  displayName?: string;
  platform?: string;
  deviceFamily?: string;
  clientId: string;
  clientMode: string;
  remoteIp: string;
  isLocal: boolean;
  /**
   * Node role: the commands and capabilities declared at this connect (already bounded and
   * filtered to what the gateway stores). They travel in the pending request, and approving it
   * approves exactly them — one approval admits a new node with what it asked for.
   */
  node?: { commands: string[]; caps: string[] };
}

export type PendingReason = 'not-paired' | 'role-upgrade' | 'scope-upgrade' | HoldReason;

export type PairingDecision =
  | { kind: 'admitted'; device: DeviceRow; scopes: string[] }
  | { kind: 'pending'; request: PendingDeviceRequest; reason: PendingReason; device?: DeviceRow };

/** What else the connect proved, for ending a hold (device-holds.ts). */
export interface ClaimCredentials {
  /** The gateway has a shared secret and the client presented it. */
  sharedSecret: boolean;
  /** A setup code this device has never redeemed before. */
  freshSetupCode: boolean;
}

/** Scope satisfaction (SPEC §4.2): admin holds every scope, write includes read. */
function scopeHeld(scopes: readonly string[], scope: string): boolean {
  return scopes.includes('operator.admin') || scopes.includes(scope) || (scope === 'operator.read' && scopes.includes('operator.write'));
}

/** Only known operator scopes are ever granted; nodes get none. */
export function grantableScopes(role: string, requested: readonly string[]): string[] {
  if (role !== 'operator') return [];
  const known = new Set<string>(OPERATOR_SCOPES);
  return [...new Set(requested.filter((s) => known.has(s)))];
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class DevicePairing {
  /** Plaintext of tokens minted at approval, held in memory until the device's next hello-ok. */
  private readonly undelivered = new Map<string, string>();
  private readonly store: Store;
  private readonly events: Broadcaster;
  private readonly clock: () => number;

  constructor(store: Store, events: Broadcaster, clock: () => number) {
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Decides admission for a verified device, creating or refreshing a pending request when needed.
   * A device under a hold (removed, rejected, token rotated) is never auto-approved: it waits for
   * an operator unless it brings a setup code it has not used before (or, after a rotation, the
   * gateway's shared secret).
   */
  evaluate(claim: DeviceClaim, autoApprove: ApprovedVia | undefined, creds: ClaimCredentials = { sharedSecret: false, freshSetupCode: false }): PairingDecision {
    const now = this.clock();
    const device = this.store.devices.get(claim.deviceId);
    const wanted = grantableScopes(claim.role, claim.scopes);
    const hold = this.store.holds.get(claim.deviceId);
    let held: HoldReason | undefined;
    if (hold) {
      const lifted = (autoApprove === 'bootstrap' && creds.freshSetupCode) || (hold.reason === 'token-rotated' && creds.sharedSecret);
      if (lifted) this.store.holds.clear(claim.deviceId);
      else held = hold.reason;
    }
    let reason: PendingReason | undefined;
    if (!device) reason = 'not-paired';
    else if (!device.roles.includes(claim.role)) reason = 'role-upgrade';
    else if (claim.role === 'operator' && !wanted.every((s) => device.scopes.includes(s))) reason = 'scope-upgrade';
    // A rejected upgrade leaves what was approved before: the device keeps its old standing,
    // but the rejected request is not auto-approved behind the operator's back.
    if (held && !(held === 'rejected' && device && !reason)) reason = held;

    if (!reason && device) {
      // Last-seen is nice to have: a full disk must not keep a paired device out.
      this.store.disk.bestEffort(() => this.store.devices.markSeen(device.deviceId, now, claim.remoteIp));
      return { kind: 'admitted', device, scopes: claim.role === 'operator' ? wanted : [] };
    }
    if (autoApprove && !held) {
      const approved = this.approveClaim(claim, device, wanted, autoApprove);
      return { kind: 'admitted', device: approved, scopes: wanted };
    }
    const request = this.upsertRequest(claim, device, wanted, now);
    return device ? { kind: 'pending', request, reason: reason!, device } : { kind: 'pending', request, reason: reason! };
  }

  /** Why a device is held out, if it is. */
  holdOf(deviceId: string): HoldReason | undefined {
    return this.store.holds.get(deviceId)?.reason;
  }

  private upsertRequest(claim: DeviceClaim, device: DeviceRow | undefined, scopes: string[], now: number): PendingDeviceRequest {
    const existing = this.store.requests.device.byDevice(claim.deviceId);
    // A changed command list is a new request too: the approver must see what an approval admits.
    const same = existing && existing.role === claim.role && existing.publicKey === claim.publicKey &&
      existing.scopes.length === scopes.length && existing.scopes.every((s) => scopes.includes(s)) &&
      sameList(existing.commands, claim.node?.commands) && sameList(existing.caps, claim.node?.caps);
    if (existing && same) {
      // Idempotent on reconnect: same id, window extended from this retry.
      this.store.requests.device.refresh(existing, now + DEVICE_PAIRING_TTL_MS);
      return existing;
    }
    const roles = [...new Set([...(device?.roles ?? []), claim.role])];
    const request: PendingDeviceRequest = {
      requestId: randomUUID(), deviceId: claim.deviceId, publicKey: claim.publicKey, clientId: claim.clientId, clientMode: claim.clientMode,
      role: claim.role, roles, scopes, silent: false, isRepair: device !== undefined, remoteIp: claim.remoteIp, ts: now,
      fingerprint: shortFingerprint(claim.deviceId),
    };
    if (claim.displayName) request.displayName = claim.displayName;
    if (claim.platform) request.platform = claim.platform;
    if (claim.deviceFamily) request.deviceFamily = claim.deviceFamily;
    if (claim.role === 'node' && claim.node) {
      request.commands = [...claim.node.commands];
      request.caps = [...claim.node.caps];
    }
    this.store.requests.device.put(request, now + DEVICE_PAIRING_TTL_MS);
    if (existing) {
      this.events.broadcast('device.pair.resolved', { requestId: existing.requestId, deviceId: existing.deviceId, decision: 'superseded', ts: now });
    }
    this.events.broadcast('device.pair.requested', request);
    return request;
  }

  private approveClaim(claim: DeviceClaim, device: DeviceRow | undefined, scopes: string[], via: ApprovedVia): DeviceRow {
    const now = this.clock();
    const row: DeviceRow = {
      deviceId: claim.deviceId, publicKey: claim.publicKey, clientId: claim.clientId, clientMode: claim.clientMode,
      roles: [...new Set([...(device?.roles ?? []), claim.role])],
      scopes: [...new Set([...(device?.scopes ?? []), ...scopes])],
      approvedVia: device?.approvedVia ?? via, createdAtMs: device?.createdAtMs ?? now, approvedAtMs: now, lastSeenAtMs: now, remoteIp: claim.remoteIp,
    };
    const name = claim.displayName ?? device?.displayName;
    if (name) row.displayName = name;
    if (device?.label) row.label = device.label;
    if (claim.platform) row.platform = claim.platform;
    if (claim.deviceFamily) row.deviceFamily = claim.deviceFamily;
    this.store.transaction(() => {
      this.store.devices.put(row);
      this.issueToken(row.deviceId, claim.role, claim.role === 'operator' ? row.scopes : []);
      const pending = this.store.requests.device.byDevice(claim.deviceId);
      if (pending) this.store.requests.device.remove(pending.requestId);
      // An approval (by an operator, or by a fresh setup code) is what ends a hold.
      this.store.holds.clear(claim.deviceId);
    });
    return row;
  }

  /**
   * Approves a pending request; `maxScopes` caps what an operator approver may grant. A node-role
   * request also approves the commands it carries — exactly those, bound to this request id — so
   * the node needs no second approval; anything it declares beyond them later asks again.
   */
  approve(requestId: string, maxScopes: readonly string[] | undefined, via: ApprovedVia = 'owner'): { device: PairedDevice; commands?: string[] } | undefined {
    const req = this.store.requests.device.byId(requestId);
    if (!req) return undefined;
    const scopes = maxScopes ? req.scopes.filter((s) => maxScopes.includes(s) || maxScopes.includes('operator.admin')) : req.scopes;
    const claim: DeviceClaim = {
      deviceId: req.deviceId, publicKey: req.publicKey, role: req.role as 'operator' | 'node', scopes,
      clientId: req.clientId ?? 'unknown', clientMode: req.clientMode ?? 'unknown', remoteIp: req.remoteIp ?? '', isLocal: false,
    };
    if (req.displayName) claim.displayName = req.displayName;
    if (req.platform) claim.platform = req.platform;
    if (req.deviceFamily) claim.deviceFamily = req.deviceFamily;
    const commands = req.role === 'node' && Array.isArray(req.commands) ? req.commands : undefined;
    let answered: string | undefined;
    const row = this.store.transaction(() => {
      const approved = this.approveClaim(claim, this.store.devices.get(req.deviceId), scopes, via);
      if (commands) answered = this.approveDeclaredCommands(req, commands);
      return approved;
    });
    this.events.broadcast('device.pair.resolved', { requestId, deviceId: req.deviceId, decision: 'approved', ts: this.clock() });
    if (answered) this.events.broadcast('node.pair.resolved', { requestId: answered, nodeId: req.deviceId, decision: 'approved', ts: this.clock() }, { subject: req.deviceId });
    const result: { device: PairedDevice; commands?: string[] } = { device: this.toPaired(row, false) };
    if (commands) result.commands = [...commands];
    return result;
  }

  /**
   * Stores the request's commands as the node's approved ones (replacing, never widening beyond
   * them); returns the id of an older command request this answers.
   */
  private approveDeclaredCommands(req: PendingDeviceRequest, commands: readonly string[]): string | undefined {
    const now = this.clock();
    const prior = this.store.surfaces.get(req.deviceId);
    const row: NodeSurfaceRow = { ...(prior ?? { nodeId: req.deviceId, createdAtMs: now, caps: [], commands: [] }), caps: [...(req.caps ?? [])], commands: [...commands], approvedAtMs: now };
    if (!row.displayName && req.displayName) row.displayName = req.displayName;
    delete row.rejectedSurface;
    delete row.rejectedAtMs;
    this.store.surfaces.put(row);
    // A command request from an earlier connect is answered by this approval as well.
    const older = this.store.requests.node.byNode(req.deviceId);
    if (older) this.store.requests.node.remove(older.requestId);
    return older?.requestId;
  }

  reject(requestId: string): PendingDeviceRequest | undefined {
    const req = this.store.requests.device.byId(requestId);
    if (!req) return undefined;
    this.store.transaction(() => {
      this.store.requests.device.remove(requestId);
      // A rejected device stays out: auto-approval does not admit it on its next retry.
      this.store.holds.put(req.deviceId, 'rejected', this.clock());
    });
    this.events.broadcast('device.pair.resolved', { requestId, deviceId: req.deviceId, decision: 'rejected', ts: this.clock() });
    return req;
  }

  /** Expires requests past their window, telling listeners. */
  expire(): void {
    for (const req of this.store.requests.device.takeExpired(this.clock())) {
      this.events.broadcast('device.pair.resolved', { requestId: req.requestId, deviceId: req.deviceId, decision: 'expired', ts: this.clock() });
    }
  }

  /** Mints a token for (device, role), stores its hash, and keeps the plaintext for the next hello-ok. */
  issueToken(deviceId: string, role: string, scopes: string[], rotated = false): string {
    const token = newToken();
    const now = this.clock();
    const existing = this.store.devices.token(deviceId, role);
    const row: Parameters<Store['devices']['putToken']>[0] = { deviceId, role, tokenHash: hashToken(token), scopes, createdAtMs: existing?.createdAtMs ?? now };
    if (rotated) row.rotatedAtMs = now;
    this.store.devices.putToken(row);
    this.undelivered.set(`${deviceId}|${role}`, token);
    return token;
  }

  /** The token to put in hello-ok: the one presented, an undelivered one, or a freshly minted one. */
  tokenForHello(deviceId: string, role: string, scopes: string[], presented?: string): { token: string; issuedAtMs: number } {
    const key = `${deviceId}|${role}`;
    let token = presented ?? this.undelivered.get(key);
    if (!token || (presented === undefined && !this.store.devices.token(deviceId, role))) token = this.issueToken(deviceId, role, scopes);
    this.undelivered.delete(key);
    const row = this.store.devices.token(deviceId, role);
    this.store.disk.bestEffort(() => this.store.devices.touchToken(deviceId, role, this.clock()));
    return { token, issuedAtMs: row?.rotatedAtMs ?? row?.createdAtMs ?? this.clock() };
  }

  /** Checks a presented device token; returns the stored scopes or a reason it failed. */
  checkDeviceToken(deviceId: string, role: string, token: string): { ok: true; scopes: string[] } | { ok: false } {
    const row = this.store.devices.token(deviceId, role);
    if (!row || row.revokedAtMs !== undefined || !hashesEqual(row.tokenHash, hashToken(token))) return { ok: false };
    return { ok: true, scopes: row.scopes };
  }

  /**
   * Replaces a device's token. The new token never carries more than the device was approved for,
   * nor more than the caller holds (`callerScopes`; admin holds everything). The device is held:
   * it gets the new token only through the shared secret, a new setup code or an approval.
   */
  rotate(deviceId: string, role: string, scopes: string[] | undefined, callerScopes: readonly string[]):
    { deviceId: string; role: string; scopes: string[]; dropped: string[]; rotatedAtMs: number } | undefined {
    const device = this.store.devices.get(deviceId);
    if (!device || !device.roles.includes(role)) return undefined;
    const requested = role === 'operator' ? grantableScopes(role, scopes ?? device.scopes) : [];
    const granted = requested.filter((s) => scopeHeld(device.scopes, s) && scopeHeld(callerScopes, s));
    const dropped = requested.filter((s) => !granted.includes(s));
    this.store.transaction(() => {
      this.issueToken(deviceId, role, granted, true);
      this.store.holds.put(deviceId, 'token-rotated', this.clock());
    });
    // The new token is not echoed to the caller; the device receives it at its next admitted connect.
    this.undelivered.delete(`${deviceId}|${role}`);
    return { deviceId, role, scopes: granted, dropped, rotatedAtMs: this.clock() };
  }

  revoke(deviceId: string, role: string): boolean {
    this.undelivered.delete(`${deviceId}|${role}`);
    return this.store.devices.revokeToken(deviceId, role, this.clock());
  }

  remove(deviceId: string): boolean {
    for (const role of ['operator', 'node']) this.undelivered.delete(`${deviceId}|${role}`);
    return this.store.transaction(() => {
      this.store.requests.device.removeForDevice(deviceId);
      // Remembered beyond the row: loopback auto-approval must not pair it again by itself.
      this.store.holds.put(deviceId, 'removed', this.clock());
      return this.store.devices.remove(deviceId);
    });
  }

  toPaired(row: DeviceRow, connected: boolean): PairedDevice {
    const d: PairedDevice = {
      deviceId: row.deviceId, publicKey: row.publicKey, role: row.roles[0] ?? 'operator', roles: row.roles, scopes: row.scopes,
      approvedVia: row.approvedVia, createdAtMs: row.createdAtMs, approvedAtMs: row.approvedAtMs,
      tokens: this.store.devices.tokens(row.deviceId).map(tokenSummary), connected,
    };
    for (const k of ['displayName', 'label', 'platform', 'deviceFamily', 'clientId', 'clientMode', 'lastSeenAtMs', 'remoteIp'] as const) {
      const v = row[k];
      if (v !== undefined) (d as unknown as Record<string, unknown>)[k] = v;
    }
    return d;
  }

  /** Scopes a bootstrap operator device receives. */
  static bootstrapOperatorScopes(requested: readonly string[]): string[] {
    const wanted = grantableScopes('operator', requested);
    return wanted.length > 0 ? wanted : [...FULL_OPERATOR_SCOPES];
  }
}
