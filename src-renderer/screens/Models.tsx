/**
 * Models: every machine's model endpoints in routing order (arrows change the order), each with
 * health, latency, version and its models (loaded ones marked, with VRAM), plus the "try it" chat
 * that streams through the gateway's OpenAI-compatible endpoint.
 */
import { useState } from 'react';
import { useT } from '../app/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { TryChat } from '../models/TryChat.tsx';
import type { EndpointView, ModelInfo } from '../models/types.ts';
import { useModels } from '../models/use-models.ts';
import { errorText } from '../state/invoker.ts';
import { formatBytes } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { GatewayText } from '../ui/GatewayText.tsx';
import { WithCode } from '../ui/WithCode.tsx';

const HEALTH: Record<EndpointView['health'], { pill: string; label: MessageKey }> = {
  up: { pill: 'pill-ok', label: 'models.health.up' },
  down: { pill: 'pill-err', label: 'models.health.down' },
  unresponsive: { pill: 'pill-err', label: 'models.health.unresponsive' },
  unreachable: { pill: 'pill-off', label: 'models.health.unreachable' },
  unknown: { pill: 'pill-off', label: 'models.health.unknown' },
};

/** Server kinds by their product names; `openai` is any server speaking OpenAI's API. */
const KIND_NAMES: Partial<Record<EndpointView['kind'], string>> = { ollama: 'Ollama', lmstudio: 'LM Studio', vllm: 'vLLM', llamacpp: 'llama.cpp' };

function ModelRow({ m }: { m: ModelInfo }) {
  const t = useT();
  const facts = [m.quantization, m.sizeBytes !== undefined && formatBytes(m.sizeBytes), m.contextLength && t('models.ctx', { n: m.contextLength })].filter(Boolean).join(' · ');
  return (
    <li className="model-row" data-testid="model-row">
      <div className="row-between">
        <span className="strong model-name">{m.name}</span>
        {m.loaded === true && <span className="pill pill-ok">{m.vramBytes !== undefined ? t('models.loadedVram', { v: formatBytes(m.vramBytes) }) : t('models.loaded')}</span>}
        {m.loaded === false && <span className="pill pill-off">{t('models.onDisk')}</span>}
      </div>
      {facts && <div className="muted tiny">{facts}</div>}
    </li>
  );
}

function EndpointCard({ e, index, count, now, onMove, busy }: { e: EndpointView; index: number; count: number; now: number; onMove: (from: number, to: number) => void; busy: boolean }) {
  const t = useT();
  const cooling = e.cooldownUntilMs !== undefined && e.cooldownUntilMs > now;
  const h = HEALTH[e.health];
  return (
    <article className="card endpoint-card" data-testid="endpoint-card" data-name={e.name}>
      <div className="row-between">
        <div className="endpoint-order">
          <span className="order-num">{index + 1}</span>
          <div>
            <div className="strong">{e.name}</div>
            <div className="muted small">{[e.nodeId === null ? t('models.gatewayMachine') : e.nodeName, e.kind === 'openai' ? t('models.kind.openai') : KIND_NAMES[e.kind] ?? e.kind, e.version].filter(Boolean).join(' · ')}</div>
          </div>
        </div>
        <div className="endpoint-arrows">
          <button className="btn btn-small" type="button" aria-label={t('models.up')} disabled={busy || index === 0} onClick={() => onMove(index, index - 1)} data-testid="endpoint-up">▲</button>
          <button className="btn btn-small" type="button" aria-label={t('models.down')} disabled={busy || index === count - 1} onClick={() => onMove(index, index + 1)} data-testid="endpoint-down">▼</button>
        </div>
      </div>
      <div className="endpoint-facts">
        <span className={`pill ${cooling ? 'pill-warn' : h.pill}`}>{cooling ? t('models.cooling', { s: Math.ceil((e.cooldownUntilMs! - now) / 1000) }) : t(h.label)}</span>
        {e.latencyMs !== undefined && <span className="muted small">{t('models.latency', { ms: Math.round(e.latencyMs) })}</span>}
        <span className="muted small">{t('models.requests', { n: e.requests })}</span>
      </div>
      {e.error && e.health !== 'up' && <GatewayText as="p" className="muted tiny" text={e.error} />}
      <div className="muted tiny endpoint-url">{e.url}</div>
      {e.models.length > 0 ? <ul className="model-list">{e.models.map((m) => <ModelRow key={m.name} m={m} />)}</ul> : <p className="muted small">{t('models.noModels')}</p>}
    </article>
  );
}

export function ModelsScreen() {
  const t = useT();
  const now = useNow(1000);
  const { status, absent, error, reload } = useModels();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>();

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await fn();
    } catch (err) {
      setActionError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const move = (from: number, to: number) => void act(async () => {
    const ids = status!.endpoints.map((e) => e.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id!);
    await reload('hearth.models.reorder', { ids });
  });
  const refresh = () => void act(() => reload('hearth.models.refresh'));

  const eps = status?.endpoints ?? [];
  const live = [...new Set(eps.filter((e) => e.health === 'up').flatMap((e) => e.models.map((m) => m.name)))].sort();
  const up = eps.filter((e) => e.health === 'up').length;
  return (
    <section className="screen" data-testid="screen-models">
      <div className="row-between">
        <h1>{t('models.title')}</h1>
        <button className="btn btn-small" type="button" onClick={refresh} disabled={busy || absent} data-testid="models-refresh">{busy ? t('common.working') : t('models.refresh')}</button>
      </div>
      {absent && <div className="card"><p>{t('models.absent')}</p></div>}
      {(error || actionError) && <div className="alert alert-error" role="alert" data-testid="models-error"><GatewayText as="p" text={actionError ?? error ?? ''} /></div>}
      {status && (
        <p className="muted small" data-testid="models-summary">
          {eps.length === 0 ? <WithCode text={t('models.empty')} /> : t('models.summary', { models: live.length, up, total: eps.length })}
        </p>
      )}
      {eps.length > 0 && <p className="muted tiny">{t('models.orderHint')}</p>}
      <div className="node-grid">
        {eps.map((e, i) => <EndpointCard key={e.id} e={e} index={i} count={eps.length} now={now} onMove={move} busy={busy} />)}
      </div>
      {status && <TryChat models={live} />}
      <p className="muted tiny"><WithCode text={t('models.apiHint', { url: `${typeof location === 'undefined' ? '' : location.origin}/v1` })} /></p>
    </section>
  );
}

// Loaded on demand (App.tsx): most visits never open it.
export default ModelsScreen;
