/**
 * The Telegram bot in the settings screen: the same state `hearth telegram status` prints, the
 * pairing codes waiting (admit with one tap), the owners, and setting or turning off the token.
 * It reads `hearth.telegram.*` on open and again every few seconds while shown.
 */
import { useCallback, useEffect, useState } from 'react';
import { useApp, useSlice, useT } from '../app/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import type { ParamsOf } from '../../src-shared/protocol/contract/index.ts';
import { errorText, isUnknownMethod } from '../state/invoker.ts';
import { GatewayText } from './GatewayText.tsx';
import { formatAgo } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';

interface TgStatus {
  state: 'polling' | 'backoff' | 'conflict' | 'unauthorized' | 'disabled';
  bot: { username: string; firstName: string } | null;
  owners: number;
  pending: number;
  lastUpdateAtMs: number | null;
  lastError: string | null;
  mutedUntilMs: number | null;
}
interface TgCode { code: string; userId: number; username?: string; name: string; expiresAtMs: number }
interface TgOwner { userId: number; username?: string; name: string; lang: string }

const PILL: Record<TgStatus['state'], string> = { polling: 'pill-ok', backoff: 'pill-warn', conflict: 'pill-warn', unauthorized: 'pill-err', disabled: '' };

export function TelegramSettings() {
  const t = useT();
  const { client } = useApp();
  const connected = useSlice((s) => s.connection, (s) => s.state.status === 'connected');
  const now = useNow(5_000);
  const [status, setStatus] = useState<TgStatus | undefined>();
  const [codes, setCodes] = useState<TgCode[]>([]);
  const [owners, setOwners] = useState<TgOwner[]>([]);
  const [absent, setAbsent] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState<string | undefined>();

  const load = useCallback(async () => {
    try {
      const s = await client.invoke('hearth.telegram.status', {});
      if (typeof s?.state !== 'string') {
        setAbsent(true);
        return;
      }
      // The contract types `state` as any string (a newer gateway may add states); the pill knows these.
      setStatus(s as TgStatus);
      const [c, o] = await Promise.all([
        client.invoke('hearth.telegram.pending', {}),
        client.invoke('hearth.telegram.users', {}),
      ]);
      setCodes(Array.isArray(c?.pending) ? c.pending : []);
      setOwners(Array.isArray(o?.owners) ? o.owners : []);
    } catch (err) {
      if (isUnknownMethod(err)) setAbsent(true);
      else setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    if (!connected) return;
    void load();
    const timer = setInterval(() => void load(), 5_000);
    return () => clearInterval(timer);
  }, [connected, load]);

  const act = async <M extends 'hearth.telegram.approve' | 'hearth.telegram.remove' | 'hearth.telegram.set' | 'hearth.telegram.off'>(key: string, method: M, params: ParamsOf<M>) => {
    setBusy(key);
    setError(undefined);
    try {
      await client.invoke(method, params, { timeoutMs: 30_000 });
      if (method === 'hearth.telegram.set') setToken('');
      await load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(undefined);
    }
  };

  if (absent) return null;
  return (
    <section className="card stack" data-testid="telegram-settings">
      <h2>{t('telegram.title')}</h2>
      {error && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={error} /></div>}
      {status && (
        <dl className="kv">
          <dt>{t('telegram.state')}</dt>
          <dd><span className={`pill ${PILL[status.state]}`} data-testid="telegram-state">{t(`telegram.state.${status.state}` as MessageKey)}</span></dd>
          {status.bot && (<><dt>{t('telegram.bot')}</dt><dd className="mono">@{status.bot.username}</dd></>)}
          {status.bot && (<><dt>{t('telegram.lastUpdate')}</dt><dd>{status.lastUpdateAtMs ? formatAgo(t, status.lastUpdateAtMs, now) : t('telegram.never')}</dd></>)}
        </dl>
      )}
      {status?.lastError && <div className="muted small" data-testid="telegram-error"><GatewayText as="p" text={status.lastError} /></div>}
      {status?.mutedUntilMs && <p className="small">{t('telegram.muted', { t: new Date(status.mutedUntilMs).toLocaleString() })}</p>}
      {codes.length > 0 && (
        <div className="stack">
          <h3 className="small strong">{t('telegram.pending')}</h3>
          {codes.map((c) => (
            <div key={c.code} className="row-between" data-testid="telegram-code">
              <span><span className="mono strong">{c.code}</span> <span className="small">{c.username ? `@${c.username}` : c.name}</span> <span className="muted small">{t('telegram.expiresIn', { m: Math.max(0, Math.round((c.expiresAtMs - now) / 60_000)) })}</span></span>
              <button type="button" className="btn btn-primary" disabled={busy !== undefined} onClick={() => void act(c.code, 'hearth.telegram.approve', { code: c.code })}>{t('telegram.approve')}</button>
            </div>
          ))}
        </div>
      )}
      {status && status.state !== 'disabled' && (
        <div className="stack">
          <h3 className="small strong">{t('telegram.owners')}</h3>
          {owners.length === 0 ? <p className="muted small">{t('telegram.noOwners')}</p> : owners.map((o) => (
            <div key={o.userId} className="row-between" data-testid="telegram-owner">
              <span className="small">{o.username ? `@${o.username}` : o.name} <span className="muted mono">{o.userId}</span></span>
              <button type="button" className="btn btn-danger-soft" disabled={busy !== undefined} onClick={() => void act(String(o.userId), 'hearth.telegram.remove', { user: String(o.userId) })}>{t('telegram.remove')}</button>
            </div>
          ))}
        </div>
      )}
      <form className="stack" onSubmit={(e) => { e.preventDefault(); if (token.trim()) void act('set', 'hearth.telegram.set', { token: token.trim() }); }}>
        <label className="field">
          {t('telegram.token')}
          <input type="password" autoComplete="off" className="mono" value={token} onChange={(e) => setToken(e.target.value)} placeholder="123456789:AA…" data-testid="telegram-token" />
        </label>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy !== undefined || token.trim() === ''}>{busy === 'set' ? t('common.working') : t('telegram.set')}</button>
          {status && status.state !== 'disabled' && (
            <button type="button" className="btn btn-danger-soft" disabled={busy !== undefined} onClick={() => { if (window.confirm(t('telegram.confirmOff'))) void act('off', 'hearth.telegram.off', {}); }}>{t('telegram.off')}</button>
          )}
        </div>
      </form>
      <p className="muted small">{t('telegram.help')}</p>
    </section>
  );
}
