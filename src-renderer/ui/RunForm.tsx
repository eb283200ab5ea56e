/**
 * The "run a command" form: a command line (split into argv), working directory and timeout.
 * When the node cannot run anything right now the form says why instead of offering Run (and
 * offers Approve when approval is the reason). The timeout starts at the default for every node
 * (the form is keyed by node) and, once changed, says so next to the field with a way back.
 */
import { useState, type FormEvent } from 'react';
import { useApp, useSlice, useT } from '../app/context.tsx';
import { shellSyntax, splitArgv, throughShell } from '../lib/argv.ts';
import { formatAgo } from '../lib/format.ts';
import { decide } from '../state/pending-store.ts';
import { runCommand } from '../state/runs-store.ts';
import type { RunBlock } from './run-availability.ts';
import { GatewayText } from './GatewayText.tsx';
import { WithCode } from './WithCode.tsx';

/** Seconds a run may take unless the user sets otherwise (the node's own default, too). */
export const DEFAULT_TIMEOUT_S = 30;

function BlockedNotice({ block, now, onRetry }: { block: RunBlock; now: number; onRetry: () => void }) {
  const t = useT();
  const { stores, client } = useApp();
  const busy = useSlice((s) => s.pending, (s) => s.busy);
  const errors = useSlice((s) => s.pending, (s) => s.errors);
  const approve = block.reason === 'awaiting-approval' ? block.approve : undefined;
  const text = block.reason === 'gateway-unreachable' ? t('runblock.gateway')
    : block.reason === 'awaiting-approval' ? (approve ? t('runblock.approval') : t('runblock.approvalElsewhere'))
    : block.reason === 'offline' ? t('runblock.offline', { ago: formatAgo(t, block.lastSeenAtMs, now) })
    : block.reason === 'no-system-run' ? t('runblock.noSystemRun')
    : t('runblock.execDenied');
  return (
    <div className={`stack run-blocked${block.reason === 'awaiting-approval' ? ' blocked-pending' : ''}`} data-testid="run-blocked" data-reason={block.reason}>
      <p className="no-margin"><WithCode text={text} /></p>
      {approve && (
        <>
          {errors[approve.requestId] && <div className="alert alert-error small" role="alert"><GatewayText as="p" text={errors[approve.requestId]!} /></div>}
          <button type="button" className="btn btn-primary" data-testid="run-approve" disabled={!!busy[approve.requestId]}
            onClick={() => void decide(stores.pending, client, approve.kind, approve.requestId, 'approve')}>
            {busy[approve.requestId] ? t('common.working') : t('runblock.approve')}
          </button>
        </>
      )}
      {block.reason === 'exec-denied' && <button type="button" className="btn" onClick={onRetry} data-testid="run-retry">{t('runblock.tryAgain')}</button>}
    </div>
  );
}

export function RunForm({ nodeId, platform, block, now }: { nodeId: string; platform?: string; block: RunBlock | undefined; now: number }) {
  const t = useT();
  const { stores, client } = useApp();
  const [line, setLine] = useState('');
  const [cwd, setCwd] = useState('');
  const [timeoutS, setTimeoutS] = useState(String(DEFAULT_TIMEOUT_S));
  const [error, setError] = useState<string | undefined>();
  const [running, setRunning] = useState(false);
  // "Try again" after an exec-policy refusal: the policy may have changed on the node.
  const [overrideDenied, setOverrideDenied] = useState(false);
  const shownBlock = block?.reason === 'exec-denied' && overrideDenied ? undefined : block;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (shownBlock) return;
    const { argv, error: splitError } = splitArgv(line);
    if (splitError) return setError(t('run.unclosedQuote'));
    if (argv.length === 0) return setError(t('run.empty'));
    const secs = Number(timeoutS);
    if (!Number.isFinite(secs) || secs <= 0 || secs > 3600) return setError(t('run.badTimeout'));
    setError(undefined);
    setRunning(true);
    setOverrideDenied(false);
    try {
      await runCommand(stores.runs, client, nodeId, { argv, cwd: cwd.trim() || undefined, timeoutMs: Math.round(secs * 1000) });
    } finally {
      setRunning(false);
    }
  };
  const custom = timeoutS.trim() !== String(DEFAULT_TIMEOUT_S);
  // `for …`, `a | b`, `> file`: said before Run, not as "program for not found" after it.
  const shellToken = shellSyntax(line);
  const shell = /^win/i.test(platform ?? '') ? 'cmd /c' : 'sh -c';

  return (
    <form className="card stack run-form" onSubmit={(e) => void submit(e)} data-testid="run-form">
      <h2>{t('run.title')}</h2>
      {shownBlock ? (
        <BlockedNotice block={shownBlock} now={now} onRetry={() => setOverrideDenied(true)} />
      ) : (
        <>
          <label className="field">
            <span>{t('run.command')}</span>
            <input className="mono" value={line} onChange={(e) => setLine(e.target.value)} placeholder="uname -a" autoCapitalize="off" autoCorrect="off" spellCheck={false} data-testid="run-command" />
          </label>
          {shellToken && (
            <div className="field-hint" data-testid="run-shell-hint">
              {t('run.shellHint', { token: shellToken })}{' '}
              <button type="button" className="link" onClick={() => setLine(throughShell(line, platform))} data-testid="run-use-shell">{t('run.useShell', { shell })}</button>
            </div>
          )}
          <div className="field-row">
            <label className="field grow">
              <span>{t('run.cwd')}</span>
              <input className="mono" value={cwd} onChange={(e) => setCwd(e.target.value)} placeholder={t('run.cwdPlaceholder')} autoCapitalize="off" spellCheck={false} />
            </label>
            <label className="field narrow">
              <span>{t('run.timeout')}</span>
              <input type="number" min="1" max="3600" inputMode="numeric" value={timeoutS} onChange={(e) => setTimeoutS(e.target.value)} data-testid="run-timeout" />
            </label>
          </div>
          <div className="field-hint" data-testid="run-timeout-hint">
            {custom ? (
              <>
                {t('run.timeoutCustom', { s: timeoutS.trim() || '–', d: DEFAULT_TIMEOUT_S })}{' '}
                <button type="button" className="link" onClick={() => setTimeoutS(String(DEFAULT_TIMEOUT_S))} data-testid="run-timeout-reset">{t('run.timeoutReset', { d: DEFAULT_TIMEOUT_S })}</button>
              </>
            ) : t('run.timeoutDefault', { d: DEFAULT_TIMEOUT_S })}
          </div>
          {error && <div className="alert alert-error small" role="alert">{error}</div>}
          <button type="submit" className="btn btn-primary" disabled={running} data-testid="run-submit">
            {running ? t('run.running') : t('run.submit')}
          </button>
        </>
      )}
    </form>
  );
}
