/**
 * The models inventory as the gateway reports it (`hearth.models.status`), kept live by the
 * `hearth.models.changed` event the gateway sends after every refresh. Used by the Models screen
 * and the topology's models box; `absent` when the gateway has no models module.
 */
import { useCallback, useEffect, useState } from 'react';
import { useApp, useSlice } from '../app/context.tsx';
import { errorText, isUnknownMethod } from '../state/invoker.ts';
import type { ModelsStatus } from './types.ts';

/** The calls that answer with the whole models status. */
type ModelsReload = 'hearth.models.status' | 'hearth.models.refresh' | 'hearth.models.reorder';

export function useModels(): { status: ModelsStatus | undefined; absent: boolean; error: string | undefined; reload: (method?: ModelsReload, params?: { ids?: string[] }) => Promise<void> } {
  const { client } = useApp();
  const connected = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  const [status, setStatus] = useState<ModelsStatus | undefined>();
  const [absent, setAbsent] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const reload = useCallback(async (method: ModelsReload = 'hearth.models.status', params: { ids?: string[] } = {}) => {
    try {
      const opts = { timeoutMs: 30_000 };
      const s = method === 'hearth.models.reorder' ? await client.invoke(method, { ids: params.ids ?? [] }, opts) : await client.invoke(method, {}, opts);
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
