/**
 * "Wake" on an offline node: asks the gateway (hearth.nodes.wake) to send the Wake-on-LAN packet
 * from the home LAN — a browser cannot send UDP itself — and says what happened.
 */
import { useState } from 'react';
import { useApp, useT } from '../app/context.tsx';
import { errorText } from '../state/invoker.ts';
import { GatewayText } from './GatewayText.tsx';

/** `compact`: the button and its outcome only, for a node card (the node page explains more). */
export function WakeButton({ nodeId, canWake, compact = false }: { nodeId: string; canWake: boolean; compact?: boolean }) {
  const t = useT();
  const { client } = useApp();
  const [state, setState] = useState<{ kind: 'idle' | 'sending' | 'sent' | 'failed'; text?: string }>({ kind: 'idle' });
  const wake = () => {
    setState({ kind: 'sending' });
    client.invoke('hearth.nodes.wake', { node: nodeId }).then(
      (r) => setState({ kind: 'sent', text: r.alreadyOnline ? t('wake.online') : t('wake.sent', { n: r.sent.length }) }),
      (err: unknown) => setState({ kind: 'failed', text: errorText(err) }),
    );
  };
  const button = <button type="button" className={`btn${compact ? ' btn-small' : ''}`} onClick={wake} disabled={state.kind === 'sending'}>{state.kind === 'sending' ? t('common.working') : t('wake.button')}</button>;
  const outcome = state.text && (state.kind === 'failed'
    ? <div className="error" role="status"><GatewayText as="p" text={state.text} /></div>
    : <p className="muted" role="status">{state.text}</p>);
  if (compact) return <>{button}{outcome && <div className="wake-outcome small" data-testid="wake-outcome">{outcome}</div>}</>;
  return (
    <div className="card" data-testid="wake">
      <p className="muted no-margin">{canWake ? t('wake.hint') : t('wake.noMac')}</p>
      {button}
      {outcome}
    </div>
  );
}
