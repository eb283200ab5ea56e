/**
 * Exec approvals waiting in the pending list: what would run (node, argv, cwd, env) and the three
 * answers. The first answer anywhere (here, the CLI, Telegram) wins; a late one shows who decided.
 */
import { useApp, useSlice, useT } from '../app/context.tsx';
import { formatArgv } from '../lib/argv.ts';
import { decideExec, type ExecDecision } from '../state/pending-store.ts';
import { GatewayText } from './GatewayText.tsx';

/** All waiting approvals, or with `nodeId` only that node's (its page, next to the run that waits). */
export function ExecApprovals({ now, nodeId }: { now: number; nodeId?: string }) {
  const t = useT();
  const { stores, client } = useApp();
  const all = useSlice((s) => s.pending, (s) => s.exec);
  const exec = nodeId === undefined ? all : all.filter((a) => a.nodeId === nodeId);
  const busy = useSlice((s) => s.pending, (s) => s.busy);
  const errors = useSlice((s) => s.pending, (s) => s.errors);
  if (exec.length === 0) return null;
  const answer = (id: string, d: ExecDecision) => void decideExec(stores.pending, client, id, d);
  return (
    <>
      {exec.map((a) => {
        const env = Object.entries(a.env ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
        return (
          <article key={a.id} className="card pending-card" data-testid="pending-exec" data-name={a.nodeName ?? a.nodeId}>
            <header className="row-between">
              <div>
                <div className="strong">{a.nodeName ?? a.nodeId.slice(0, 8)}</div>
                <div className="muted small">{t('exec.kind')} · {t('exec.expires', { s: Math.max(0, Math.round((a.expiresAtMs - now) / 1000)) })}</div>
              </div>
            </header>
            <dl className="kv">
              <dt>{t('exec.command')}</dt><dd className="mono">{formatArgv(a.argv)}</dd>
              {a.cwd && (<><dt>{t('exec.cwd')}</dt><dd className="mono">{a.cwd}</dd></>)}
              {env && (<><dt>{t('exec.env')}</dt><dd className="mono">{env}</dd></>)}
            </dl>
            {errors[a.id] && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={errors[a.id]!} /></div>}
            <div className="actions">
              <button type="button" className="btn btn-primary" disabled={!!busy[a.id]} onClick={() => answer(a.id, 'allow-once')}>
                {busy[a.id] === 'allow-once' ? t('common.working') : t('exec.allowOnce')}
              </button>
              <button type="button" className="btn" disabled={!!busy[a.id]} onClick={() => answer(a.id, 'allow-always')}>
                {busy[a.id] === 'allow-always' ? t('common.working') : t('exec.allowAlways')}
              </button>
              <button type="button" className="btn btn-danger" disabled={!!busy[a.id]} onClick={() => answer(a.id, 'deny')}>
                {busy[a.id] === 'deny' ? t('common.working') : t('exec.deny')}
              </button>
            </div>
          </article>
        );
      })}
    </>
  );
}
