/** The `devices` core module: paired devices (list, remove, rename) and their tokens (rotate, revoke). */
import type { FeatureModule } from '../modules/types.ts';
import { deviceMethods } from './methods.ts';

export function devicesModule(): FeatureModule {
  return { name: 'devices', methods: deviceMethods };
}
