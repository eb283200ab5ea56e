/**
 * The models inventory as the gateway reports it (`hearth.models.status`), kept live by the
 * `hearth.models.changed` event the gateway sends after every refresh. Used by the Models screen
 * and the topology's models box; `absent` when the gateway has no models module.
 */
import { useCallback, useEffect, useState } from 'react';
import { useApp, useSlice } from '../app/context.tsx';
import { errorText, isUnknownMethod } from '../state/invoker.ts';
import type { ModelsStatus } from './types.ts';

export function useModels(): { status: ModelsStatus | undefined; absent: boolean; error: string | undefined; reload: (method?: string, params?: unknown) => Promise<void> } {
  const { client } = useApp();
  const connected = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  const [status, setStatus] = useState<ModelsStatus | undefined>();
  const [absent, setAbsent] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const reload = useCallback(async (method = 'hearth.models.status', params: unknown = {}) => {
    try {
      const s = await client.invoke<ModelsStatus>(method, params, { timeoutMs: 30_000 });
      if (Array.isArray(s?.endpoints)) setStatus(s);
      setError(undefined);
    } catch (err) {
      if (isUnknownMethod(err)) setAbsent(true);
      else setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    if (!connected) return;
    void reload();
    const off = client.on?.('hearth.models.changed', (p) => {
      const s = p as ModelsStatus;
      if (Array.isArray(s?.endpoints)) setStatus(s);
    });
    return () => off?.();
  }, [connected, client, reload]);

  return { status, absent, error, reload };
}
