/**
 * "Try it": a one-prompt chat that streams through the gateway's own OpenAI-compatible endpoint
 * (POST /v1/chat/completions, SSE), with a short-lived key the gateway mints for this UI. Shows
 * which endpoint answered and the time to the first token.
 */
import { useRef, useState } from 'react';
import { useApp, useT } from '../app/context.tsx';
import { errorText } from '../state/invoker.ts';
import { GatewayText } from '../ui/GatewayText.tsx';

interface UiKey { key: string; expiresAtMs: number }

export function TryChat({ models }: { models: string[] }) {
  const t = useT();
  const { client } = useApp();
  const [model, setModel] = useState('');
  const [prompt, setPrompt] = useState('');
  const [answer, setAnswer] = useState('');
  const [meta, setMeta] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const key = useRef<UiKey | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  const chosen = model || models[0] || '';

  const send = async () => {
    setBusy(true);
    setAnswer('');
    setError(undefined);
    setMeta(undefined);
    const ac = new AbortController();
    abort.current = ac;
    try {
      if (!key.current || key.current.expiresAtMs < Date.now() + 30_000) key.current = await client.invoke('hearth.models.uiKey', {});
      const started = performance.now();
      const res = await fetch('/v1/chat/completions', {
        method: 'POST', signal: ac.signal,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key.current.key}` },
        body: JSON.stringify({ model: chosen, stream: true, max_tokens: 256, messages: [{ role: 'user', content: prompt }] }),
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
        throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      }
      const via = res.headers.get('x-hearth-endpoint') ?? '?';
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = '';
      let first: number | undefined;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const event = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = event.startsWith('data: ') ? event.slice(6).trim() : '';
          if (data === '' || data === '[DONE]') continue;
          const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string | null } }[]; error?: { message?: string } };
          if (chunk.error) throw new Error(chunk.error.message ?? 'stream error');
          const piece = chunk.choices?.[0]?.delta?.content;
          if (piece) {
            first ??= performance.now() - started;
            setAnswer((a) => a + piece);
          }
        }
      }
      setMeta(t('models.try.meta', { endpoint: via, ms: Math.round(first ?? performance.now() - started) }));
    } catch (err) {
      if (!ac.signal.aborted) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" data-testid="models-try">
      <h2>{t('models.try.title')}</h2>
      {models.length === 0 ? <p className="muted small">{t('models.try.none')}</p> : (
        <form className="stack" onSubmit={(e) => { e.preventDefault(); if (!busy && prompt.trim()) void send(); }}>
          <label className="small">{t('models.try.model')}
            <select value={chosen} onChange={(e) => setModel(e.target.value)} data-testid="models-try-model">
              {models.map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
          </label>
          <textarea rows={2} value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder={t('models.try.placeholder')} data-testid="models-try-prompt" />
          <div className="actions">
            <button className="btn btn-primary btn-small" type="submit" disabled={busy || !prompt.trim()} data-testid="models-try-send">{busy ? t('models.try.streaming') : t('models.try.send')}</button>
            {busy && <button className="btn btn-small" type="button" onClick={() => abort.current?.abort()}>{t('common.cancel')}</button>}
          </div>
        </form>
      )}
      {answer && <pre className="try-answer" data-testid="models-try-answer">{answer}</pre>}
      {meta && <p className="muted tiny">{meta}</p>}
      {error && <div className="alert alert-error" role="alert"><GatewayText as="p" text={error} /></div>}
    </div>
  );
}
