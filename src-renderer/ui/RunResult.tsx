/** One run: command, outcome (exit code / timeout / error), duration, and stdout/stderr — live while it runs, with Cancel. */
import { useLayoutEffect, useRef } from 'react';
import { useApp, useT } from '../app/context.tsx';
import { cancelRun } from '../state/runs-store.ts';
import { formatArgv } from '../lib/argv.ts';
import { formatDuration } from '../lib/format.ts';
import type { RunRecord } from '../state/runs-store.ts';
import { runErrorText } from './run-error-text.ts';
import { GatewayText } from './GatewayText.tsx';

/**
 * How a run failed, in the UI's language: a launch failure in our words, a sentence the gateway
 * wrote from its templates translated, anything else (a node's own text) folded in zh-CN.
 */
export function RunErrorText({ error, command }: { error: string; command: readonly string[] | undefined }) {
  const t = useT();
  const launch = runErrorText(t, error, command);
  return launch !== error ? <>{launch}</> : <GatewayText text={error} />;
}

export function RunOutcome({ run }: { run: RunRecord }) {
  const t = useT();
  if (run.status === 'running') return <span className="pill pill-warn" data-testid="run-live">{run.cancelling ? t('stream.cancelling') : t('run.running')}</span>;
  if (run.status === 'cancelled') return <span className="pill pill-err" data-testid="run-cancelled">{t('stream.cancelled')}</span>;
  if (run.timedOut) return <span className="pill pill-err">{t('run.timedOut')}</span>;
  if (run.exitCode === null || run.exitCode === undefined) return <span className="pill pill-err">{t('run.failed')}</span>;
  return <span className={`pill ${run.exitCode === 0 ? 'pill-ok' : 'pill-err'}`} data-testid="exit-code">{t('run.exit', { code: run.exitCode })}</span>;
}

/**
 * Output that follows its tail while it grows (a live run), like a terminal: the box holds only
 * 320 px, so new lines landed out of sight. Scrolled up by the reader, it stays where they put it.
 */
function FollowingOutput({ text, className, testId, live }: { text: string; className: string; testId: string; live: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && live && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [text, live]);
  const onScroll = () => {
    const el = ref.current;
    if (el) atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
  };
  return <pre ref={ref} className={className} data-testid={testId} aria-live={live ? 'polite' : 'off'} onScroll={onScroll}>{text}</pre>;
}

export function RunResult({ run }: { run: RunRecord }) {
  const t = useT();
  const { stores, client } = useApp();
  const live = run.status === 'running';
  return (
    <article className="card run-result" data-testid="run-result">
      <header className="row-between">
        <code className="mono strong wrap">{formatArgv(run.command)}</code>
        <RunOutcome run={run} />
      </header>
      <div className="row-between">
        <div className="muted small">
          {run.cwd ? `${t('run.in', { cwd: run.cwd })} · ` : ''}{live ? t('stream.live') : t('run.duration', { d: formatDuration(run.durationMs) })}
        </div>
        {live && (
          <button type="button" className="btn btn-small" disabled={run.cancelling === true} data-testid="run-cancel"
            onClick={() => void cancelRun(stores.runs, client, run.nodeId, run.id)}>
            {run.cancelling ? t('stream.cancelling') : t('stream.cancel')}
          </button>
        )}
      </div>
      {run.status === 'cancelled' && <div className="alert small" role="status">{t('stream.cancelledNote')}</div>}
      {run.cutOff && <div className="alert alert-error small" role="alert">{t('stream.cutOff')}</div>}
      {run.connectionLost && <div className="alert alert-error small" role="alert" data-testid="run-connection-lost">{t('stream.connectionLost')}</div>}
      {run.dropped && (run.dropped.stdout > 0 || run.dropped.stderr > 0) && (
        <div className="alert small" role="status" data-testid="run-truncated">
          {t('stream.truncated', { n: run.dropped.stdout + run.dropped.stderr, limit: run.dropped.limitBytes })}
        </div>
      )}
      {run.outputGap !== undefined && (
        <div className="alert small" role="status" data-testid="run-output-gap">{t('stream.outputGap', { n: run.outputGap })}</div>
      )}
      {/* A cut-off run is said above in the UI's words; the raw error would repeat it. */}
      {run.error && !run.cutOff && !run.connectionLost && <div className="alert alert-error small" role="alert"><RunErrorText error={run.error} command={run.command} /></div>}
      {run.stdout !== undefined && (
        <div>
          <div className="tiny muted">{t('run.stdout')}</div>
          <FollowingOutput className="output" testId="stdout" live={live} text={run.stdout || (live ? t('stream.waiting') : t('run.noOutput'))} />
        </div>
      )}
      {!!run.stderr && (
        <div>
          <div className="tiny muted">{t('run.stderr')}</div>
          <FollowingOutput className="output output-err" testId="stderr" live={live} text={run.stderr} />
        </div>
      )}
    </article>
  );
}
