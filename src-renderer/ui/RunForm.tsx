/** The "run a command" form: a command line (split into argv), working directory and timeout. */
import { useState, type FormEvent } from 'react';
import { useApp, useT } from '../app/context.tsx';
import { splitArgv } from '../lib/argv.ts';
import { runCommand } from '../state/runs-store.ts';

export function RunForm({ nodeId, disabled }: { nodeId: string; disabled: boolean }) {
  const t = useT();
  const { stores, client } = useApp();
  const [line, setLine] = useState('');
  const [cwd, setCwd] = useState('');
  const [timeoutS, setTimeoutS] = useState('30');
  const [error, setError] = useState<string | undefined>();
  const [running, setRunning] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { argv, error: splitError } = splitArgv(line);
    if (splitError) return setError(t('run.unclosedQuote'));
    if (argv.length === 0) return setError(t('run.empty'));
    const secs = Number(timeoutS);
    if (!Number.isFinite(secs) || secs <= 0 || secs > 3600) return setError(t('run.badTimeout'));
    setError(undefined);
    setRunning(true);
    try {
      await runCommand(stores.runs, client, nodeId, { argv, cwd: cwd.trim() || undefined, timeoutMs: Math.round(secs * 1000) });
    } finally {
      setRunning(false);
    }
  };

  return (
    <form className="card stack run-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('run.title')}</h2>
      <label className="field">
        <span>{t('run.command')}</span>
        <input className="mono" value={line} onChange={(e) => setLine(e.target.value)} placeholder="uname -a" autoCapitalize="off" autoCorrect="off" spellCheck={false} data-testid="run-command" />
      </label>
      <div className="field-row">
        <label className="field grow">
          <span>{t('run.cwd')}</span>
          <input className="mono" value={cwd} onChange={(e) => setCwd(e.target.value)} placeholder={t('run.cwdPlaceholder')} autoCapitalize="off" spellCheck={false} />
        </label>
        <label className="field narrow">
          <span>{t('run.timeout')}</span>
          <input type="number" min="1" max="3600" inputMode="numeric" value={timeoutS} onChange={(e) => setTimeoutS(e.target.value)} />
        </label>
      </div>
      {error && <div className="alert alert-error small" role="alert">{error}</div>}
      <button type="submit" className="btn btn-primary" disabled={disabled || running} data-testid="run-submit">
        {running ? t('run.running') : t('run.submit')}
      </button>
      {disabled && <p className="muted small">{t('run.unavailable')}</p>}
    </form>
  );
}
