/**
 * Gateway settings the UI edits (`hearth.settings.get/set`, loopback auto-approval) and the
 * paired devices with their rename / revoke / rotate / remove actions.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PairedDevice } from '../../src-shared/protocol/types.ts';
import { errorText, isUnknownMethod, type Invoker } from './invoker.ts';

export interface GatewaySettings {
  autoApproveLocal?: boolean;
  [k: string]: unknown;
}

export interface SettingsSlice {
  settings: GatewaySettings | undefined;
  /** False when the gateway lacks `hearth.settings.*`. */
  settingsAvailable: boolean;
  devices: PairedDevice[];
  devicesLoaded: boolean;
  /** Device ids with an action in flight. */
  busy: Record<string, string>;
  error: string | undefined;
}

export type SettingsStore = StoreApi<SettingsSlice>;

export function createSettingsStore(): SettingsStore {
  return createStore<SettingsSlice>(() => ({
    settings: undefined, settingsAvailable: true, devices: [], devicesLoaded: false, busy: {}, error: undefined,
  }));
}

/** Loads the gateway settings. */
export async function loadSettings(store: SettingsStore, client: Invoker): Promise<void> {
  try {
    const res = await client.invoke('hearth.settings.get', {});
    const settings = (res as { settings?: GatewaySettings }).settings ?? (res as GatewaySettings);
    store.setState({ settings, settingsAvailable: true });
  } catch (err) {
    store.setState(isUnknownMethod(err) ? { settingsAvailable: false } : { error: errorText(err) });
  }
}

/** Turns loopback auto-approval on or off. */
export async function setAutoApprove(store: SettingsStore, client: Invoker, value: boolean): Promise<void> {
  const before = store.getState().settings;
  store.setState({ settings: { ...before, autoApproveLocal: value }, error: undefined });
  try {
    await client.invoke('hearth.settings.set', { autoApproveLocal: value });
  } catch (err) {
    store.setState({ settings: before, error: errorText(err) });
  }
}

/** Loads the paired devices. */
export async function loadDevices(store: SettingsStore, client: Invoker): Promise<void> {
  try {
    const res = await client.invoke('device.pair.list', {});
    store.setState({ devices: res.paired ?? [], devicesLoaded: true });
  } catch (err) {
    store.setState({ error: errorText(err), devicesLoaded: true });
  }
}

export type DeviceAction =
  | { type: 'rename'; label: string }
  | { type: 'revoke'; role: string }
  | { type: 'rotate'; role: string }
  | { type: 'remove' };

/** Runs one device action, then reloads the list. */
export async function deviceAction(store: SettingsStore, client: Invoker, deviceId: string, action: DeviceAction): Promise<boolean> {
  store.setState((s) => ({ busy: { ...s.busy, [deviceId]: action.type }, error: undefined }));
  try {
    if (action.type === 'rename') await client.invoke('device.pair.rename', { deviceId, label: action.label });
    else if (action.type === 'revoke') await client.invoke('device.token.revoke', { deviceId, role: action.role });
    else if (action.type === 'rotate') await client.invoke('device.token.rotate', { deviceId, role: action.role });
    else await client.invoke('device.pair.remove', { deviceId });
    await loadDevices(store, client);
    return true;
  } catch (err) {
    store.setState({ error: errorText(err) });
    return false;
  } finally {
    store.setState((s) => {
      const { [deviceId]: _done, ...busy } = s.busy;
      return { busy };
    });
  }
}
