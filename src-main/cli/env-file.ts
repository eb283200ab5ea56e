/**
 * `--env-file PATH` for service hosts (launchd, Task Scheduler) that cannot read an environment
 * file themselves: loads KEY=VALUE lines into the environment before settings are resolved, so
 * secrets never sit on a command line. A file others can read is refused.
 */
import { statSync } from 'node:fs';
import { CliError } from './cli-error.ts';

export function loadEnvFile(path: string | undefined): void {
  if (!path) return;
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new CliError(`cannot read the environment file ${path}; reinstall the service (\`hearth gateway install\` / \`hearth node install\`) to write it again`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new CliError(`the environment file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${path}\``);
  }
  process.loadEnvFile(path);
}
