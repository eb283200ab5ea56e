/** Where Hearth keeps its state on each OS, and the files inside a state directory. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PathEnv {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

const defaultEnv = (): PathEnv => ({ platform: process.platform, env: process.env, home: homedir() });

/**
 * The default state directory: `HEARTH_STATE_DIR` if set; otherwise the OS convention —
 * `$XDG_STATE_HOME/hearth` (or `~/.local/state/hearth`) on Linux, `~/Library/Application Support/Hearth`
 * on macOS, `%APPDATA%\Hearth` on Windows.
 */
export function defaultStateDir(e: PathEnv = defaultEnv()): string {
  const override = e.env['HEARTH_STATE_DIR'];
  if (override && override.trim() !== '') return override;
  switch (e.platform) {
    case 'darwin':
      return join(e.home, 'Library', 'Application Support', 'Hearth');
    case 'win32':
      return join(e.env['APPDATA'] ?? join(e.home, 'AppData', 'Roaming'), 'Hearth');
    default:
      return join(e.env['XDG_STATE_HOME'] ?? join(e.home, '.local', 'state'), 'hearth');
  }
}

/** Files inside one state directory. */
export function stateFiles(stateDir: string) {
  return {
    stateDir,
    config: join(stateDir, 'hearth.json'),
    database: join(stateDir, 'hearth.sqlite'),
    gatewayLock: join(stateDir, 'gateway.lock'),
    /** One node agent per state dir: two with one identity would keep replacing each other at the gateway. */
    nodeLock: join(stateDir, 'node.lock'),
    gatewayIdentity: join(stateDir, 'identity', 'gateway.json'),
    nodeIdentity: join(stateDir, 'identity', 'node.json'),
    nodeState: join(stateDir, 'node-state.json'),
    logs: join(stateDir, 'logs'),
  };
}
export type StateFiles = ReturnType<typeof stateFiles>;
