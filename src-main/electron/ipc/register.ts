/** Wires the IPC router to `ipcMain` (thin: every decision is in router.ts and sender-check.ts). */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_INVOKE_CHANNELS } from '../../../src-shared/ipc/contract.ts';
import type { IpcRouter } from './router.ts';
import type { SenderInfo } from './sender-check.ts';

/** What the sender check needs from an Electron IPC event. */
export function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url,
    // A frame without a parent is the top-level document of its WebContents.
    isMainFrame: Boolean(frame) && frame?.parent === null,
  };
}

/** Registers one handler per contract channel; returns the function that removes them. */
export function registerIpc(router: IpcRouter): () => void {
  for (const channel of IPC_INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, params: unknown) => router.handle(channel, params, senderInfo(event)));
  }
  return () => {
    for (const channel of IPC_INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
