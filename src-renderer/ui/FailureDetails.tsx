/** The gateway's own words about a failure: useful for support, folded away under the plain headline. */
import { useT } from '../app/context.tsx';

export function FailureDetails({ message, testId }: { message: string; testId?: string }) {
  const t = useT();
  if (!message) return null;
  return (
    <details className="muted small" data-testid={testId}>
      <summary>{t('login.details')}</summary>
      <code className="wrap">{message}</code>
    </details>
  );
}
