/**
 * The preload bridge: the only thing a Hearth window gets from Electron is `window.hearth`,
 * an allow-listed invoke/on pair typed by the shared contract (checked with `satisfies`).
 * CommonJS on purpose: sandboxed preloads cannot load ES modules or local files, so the channel
 * lists are repeated here and tied to the contract at compile time.
 */
import type * as ElectronApi from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { HearthBridge, IpcEventMap, IpcEventName, IpcInvokeChannel, IpcParams, IpcResult } from '../../src-shared/ipc/contract.ts';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- sandboxed preloads only have require()
const { contextBridge, ipcRenderer } = require('electron') as typeof ElectronApi;

const INVOKE = [
  'hearth:bootstrap', 'hearth:node-status', 'hearth:set-exec-policy', 'hearth:node-pause', 'hearth:node-pair-again',
  'hearth:wizard-state', 'hearth:wizard-send', 'hearth:role-switch-plan', 'hearth:role-switch-confirm', 'hearth:prefs-get', 'hearth:prefs-set',
  'hearth:update-check', 'hearth:copy-text',
] as const satisfies readonly IpcInvokeChannel[];
const EVENTS = ['hearth:node-status-changed', 'hearth:wizard-changed', 'hearth:update-changed', 'hearth:navigate'] as const satisfies readonly IpcEventName[];

// Fails to compile when the contract gains a channel these lists do not name.
type Unlisted = Exclude<IpcInvokeChannel, (typeof INVOKE)[number]> | Exclude<IpcEventName, (typeof EVENTS)[number]>;
const complete: [Unlisted] extends [never] ? true : never = true;
void complete;

const invokeSet = new Set<string>(INVOKE);
const eventSet = new Set<string>(EVENTS);

const bridge = {
  isElectron: true,
  invoke<C extends IpcInvokeChannel>(channel: C, params: IpcParams<C>): Promise<IpcResult<C>> {
    if (!invokeSet.has(channel)) return Promise.reject(new Error(`unknown IPC channel ${String(channel)}`));
    return ipcRenderer.invoke(channel, params ?? null) as Promise<IpcResult<C>>;
  },
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventMap[E]) => void): () => void {
    if (!eventSet.has(event)) throw new Error(`unknown IPC event ${String(event)}`);
    // Only the payload crosses into the page: never the IpcRendererEvent (it exposes `sender`).
    const wrapped = (_e: IpcRendererEvent, payload: IpcEventMap[E]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
} as const satisfies HearthBridge;

contextBridge.exposeInMainWorld('hearth', bridge);
