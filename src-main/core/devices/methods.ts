/** Paired devices: the list, removal, labels and device tokens (SPEC §6.4, §10.1, §14). */
import { invalidRequest, missingScope } from '../../../src-shared/protocol/errors.ts';
import { hasScope } from '../gateway/session.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { MethodContext } from '../gateway/services.ts';

function pairedList(ctx: MethodContext) {
  const online = ctx.gw.connectedDeviceIds();
  return ctx.gw.store.devices.list().map((row) => {
    const d = ctx.gw.pairing.toPaired(row, online.has(row.deviceId));
    const surface = ctx.gw.store.surfaces.get(row.deviceId);
    if (surface) {
      d.nodeSurface = { caps: surface.caps, commands: surface.commands, createdAtMs: surface.createdAtMs };
      if (surface.displayName) d.nodeSurface.displayName = surface.displayName;
      if (surface.version) d.nodeSurface.version = surface.version;
      if (surface.approvedAtMs !== undefined) d.nodeSurface.approvedAtMs = surface.approvedAtMs;
      if (surface.lastHostStats) d.nodeSurface.lastHostStats = surface.lastHostStats;
    }
    return d;
  });
}

function requireDevice(ctx: MethodContext, deviceId: string) {
  const d = ctx.gw.store.devices.get(deviceId);
  if (!d) throw invalidRequest(`unknown device: ${deviceId} (see device.pair.list)`);
  return d;
}

export const deviceMethods = defineMethods({
  'device.pair.list': {
    role: 'operator', scope: 'operator.pairing',
    handler: (_p, ctx) => {
      ctx.gw.pairing.expire();
      return { pending: ctx.gw.store.requests.device.list(ctx.gw.clock()), paired: pairedList(ctx) };
    },
  },
  'device.pair.remove': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p, ctx) => {
      const d = requireDevice(ctx, p.deviceId);
      if (d.roles.includes('node') && !hasScope(ctx.session.scopes, 'operator.admin')) throw missingScope('operator.admin');
      const removed = ctx.gw.pairing.remove(p.deviceId);
      ctx.gw.nodes.remove(p.deviceId);
      // Sessions of a removed device lose their standing at once.
      for (const s of ctx.gw.events.sessions) if (s.deviceId === p.deviceId) s.socket.close(4001, 'client invalidated: device removed');
      return { deviceId: p.deviceId, removed };
    },
  },
  'device.pair.rename': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p, ctx) => {
      requireDevice(ctx, p.deviceId);
      ctx.gw.store.devices.rename(p.deviceId, p.label);
      return { deviceId: p.deviceId, label: p.label };
    },
  },
  'device.token.rotate': {
    role: 'operator',
    scope: (params) => ((params as { role?: string }).role === 'operator' ? ['operator.pairing'] : ['operator.pairing', 'operator.admin']),
    handler: (p, ctx) => {
      requireDevice(ctx, p.deviceId);
      // Capped to the caller's own scopes (and the device's approval): rotating is not a way to grant more.
      const r = ctx.gw.pairing.rotate(p.deviceId, p.role, p.scopes, ctx.session.scopes);
      if (!r) throw invalidRequest(`device ${p.deviceId} has no ${p.role} role to rotate`);
      if (r.dropped.length > 0) {
        ctx.gw.log.info('device token rotated with fewer scopes than asked', { deviceId: p.deviceId, dropped: r.dropped, by: ctx.session.principal });
      }
      for (const s of ctx.gw.events.sessions) if (s.deviceId === p.deviceId && s.role === p.role) s.socket.close(4001, 'gateway auth changed');
      return { ...r, tokenDelivery: 'withheld-cross-device' };
    },
  },
  'device.token.revoke': {
    role: 'operator',
    scope: (params) => ((params as { role?: string }).role === 'operator' ? ['operator.pairing'] : ['operator.pairing', 'operator.admin']),
    handler: (p, ctx) => {
      requireDevice(ctx, p.deviceId);
      const revoked = ctx.gw.pairing.revoke(p.deviceId, p.role);
      for (const s of ctx.gw.events.sessions) if (s.deviceId === p.deviceId && s.role === p.role) s.socket.close(4001, 'client invalidated: token revoked');
      return { deviceId: p.deviceId, role: p.role, revoked, revokedAtMs: ctx.gw.clock() };
    },
  },
});
