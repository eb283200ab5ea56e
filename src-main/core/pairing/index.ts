/**
 * The `pairing` core module: device pairing requests (approve, reject), setup codes, and node
 * command-surface pairing (`node.pair.*`). The state machine is DevicePairing (device-pairing.ts,
 * also used by the handshake); setup codes are issued by setup-codes.ts.
 */
import type { FeatureModule } from '../modules/types.ts';
import { devicePairingMethods } from './device-methods.ts';
import { nodePairingMethods } from './node-methods.ts';

export function pairingModule(): FeatureModule {
  return {
    name: 'pairing',
    events: {
      'device.pair.requested': { operators: 'operator.pairing', nodes: false },
      'device.pair.resolved': { operators: 'operator.pairing', nodes: false },
      'node.pair.requested': { operators: 'operator.pairing', nodes: false },
      'node.pair.resolved': { operators: 'operator.pairing', nodes: 'subject' },
    },
    methods: { ...devicePairingMethods, ...nodePairingMethods },
  };
}
