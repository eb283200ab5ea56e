/**
 * Pending pairing requests with what a user needs to decide: name, platform, fingerprint,
 * requested role and commands; exec approvals first (a node is waiting on them). A new node's
 * request names the commands it may run (one approval admits both, via `device.pair.*`); a
 * known node's later request names only its new commands (`node.pair.*`).
 */
import { collectPending } from '../../src-shared/client/pending.ts';
import { ADMIN_APPROVE_COMMANDS } from '../../src-shared/protocol/constants.ts';
import { useApp, useSlice, useT } from '../app/context.tsx';
import { decide } from '../state/pending-store.ts';
import { formatAgo } from '../lib/format.ts';
import { ExecApprovals } from './ExecApprovals.tsx';
import { roleText } from './run-error-text.ts';
import { GatewayText } from './GatewayText.tsx';

export function PendingRequests({ now }: { now: number }) {
  const t = useT();
  const { stores, client } = useApp();
  const devices = useSlice((s) => s.pending, (s) => s.devices);
  const nodes = useSlice((s) => s.pending, (s) => s.nodes);
  const busy = useSlice((s) => s.pending, (s) => s.busy);
  const errors = useSlice((s) => s.pending, (s) => s.errors);
  const execCount = useSlice((s) => s.pending, (s) => s.exec.length);
  // The shared merge (the CLI's `nodes pending` list): newest first, one row per request.
  const rows = collectPending({ pending: devices }, { pending: nodes }, false).map((i) => ({
    ...i, kind: i.layer, name: i.name === '-' ? i.deviceId.slice(0, 8) : i.name, commands: i.commands ?? [], newCommands: i.newCommands === true,
  }));
  if (rows.length + execCount === 0) return null;
  return (
    <section className="stack" data-testid="pending">
      <h2>{t('pending.title', { n: rows.length + execCount })}</h2>
      <ExecApprovals now={now} />
      {rows.map((r) => (
        <article key={r.requestId} className="card pending-card" data-testid="pending-request" data-name={r.name}>
          <header className="row-between">
            <div>
              <div className="strong">{r.name}</div>
              <div className="muted small">{r.newCommands ? t('pairing.kindNewCommands') : r.role === 'node' ? t('pairing.kindNewNode') : t('pending.kindDevice')} · {r.platform ?? '?'} · {formatAgo(t, r.ts, now)}</div>
            </div>
            <span className="pill pill-pending">{t('pending.role', { role: roleText(t, r.role) })}</span>
          </header>
          <dl className="kv">
            <dt>{t('pairing.fingerprint')}</dt><dd className="mono">{r.fingerprint}</dd>
            {r.ip && (<><dt>{t('pending.address')}</dt><dd className="mono">{r.ip}</dd></>)}
          </dl>
          {r.commands.length > 0 && (
            <>
              <div className="small strong">{r.newCommands ? t('pairing.newCommands') : t('pairing.mayRun')}</div>
              <div className="chips" aria-label={r.newCommands ? t('pairing.newCommands') : t('pairing.mayRun')} data-testid="pending-commands">
                {r.commands.map((c) => <span key={c} className={`chip${ADMIN_APPROVE_COMMANDS.has(c) ? ' chip-warn' : ''}`}>{c}</span>)}
              </div>
              {!r.newCommands && <div className="muted small">{t('pairing.approveNodeHint')}</div>}
            </>
          )}
          {errors[r.requestId] && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={errors[r.requestId]!} /></div>}
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={!!busy[r.requestId]} onClick={() => void decide(stores.pending, client, r.kind, r.requestId, 'approve')}>
              {busy[r.requestId] === 'approve' ? t('common.working') : t('pending.approve')}
            </button>
            <button type="button" className="btn btn-danger" disabled={!!busy[r.requestId]} onClick={() => void decide(stores.pending, client, r.kind, r.requestId, 'reject')}>
              {busy[r.requestId] === 'reject' ? t('common.working') : t('pending.reject')}
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}
