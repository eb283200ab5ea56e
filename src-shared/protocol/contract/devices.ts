/** Device pairing and device-token methods (SPEC §6, §10.1, §14). */
import { Type, type Static } from '@sinclair/typebox';
import { PairedDeviceSchema, PendingDeviceRequestSchema } from './domain.ts';
import { Empty, NonEmpty, Open, Opt, Params, Str, StringEnum, method } from './kit.ts';

const Num = Type.Number();
const Strs = Type.Array(Type.String());

export const DevicePairListResultSchema = Open({ pending: Type.Array(PendingDeviceRequestSchema), paired: Type.Array(PairedDeviceSchema) });
export type DevicePairListResult = Static<typeof DevicePairListResultSchema>;

export const SETUP_PROFILES = ['limited', 'node', 'voice-node', 'operator'] as const;

export const SetupCodeResultSchema = Open({
  setupId: Opt(Type.String()),
  ts: Opt(Num),
  setupCode: Type.String(),
  gatewayUrl: Type.String(),
  /** Every candidate in the code, best first (gateways before 0.2 send only gatewayUrl). */
  urls: Opt(Strs),
  expiresAtMs: Num,
  auth: Opt(Type.String()),
  urlSource: Opt(Type.String()),
  access: Opt(Type.String()),
  profile: Opt(Type.String()),
});
export type SetupCodeResult = Static<typeof SetupCodeResultSchema>;

export const DeviceTokenRotateResultSchema = Open({
  deviceId: Opt(Type.String()),
  role: Type.String(),
  scopes: Opt(Strs),
  rotatedAtMs: Num,
  /** Hearth: scopes asked for but not granted (capped to the caller's own). */
  dropped: Opt(Strs),
  tokenDelivery: Opt(Type.String()),
});
export type DeviceTokenRotateResult = Static<typeof DeviceTokenRotateResultSchema>;

export const deviceMethods = {
  'device.pair.list': method(Empty, DevicePairListResultSchema),
  'device.pair.approve': method(
    Params({ requestId: NonEmpty, scopes: Opt(Strs) }),
    // `commands`: Hearth, node role: the command list this one approval admitted with the device.
    Open({ requestId: Type.String(), device: PairedDeviceSchema, commands: Opt(Strs) }),
  ),
  'device.pair.reject': method(Params({ requestId: NonEmpty }), Open({ requestId: Type.String(), deviceId: Opt(Type.String()) })),
  'device.pair.remove': method(Params({ deviceId: NonEmpty }), Open({ deviceId: Type.String(), removed: Opt(Type.Boolean()) })),
  'device.pair.rename': method(
    Params({ deviceId: NonEmpty, label: Str({ minLength: 1, maxLength: 64 }) }),
    Open({ deviceId: Type.String(), label: Opt(Type.String()) }),
  ),
  'device.token.rotate': method(Params({ deviceId: NonEmpty, role: NonEmpty, scopes: Opt(Strs) }), DeviceTokenRotateResultSchema),
  'device.token.revoke': method(
    Params({ deviceId: NonEmpty, role: NonEmpty }),
    Open({ deviceId: Type.String(), role: Type.String(), revoked: Opt(Type.Boolean()), revokedAtMs: Opt(Num) }),
  ),
  'device.pair.setupCode': method(
    Params({
      publicUrl: Opt(Type.String()),
      preferRemoteUrl: Opt(Type.Boolean()),
      includeQr: Opt(Type.Boolean()),
      bootstrapProfile: Opt(StringEnum(SETUP_PROFILES)),
    }),
    SetupCodeResultSchema,
  ),
};
