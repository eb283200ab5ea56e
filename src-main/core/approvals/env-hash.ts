/** The hash an exec approval binds the environment with: same names and values give the same hash. */
import { createHash } from 'node:crypto';

export function envHash(env: Record<string, string> | undefined): string {
  const pairs = Object.entries(env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}
