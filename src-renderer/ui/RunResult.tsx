/** One run: command, outcome (exit code / timeout / error), duration, and stdout/stderr. */
import { useT } from '../app/context.tsx';
import { formatArgv } from '../lib/argv.ts';
import { formatDuration } from '../lib/format.ts';
import type { RunRecord } from '../state/runs-store.ts';

export function RunOutcome({ run }: { run: RunRecord }) {
  const t = useT();
  if (run.status === 'running') return <span className="pill pill-warn">{t('run.running')}</span>;
  if (run.timedOut) return <span className="pill pill-err">{t('run.timedOut')}</span>;
  if (run.exitCode === null || run.exitCode === undefined) return <span className="pill pill-err">{t('run.failed')}</span>;
  return <span className={`pill ${run.exitCode === 0 ? 'pill-ok' : 'pill-err'}`} data-testid="exit-code">{t('run.exit', { code: run.exitCode })}</span>;
}

export function RunResult({ run }: { run: RunRecord }) {
  const t = useT();
  return (
    <article className="card run-result" data-testid="run-result">
      <header className="row-between">
        <code className="mono strong wrap">{formatArgv(run.command)}</code>
        <RunOutcome run={run} />
      </header>
      <div className="muted small">
        {run.cwd ? `${t('run.in', { cwd: run.cwd })} · ` : ''}{t('run.duration', { d: formatDuration(run.durationMs) })}
      </div>
      {run.error && <div className="alert alert-error small" role="alert">{run.error}</div>}
      {run.stdout !== undefined && (
        <div>
          <div className="tiny muted">{t('run.stdout')}</div>
          <pre className="output" data-testid="stdout">{run.stdout || t('run.noOutput')}</pre>
        </div>
      )}
      {!!run.stderr && (
        <div>
          <div className="tiny muted">{t('run.stderr')}</div>
          <pre className="output output-err" data-testid="stderr">{run.stderr}</pre>
        </div>
      )}
    </article>
  );
}
