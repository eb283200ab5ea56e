/**
 * A node's launch failure ("Command failed during launch or output capture (ENOENT)", the
 * OpenClaw wire text) in the user's language; other errors pass through unchanged.
 */
import type { MessageKey } from '../i18n/i18n.ts';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const LAUNCH = /^Command failed during launch or output capture \((E[A-Z]+)\)(?::\s*(.*))?$/;

export function runErrorText(t: T, error: string, argv: readonly string[] | undefined): string {
  const m = LAUNCH.exec(error.trim());
  if (!m) return error;
  const code = m[1]!;
  const program = argv?.[0] ?? '';
  if (m[2] && /working directory/i.test(m[2])) return t('launch.badCwd');
  if (code === 'ENOENT' && program) return t('launch.notFound', { program });
  if (code === 'EACCES' && program) return t('launch.denied', { program });
  return t('launch.failed', { code });
}

/** A role name as the UI shows it (unknown roles as sent). */
export function roleText(t: T, role: string): string {
  return role === 'node' ? t('role.node') : role === 'operator' ? t('role.operator') : role;
}
