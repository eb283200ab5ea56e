/** Device pairing: approving or rejecting a device's request, and setup codes (SPEC §6, §14). */
import { invalidRequest } from '../../../src-shared/protocol/errors.ts';
import { hasScope } from '../gateway/session.ts';
import { defineMethods } from '../modules/define-method.ts';

export const devicePairingMethods = defineMethods({
  'device.pair.approve': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p, ctx) => {
      const req = ctx.gw.store.requests.device.byId(p.requestId);
      if (!req) throw invalidRequest(`unknown or expired device pairing request: ${p.requestId} (see device.pair.list; requests expire 5 minutes after the device's last attempt)`);
      const admin = hasScope(ctx.session.scopes, 'operator.admin');
      // Approving a node-role device lets it run commands: admin only (SPEC §6.3).
      if (req.role !== 'operator' && !admin) throw invalidRequest('device pairing approval denied (approving a node needs operator.admin)');
      const approved = ctx.gw.pairing.approve(p.requestId, admin ? undefined : ctx.session.scopes);
      if (!approved) throw invalidRequest(`unknown or expired device pairing request: ${p.requestId} (already decided elsewhere, or expired; see device.pair.list)`);
      // The audit record of who admitted what: a node's approval names the commands it admitted.
      ctx.gw.log.info('device approved', {
        requestId: p.requestId, deviceId: req.deviceId, role: req.role, by: ctx.session.principal,
        ...(approved.commands ? { commands: approved.commands } : {}), ...(req.role === 'operator' ? { scopes: approved.device.scopes } : {}),
      });
      return approved.commands ? { requestId: p.requestId, device: approved.device, commands: approved.commands } : { requestId: p.requestId, device: approved.device };
    },
  },
  'device.pair.reject': {
    role: 'operator', scope: 'operator.pairing',
    handler: (p, ctx) => {
      const req = ctx.gw.pairing.reject(p.requestId);
      if (!req) throw invalidRequest(`unknown or expired device pairing request: ${p.requestId}`);
      return { requestId: p.requestId, deviceId: req.deviceId };
    },
  },
  'device.pair.setupCode': {
    role: 'operator', scope: 'operator.admin',
    handler: async (p, ctx) => {
      // A code minted in the first moments after start would miss the tailnet address the first
      // network detection is still looking up: wait for it (bounded), as the Host check does.
      await ctx.gw.hostAllowlist.settling();
      const profile = p.bootstrapProfile ?? 'operator';
      const opts: { profile: typeof profile; publicUrl?: string } = { profile };
      if (p.publicUrl) opts.publicUrl = p.publicUrl;
      const code = ctx.gw.createSetupCode(opts);
      ctx.gw.log.info('setup code issued', { setupId: code.setupId, profile, by: ctx.session.principal });
      return {
        setupId: code.setupId, ts: ctx.gw.clock(), expiresAtMs: code.expiresAtMs, setupCode: code.setupCode, gatewayUrl: code.gatewayUrl, urls: code.urls,
        auth: ctx.gw.authMode === 'none' ? 'none' : ctx.gw.authMode, urlSource: code.urlSource, access: 'full', profile,
      };
    },
  },
});
