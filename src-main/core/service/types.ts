/** What installing Hearth as a service means, independent of the service manager. */

export type ServiceRole = 'gateway' | 'node';
export type ServicePlatform = 'linux' | 'darwin' | 'win32';

/** Everything a unit needs, resolved to absolute paths by the caller. */
export interface ServiceInputs {
  role: ServiceRole;
  /** Absolute path of the Node binary that runs Hearth (process.execPath). */
  nodePath: string;
  /** Absolute path of bin/hearth.js. */
  entry: string;
  /** `gateway` / `node run` flags, secrets excluded (they go to the env file). */
  args: string[];
  stateDir: string;
  /** Secrets (token, password) written to a 0600 file the service reads; never on a command line. */
  secrets: Record<string, string>;
  /** The user's home (unit locations). */
  home: string;
  /** XDG_CONFIG_HOME, when set (Linux). */
  xdgConfigHome?: string;
  /** Windows user for the logon trigger (DOMAIN\\user). */
  windowsUser?: string;
}

/** A file the plan writes, with its mode. */
export interface PlannedFile {
  path: string;
  content: string | Buffer;
  mode: number;
}

/** What install / uninstall does: files to write or remove and commands to run, in order. */
export interface ServicePlan {
  platform: ServicePlatform;
  /** Unit name as the service manager knows it. */
  name: string;
  unitPath: string;
  write: PlannedFile[];
  remove: string[];
  /** argv lists; a failing command is reported with the fix. */
  commands: string[][];
  /** Lines for the user (linger hint, where the logs are). */
  notes: string[];
}

export interface ServiceStatus {
  role: ServiceRole;
  platform: ServicePlatform;
  name: string;
  unitPath: string;
  installed: boolean;
  enabled: boolean | null;
  running: boolean | null;
  /** Where to read the logs. */
  logs: string[];
  /** Why enabled/running are unknown, when they are. */
  detail?: string;
}
