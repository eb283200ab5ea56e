/**
 * What `system.run` params.env may set on a node under `--exec allowlist`. The allowlist names
 * programs; an env that changes which code those programs load or start (a PATH pointing at a
 * fake `echo`, LD_PRELOAD, NODE_OPTIONS=--require, BASH_ENV, GIT_SSH_COMMAND, …) would run code
 * the allowlist never approved. So under allowlist:
 * - the program is resolved with the node's own PATH, and PATH itself may not be changed;
 * - variables that make a loader, an interpreter, a shell or a common tool load or run other
 *   code are refused (the list below, compared case-insensitively);
 * - everything else (LANG, TZ, an application's own settings, …) may be set.
 * Under `full` env is applied as given; under `deny` nothing runs at all. Pure, unit-tested.
 */

/** Names refused exactly (case-insensitive), with the reason shown to the caller. */
const EXACT: Record<string, string> = {
  PATH: 'changes which program a name resolves to',
  PATHEXT: 'changes which program a name resolves to',
  COMSPEC: 'names the shell Windows programs start',
  SHELL: 'names the shell programs start',
  NODE_OPTIONS: 'makes Node.js load code (--require/--import)',
  NODE_PATH: 'changes where Node.js loads modules from',
  NODE_REPL_EXTERNAL_MODULE: 'makes Node.js load code',
  RUBYOPT: 'makes Ruby load code',
  RUBYLIB: 'changes where Ruby loads code from',
  BASH_ENV: 'makes bash run a file at start',
  ENV: 'makes sh run a file at start',
  ZDOTDIR: 'makes zsh run files at start',
  SHELLOPTS: 'changes how bash runs scripts',
  BASHOPTS: 'changes how bash runs scripts',
  PS4: 'runs code through bash tracing',
  PROMPT_COMMAND: 'makes bash run code',
  IFS: 'changes how shells split words',
  CDPATH: 'changes where shell scripts cd to',
  JAVA_TOOL_OPTIONS: 'makes the JVM load agents',
  _JAVA_OPTIONS: 'makes the JVM load agents',
  JDK_JAVA_OPTIONS: 'makes the JVM load agents',
  CLASSPATH: 'changes where Java loads code from',
  GCONV_PATH: 'makes glibc load code',
  GLIBC_TUNABLES: 'changes the C library loader',
  LOCPATH: 'makes glibc load locale files from elsewhere',
  NLSPATH: 'makes programs load message catalogues from elsewhere',
  HOSTALIASES: 'changes name resolution',
  RES_OPTIONS: 'changes name resolution',
  OPENSSL_CONF: 'makes OpenSSL load engines/providers',
  OPENSSL_ENGINES: 'makes OpenSSL load engines',
  OPENSSL_MODULES: 'makes OpenSSL load providers',
  SSH_ASKPASS: 'names a program ssh runs',
  SUDO_ASKPASS: 'names a program sudo runs',
  EDITOR: 'names a program tools run',
  VISUAL: 'names a program tools run',
  PAGER: 'names a program tools run',
  MANPAGER: 'names a program tools run',
  BROWSER: 'names a program tools run',
  LESSOPEN: 'makes less run a program',
  LESSCLOSE: 'makes less run a program',
  HOME: "changes where programs read their start-up and configuration files (~/.gitconfig, ~/.bashrc, …)",
  XDG_CONFIG_HOME: 'changes where programs read their configuration',
  XDG_CONFIG_DIRS: 'changes where programs read their configuration',
  LUA_INIT: 'makes Lua run code',
  PHPRC: 'changes PHP configuration (auto_prepend_file)',
  PHP_INI_SCAN_DIR: 'changes PHP configuration (auto_prepend_file)',
  TCLLIBPATH: 'changes where Tcl loads code from',
  TERMINFO: 'makes curses programs load files from elsewhere',
  MAKEFLAGS: 'changes what make runs',
  MFLAGS: 'changes what make runs',
  GNUMAKEFLAGS: 'changes what make runs',
  CURL_HOME: 'changes where curl reads its configuration',
  WGETRC: 'changes where wget reads its configuration',
  PROFILE: 'changes start-up files',
};

/** Name prefixes refused (case-insensitive), with the reason. */
const PREFIXES: [string, string][] = [
  ['LD_', 'makes the dynamic loader load code (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT, …)'],
  ['DYLD_', 'makes the macOS loader load code'],
  ['PYTHON', 'makes Python load code (PYTHONPATH, PYTHONSTARTUP, …)'],
  ['PERL', 'makes Perl load code (PERL5OPT, PERL5LIB, PERLLIB, …)'],
  ['RUBY', 'makes Ruby load code'],
  ['GEM_', 'changes where Ruby loads gems from'],
  ['BUNDLE_', 'changes what Bundler loads'],
  ['BASH_FUNC_', 'defines bash functions that replace commands'],
  ['GIT_', 'makes git run programs (GIT_SSH_COMMAND, GIT_CONFIG_*, GIT_EXEC_PATH, …)'],
  ['NPM_CONFIG_', 'changes what npm runs (script-shell, …)'],
  ['YARN_', 'changes what yarn runs'],
  ['LUA_PATH', 'changes where Lua loads code from'],
  ['LUA_CPATH', 'changes where Lua loads code from'],
  ['MALLOC_', 'changes the C library allocator'],
  ['JAVA_', 'changes which JVM runs and what it loads'],
  ['DOTNET_', 'makes .NET load code (DOTNET_STARTUP_HOOKS, …)'],
  ['CORECLR_', 'makes .NET load profilers'],
  ['COR_', 'makes .NET load profilers'],
  ['ELECTRON_', 'changes how Electron programs start'],
  ['DENO_', 'changes what Deno loads'],
  ['BUN_', 'changes what Bun loads'],
  ['CARGO_', 'changes what cargo runs'],
  ['RUSTC', 'names the compiler cargo runs'],
  ['GOFLAGS', 'changes what go runs'],
  ['TERMINFO_', 'makes curses programs load files from elsewhere'],
];

export type EnvDecision = { ok: true } | { ok: false; name: string; reason: string };

/** Why `name` may not be set under allowlist, or undefined when it may. */
export function refusedEnvReason(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (Object.hasOwn(EXACT, upper)) return EXACT[upper];
  // npm also reads lowercase npm_config_*; case-folding above covers it.
  for (const [prefix, reason] of PREFIXES) if (upper.startsWith(prefix)) return reason;
  // A name with '=' or a NUL cannot be a variable; refuse rather than let spawn mangle it.
  if (name === '' || name.includes('=') || name.includes('\0')) return 'is not a valid variable name';
  return undefined;
}

/**
 * Checks a request's env under allowlist. PATH equal to the node's own is accepted (clients
 * often send their whole environment); any other value is refused.
 */
export function checkAllowlistEnv(env: Readonly<Record<string, string>> | undefined, nodePath: string | undefined): EnvDecision {
  if (!env) return { ok: true };
  for (const [name, value] of Object.entries(env)) {
    if (name.toUpperCase() === 'PATH' && value === (nodePath ?? '')) continue;
    const reason = refusedEnvReason(name);
    if (reason) return { ok: false, name, reason };
    if (value.includes('\0')) return { ok: false, name, reason: 'its value contains a NUL byte' };
  }
  return { ok: true };
}

/** The policy error text for a refused variable (naming what to do instead). */
export function envDeniedMessage(security: string, name: string, reason: string): string {
  return `exec denied by this node's policy (${security}): env ${name} may not be set (${reason}); ` +
    `under --exec ${security} the program is resolved with the node's own PATH and loader/interpreter variables are refused — ` +
    'drop it from env, or run the node with `hearth node run --exec full`';
}
