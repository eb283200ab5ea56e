/**
 * The main-process side of the IPC contract, without Electron: for each invoke it checks the
 * sender, validates the params and only then calls the typed handler. `register.ts` wires this
 * to `ipcMain.handle`; tests call `handle()` directly.
 */
import type { IpcInvokeChannel, IpcParams, IpcResult } from '../../../src-shared/ipc/contract.ts';
import { isIpcInvokeChannel, validateIpcParams } from '../../../src-shared/ipc/validate.ts';
import type { Logger } from '../../core/logger.ts';
import type { SenderInfo, SenderRegistry } from './sender-check.ts';

/** One typed handler per invoke channel. */
export type IpcHandlers = {
  [C in IpcInvokeChannel]: (params: IpcParams<C>, sender: SenderInfo) => IpcResult<C> | Promise<IpcResult<C>>;
};

export type IpcRejectCode = 'FORBIDDEN_SENDER' | 'INVALID_PARAMS' | 'UNKNOWN_CHANNEL';

/** Thrown (and so rejected in the window's `invoke`) when a message is refused before any handler runs. */
export class IpcRejectedError extends Error {
  readonly code: IpcRejectCode;
  constructor(code: IpcRejectCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'IpcRejectedError';
    this.code = code;
  }
}

export interface IpcRouter {
  handle(channel: string, raw: unknown, sender: SenderInfo): Promise<unknown>;
}

/** Creates the router over a set of handlers and the registry of our windows. */
export function createIpcRouter(handlers: IpcHandlers, senders: SenderRegistry, logger?: Logger): IpcRouter {
  return {
    async handle(channel, raw, sender) {
      if (!isIpcInvokeChannel(channel)) throw new IpcRejectedError('UNKNOWN_CHANNEL', `no IPC channel named '${channel}'`);
      const verdict = senders.check(sender);
      if (!verdict.ok) {
        logger?.warn('ipc sender rejected', { channel, reason: verdict.reason });
        throw new IpcRejectedError('FORBIDDEN_SENDER', verdict.reason);
      }
      const params = validateIpcParams(channel, raw);
      if (!params.ok) throw new IpcRejectedError('INVALID_PARAMS', params.error);
      const handler = handlers[channel] as (p: unknown, s: SenderInfo) => unknown;
      return await handler(params.value, sender);
    },
  };
}
