/**
 * The `hearth` command tree. Each action imports its command module on demand, so a command
 * loads only what it uses (the gateway, the agent, qrcode, ws stay unloaded otherwise).
 */
import { Command, CommanderError, Option } from 'commander';
import { CliError, formatFailure } from './cli-error.ts';
import { write } from './io.ts';
import { unknownOptionHint } from './nodes-run-hints.ts';
import { reportFailure } from './report.ts';
import { hearthVersion } from './version.ts';

type Opts = Record<string, unknown>;

/** Client options shared by every command that talks to a gateway. */
function clientOptions(cmd: Command, json = true): Command {
  cmd
    .option('--url <url>', 'gateway WebSocket URL (default ws://127.0.0.1:<configured port>)')
    .option('--token <token>', 'gateway token (default: HEARTH_GATEWAY_TOKEN, OPENCLAW_GATEWAY_TOKEN, then the config)')
    .option('--password <password>', 'gateway password (default: HEARTH_GATEWAY_PASSWORD, OPENCLAW_GATEWAY_PASSWORD, then the config)')
    .option('--state-dir <dir>', 'state directory whose config supplies port and token');
  if (json) cmd.option('--json', 'print the protocol payload as JSON');
  return cmd;
}

/** Builds the program; `setExit` receives a command's own exit code. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('hearth')
    .description('Hearth: one home hub a phone can steer (OpenClaw Gateway protocol).')
    .version(hearthVersion(), '-V, --version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: () => {}, outputError: () => {} })
    .showSuggestionAfterError(true);

  program
    .command('setup')
    .description('write the config with a new gateway token')
    .option('--state-dir <dir>', 'state directory (default: HEARTH_STATE_DIR or the OS location)')
    .option('--port <port>', 'gateway port to configure')
    .option('--force', 'replace an existing token')
    .option('--show-token', 'print the current gateway token (only to a terminal)')
    .action(async (o: Opts) => (await import('./commands/setup.ts')).setupCommand(o));

  const gatewayFlags = (cmd: Command): Command => cmd
    .option('--port <port>', 'port (default: HEARTH_GATEWAY_PORT, OPENCLAW_GATEWAY_PORT, config, 18789)')
    .addOption(new Option('--bind <mode>', 'where to listen').choices(['loopback', 'lan', 'tailnet', 'custom']))
    .option('--host <addr>', 'address for --bind custom')
    .option('--token <token>', 'shared token (default: HEARTH_GATEWAY_TOKEN, OPENCLAW_GATEWAY_TOKEN, config)')
    .option('--password <password>', 'shared password instead of a token')
    .option('--state-dir <dir>', 'state directory')
    .option('--public-url <url>', 'address phones and nodes use (tailnet or tunnel), put into setup codes')
    .option('--allowed-hosts <names>', 'comma-separated extra host names browsers may use to reach the gateway (default: gateway.allowedHosts)')
    .option('--trusted-proxies <addrs>', 'comma-separated reverse-proxy addresses/CIDRs whose X-Forwarded-For is believed (default: gateway.trustedProxies)');
  const serviceFlags = (cmd: Command): Command => cmd
    .option('--dry-run', 'print the files and commands instead of applying them')
    .option('--json', 'print the result as JSON')
    .addOption(new Option('--platform <os>', 'service manager to target (default: this OS)').choices(['linux', 'darwin', 'win32']).hideHelp());

  const gateway = program.command('gateway').description('run the gateway (`hearth gateway`), or install it as a service').enablePositionalOptions();
  gatewayFlags(gateway)
    .option('--env-file <path>', 'load KEY=VALUE secrets from this 0600 file first (used by installed services)')
    .argument('[action]', '`run` (the default), or install | uninstall | status')
    .action(async (action: string | undefined, o: Opts) => {
      if (action === 'install' || action === 'uninstall' || action === 'status') {
        throw new CliError(`use \`hearth gateway ${action}\` without other arguments before it; see \`hearth gateway ${action} --help\``);
      }
      if (action !== undefined && action !== 'run') throw new CliError(`unknown gateway action "${action}"; run \`hearth gateway\` to start it in the foreground, or \`hearth gateway install\``);
      (await import('./env-file.ts')).loadEnvFile(o['envFile'] as string | undefined);
      await (await import('./commands/gateway.ts')).gatewayCommand(o);
    });
  serviceFlags(gatewayFlags(gateway.command('install').description('install the gateway as a per-user service (systemd user unit, LaunchAgent, logon task); same flags as `hearth gateway`')))
    .action(async (o: Opts) => setExit(await (await import('./commands/service.ts')).serviceCommand('gateway', 'install', o)));
  serviceFlags(gateway.command('uninstall').description('stop and remove the gateway service').option('--state-dir <dir>', 'state directory'))
    .action(async (o: Opts) => setExit(await (await import('./commands/service.ts')).serviceCommand('gateway', 'uninstall', o)));
  serviceFlags(gateway.command('status').description('is the gateway service installed, enabled, running; where are its logs').option('--state-dir <dir>', 'state directory'))
    .action(async (o: Opts) => setExit(await (await import('./commands/service.ts')).serviceCommand('gateway', 'status', o)));

  const node = program.command('node').description("serve a gateway as a node (this machine's commands)").enablePositionalOptions();
  node
    .command('run')
    .description('connect this machine to a gateway as a node and keep it connected')
    .option('--url <url>', 'gateway URL; several (repeat, or comma-separated) are tried in order (default: from --pair, the config, or ws://127.0.0.1:<port>)', (v: string, prev?: string[]) => [...(prev ?? []), v])
    .option('--token <token>', 'gateway token (default: HEARTH_GATEWAY_TOKEN, OPENCLAW_GATEWAY_TOKEN)')
    .option('--password <password>', 'gateway password')
    .option('--pair <code>', 'setup code from `hearth qr --node` (pairs without waiting for approval)')
    .option('--name <name>', 'display name (default: the host name)')
    .option('--state-dir <dir>', 'state directory for the node identity and device token')
    .addOption(new Option('--exec <policy>', 'which commands the gateway may run here (ask: others wait for an operator to approve)').choices(['deny', 'allowlist', 'ask', 'full']))
    .option('--allow <cmd...>', 'programs allowed with --exec allowlist (repeatable)')
    .option('--env-file <path>', 'load KEY=VALUE secrets from this 0600 file first (used by installed services)')
    .action(async (o: Opts) => {
      (await import('./env-file.ts')).loadEnvFile(o['envFile'] as string | undefined);
      await (await import('./commands/node-run.ts')).nodeRunCommand(o);
    });
  const nodeServiceFlags = (cmd: Command): Command => cmd
    .option('--url <url...>', 'gateway URL(s)')
    .option('--token <token>', 'gateway token (stored in the 0600 service env file)')
    .option('--password <password>', 'gateway password (stored in the 0600 service env file)')
    .option('--pair <code>', 'refused: pair once with `hearth node run --pair` first')
    .option('--name <name>', 'display name')
    .option('--state-dir <dir>', 'state directory')
    .addOption(new Option('--exec <policy>', 'which commands the gateway may run here (ask: others wait for an operator to approve)').choices(['deny', 'allowlist', 'ask', 'full']))
    .option('--allow <cmd...>', 'programs allowed with --exec allowlist (repeatable)');
  serviceFlags(nodeServiceFlags(node.command('install').description('install this node as a per-user service; same flags as `hearth node run`')))
    .action(async (o: Opts) => setExit(await (await import('./commands/service.ts')).serviceCommand('node', 'install', o)));
  serviceFlags(node.command('uninstall').description('stop and remove the node service').option('--state-dir <dir>', 'state directory'))
    .action(async (o: Opts) => setExit(await (await import('./commands/service.ts')).serviceCommand('node', 'uninstall', o)));
  serviceFlags(node.command('status').description('is the node service installed, enabled, running').option('--state-dir <dir>', 'state directory'))
    .action(async (o: Opts) => setExit(await (await import('./commands/service.ts')).serviceCommand('node', 'status', o)));

  clientOptions(program.command('qr').description('make a setup code: for a phone (default) or a node (--node)'))
    .option('--node', 'a code for `hearth node run --pair`')
    .option('--public-url <url>', 'address to put into the code (default: a non-loopback --url, else what the gateway knows)')
    .action(async (o: Opts) => (await import('./commands/qr.ts')).qrCommand(o));

  const nodes = program.command('nodes').description('list, approve and run commands on nodes');
  clientOptions(nodes.command('list').description('nodes with status and approval')).action(async (o: Opts) => (await import('./commands/nodes.ts')).nodesListCommand(o));
  clientOptions(nodes.command('pending').description('nodes waiting for approval: new nodes and new commands')).action(async (o: Opts) =>
    (await import('./commands/nodes.ts')).nodesPendingCommand(o),
  );
  for (const decision of ['approve', 'reject'] as const) {
    clientOptions(nodes.command(`${decision} [request]`).description(`${decision} a waiting node: a new node (with the commands it declared) or its new commands; name it by request id, node name or fingerprint`))
      .option('--latest', 'the most recent pending request')
      .action(async (id: string | undefined, o: Opts) => (await import('./commands/nodes.ts')).nodesDecideCommand(decision, id, o));
  }
  clientOptions(nodes.command('describe <node>').description('one node in detail (id, prefix, name or IP)')).action(async (q: string, o: Opts) =>
    (await import('./commands/nodes.ts')).nodesDescribeCommand(q, o),
  );
  clientOptions(nodes.command('wake <node>').description('wake a sleeping node with a Wake-on-LAN packet and wait for it to reconnect'))
    .option('--broadcast <addr>', "broadcast address to send to (default: the node's subnet broadcast)")
    .option('--port <port>', 'UDP port (default 9)')
    .option('--mac <mac>', 'MAC address to wake (default: the ones the node reported)')
    .option('--wait <seconds>', 'how long to wait for it to reconnect (default 120; 0 = do not wait)')
    .action(async (q: string, o: Opts) => setExit(await (await import('./commands/nodes-wake.ts')).nodesWakeCommand(q, o)));
  clientOptions(nodes.command('run <node> [argv...]').description('run a command on a node: hearth nodes run <node> -- <command> [args…]'))
    .option('--cwd <dir>', 'working directory on the node')
    .option('--timeout <ms>', 'command timeout in ms (default 30000)')
    .option('--env <KEY=VALUE...>', 'environment variables for the command')
    .option('--max-output <bytes>', 'keep at most this many bytes of stdout and of stderr (default 1048576)')
    .option('--no-stream', 'print the output only when the command has finished')
    .action(async (q: string, argv: string[], o: Opts) => setExit(await (await import('./commands/nodes-run.ts')).nodesRunCommand(q, argv, o)));

  const devices = program.command('devices').description('paired devices and their tokens');
  clientOptions(devices.command('list').description('paired and pending devices')).action(async (o: Opts) => (await import('./commands/devices.ts')).devicesListCommand(o));
  for (const decision of ['approve', 'reject'] as const) {
    clientOptions(devices.command(`${decision} [requestId]`).description(`${decision} a device pairing request`))
      .option('--latest', 'the most recent pending request')
      .action(async (id: string | undefined, o: Opts) => (await import('./commands/devices.ts')).devicesDecideCommand(decision, id, o));
  }
  clientOptions(devices.command('remove <deviceId>').description('unpair a device (id, prefix or name)')).action(async (q: string, o: Opts) =>
    (await import('./commands/devices.ts')).devicesRemoveCommand(q, o),
  );
  clientOptions(devices.command('rotate <deviceId>').description("replace a device's token"))
    .option('--role <role>', 'which token (default: the device role)')
    .action(async (q: string, o: Opts) => (await import('./commands/devices.ts')).devicesRotateCommand(q, o));

  const alerts = clientOptions(program.command('alerts').description('open alerts (nodes offline, pairing waiting, disk full, modules)'))
    .option('--all', 'history too, newest first')
    .option('--limit <n>', 'how many to list (default 200 open, 100 with --all; at most 1000)')
    .action(async (o: Opts) => (await import('./commands/alerts.ts')).alertsListCommand(o));
  clientOptions(alerts.command('sources').description('what can raise an alert: key prefix, module, severity, meaning'))
    .action(async (_o: Opts, cmd: Command) => (await import('./commands/alerts.ts')).alertsSourcesCommand(cmd.optsWithGlobals<Opts>()));
  clientOptions(alerts.command('ack [alert]').description('acknowledge an alert by id or key'))
    .option('--all', 'every unacknowledged alert')
    // `alerts` has the same options, and commander gives them to the parent: read both.
    .action(async (id: string | undefined, _o: Opts, cmd: Command) => (await import('./commands/alerts.ts')).alertsAckCommand(id, cmd.optsWithGlobals<Opts>()));

  const config = program.command('config').description("the gateway's settings, declared by its modules: list, get, set, reset");
  const configCmd = () => import('./commands/config.ts');
  clientOptions(config.command('list').description('every setting with its value, default, restart need and description')).action(async (o: Opts) => (await configCmd()).configListCommand(o));
  clientOptions(config.command('get <key>').description('one setting (e.g. alerts.nodeOfflineAfterMs)')).action(async (k: string, o: Opts) => (await configCmd()).configGetCommand(k, o));
  clientOptions(config.command('set <key> [value]').description('change a setting; the value is JSON (120000, true, "text") or plain text'))
    .action(async (k: string, v: string | undefined, o: Opts) => (await configCmd()).configSetCommand(k, v, o));
  clientOptions(config.command('reset <key>').description('back to the default')).action(async (k: string, o: Opts) => (await configCmd()).configResetCommand(k, o));

  const models = program.command('models').description('local model servers on every machine, and the OpenAI-compatible endpoint');
  const mod = async () => import('./commands/models.ts');
  clientOptions(models.command('list').description('every model, where it lives, loaded/VRAM')).action(async (o: Opts) => (await mod()).modelsListCommand(o));
  clientOptions(models.command('status').description('every endpoint: kind, version, health, latency, routing order')).action(async (o: Opts) => (await mod()).modelsStatusCommand(o));
  clientOptions(models.command('refresh').description('probe every endpoint now')).action(async (o: Opts) => (await mod()).modelsRefreshCommand(o));
  clientOptions(models.command('add <url>').description('add a model server (on the gateway machine, or on a node with --node)'))
    .option('--node <node>', 'the node whose loopback serves it (id, name or IP)')
    .option('--kind <kind>', 'ollama|openai|lmstudio|vllm|llamacpp (default: detected)')
    .option('--name <name>', 'a name for routing and display')
    .option('--priority <n>', '1 is tried first')
    .action(async (url: string, o: Opts) => (await mod()).modelsAddCommand(url, o));
  clientOptions(models.command('remove <endpoint>').description('forget an endpoint (name, id or URL)')).action(async (e: string, o: Opts) => (await mod()).modelsRemoveCommand(e, o));
  clientOptions(models.command('priority <endpoint> <n>').description('move an endpoint to position n of the routing order')).action(async (e: string, n: string, o: Opts) => (await mod()).modelsPriorityCommand(e, n, o));
  clientOptions(models.command('config').description('show or change cooldown, refresh interval and timeouts'))
    .option('--cooldown <duration>', 'how long a failing endpoint is left out (default 60s)')
    .option('--refresh <duration>', 'how often every endpoint is probed (default 30s)')
    .option('--probe-timeout <duration>', 'deadline of one probe (default 2500ms)')
    .option('--first-byte-timeout <duration>', 'how long a request waits for the first byte before failing over (default 120s)')
    .action(async (o: Opts) => (await mod()).modelsConfigCommand(o));
  const key = models.command('key').description('per-client API keys for the OpenAI-compatible endpoint');
  clientOptions(key.command('create <name>').description('a new key (shown once)')).action(async (n: string, o: Opts) => (await mod()).modelsKeyCreateCommand(n, o));
  clientOptions(key.command('list').description('keys and when they were last used')).action(async (o: Opts) => (await mod()).modelsKeyListCommand(o));
  clientOptions(key.command('revoke <name>').description('revoke a key')).action(async (n: string, o: Opts) => (await mod()).modelsKeyRevokeCommand(n, o));
  const telegram = program.command('telegram').description('the Telegram bot: setup, owners, state');
  telegram
    .command('set')
    .description('set the bot token (checked with getMe, stored 0600, never shown) and start polling')
    .option('--token <token>', 'bot token from @BotFather (default: HEARTH_TELEGRAM_TOKEN)')
    .option('--api-root <url>', 'a self-hosted Bot API server (default https://api.telegram.org)')
    .option('--url <url>', 'gateway WebSocket URL (default ws://127.0.0.1:<configured port>)')
    .option('--gateway-token <token>', 'gateway token (default: HEARTH_GATEWAY_TOKEN, OPENCLAW_GATEWAY_TOKEN, then the config)')
    .option('--password <password>', 'gateway password')
    .option('--state-dir <dir>', 'state directory whose config supplies port and token')
    .option('--json', 'print the protocol payload as JSON')
    .action(async (o: Opts) => (await import('./commands/telegram.ts')).telegramSetCommand(o));
  clientOptions(telegram.command('status').description('polling state, bot, owners, pending codes')).action(async (o: Opts) => (await import('./commands/telegram.ts')).telegramStatusCommand(o));
  clientOptions(telegram.command('off').description('stop the bot and delete its token')).action(async (o: Opts) => (await import('./commands/telegram.ts')).telegramOffCommand(o));
  clientOptions(telegram.command('pending').description('pairing codes waiting for approval')).action(async (o: Opts) => (await import('./commands/telegram.ts')).telegramPendingCommand(o));
  clientOptions(telegram.command('approve <code>').description('admit the Telegram user behind a pairing code')).action(async (c: string, o: Opts) =>
    (await import('./commands/telegram.ts')).telegramApproveCommand(c, o),
  );
  clientOptions(telegram.command('users').description('admitted owners')).action(async (o: Opts) => (await import('./commands/telegram.ts')).telegramUsersCommand(o));
  clientOptions(telegram.command('remove <user>').description('remove an owner (numeric id or @username)')).action(async (u: string, o: Opts) =>
    (await import('./commands/telegram.ts')).telegramRemoveCommand(u, o),
  );

  const approvals = program.command('approvals').description('exec approvals from nodes in --exec ask mode');
  clientOptions(approvals.command('list').description('exec requests waiting for a decision'))
    .option('--all', 'also the recent decisions')
    .action(async (o: Opts) => (await import('./commands/approvals.ts')).approvalsListCommand(o));
  clientOptions(approvals.command('allow [id]').description('allow one exec request (once, or --always for exactly this argv + cwd)'))
    .option('--always', "add exactly this argv + cwd to the node's allowlist")
    .option('--latest', 'the most recent waiting request')
    .action(async (id: string | undefined, o: Opts) => (await import('./commands/approvals.ts')).approvalsDecideCommand('allow', id, o));
  clientOptions(approvals.command('deny [id]').description('deny one exec request'))
    .option('--latest', 'the most recent waiting request')
    .action(async (id: string | undefined, o: Opts) => (await import('./commands/approvals.ts')).approvalsDecideCommand('deny', id, o));
  clientOptions(approvals.command('timeout [seconds]').description('how long nodes wait for an answer (5–600 s, default 120) before a deny')).action(async (sec: string | undefined, o: Opts) =>
    (await import('./commands/approvals.ts')).approvalsTimeoutCommand(sec, o),
  );

  const storage = program.command('storage').description('the shared storage as each machine sees it: mounted, writable, how full');
  const storageCmd = () => import('./commands/storage.ts');
  clientOptions(storage.command('add <path>').description('watch a mount (on this gateway machine, or on a node with --node)'))
    .option('--node <node>', 'the node that holds the mount (id, name or IP; default: the gateway machine)')
    .option('--name <label>', 'a short name (default: the last path component)')
    .addOption(new Option('--kind <kind>', 'what it must be mounted as').choices(['smb', 'nfs', 'any']).default('any'))
    .option('--warn <percent>', 'warn at this usage (default 80)')
    .option('--crit <percent>', 'critical at this usage (default 90)')
    .option('--server <host[:port]>', 'file server to TCP-check when the mount is gone or hung (default: from the mount source)')
    .action(async (path: string, o: Opts) => (await storageCmd()).storageAddCommand(path, o));
  clientOptions(storage.command('list').description('watched mounts and their thresholds')).action(async (o: Opts) => (await storageCmd()).storageListCommand(o));
  clientOptions(storage.command('status').description('state, usage and latency of every mount (last check)')).action(async (o: Opts) => (await storageCmd()).storageStatusCommand(o));
  clientOptions(storage.command('check [name]').description('probe now (every mount, or one) and show the result')).action(async (name: string | undefined, o: Opts) =>
    (await storageCmd()).storageCheckCommand(name, o),
  );
  clientOptions(storage.command('remove <name>').description('stop watching a mount (drops its history)')).action(async (name: string, o: Opts) =>
    (await storageCmd()).storageRemoveCommand(name, o),
  );

  const tunnel = program.command('tunnel').description('the SSH reverse tunnel to the VPS (remote access, scheme B)');
  clientOptions(tunnel.command('set').description('configure the tunnel: hearth tunnel set --ssh USER@HOST[:PORT] --identity KEYFILE'))
    .option('--ssh <target>', 'the VPS login, USER@HOST[:PORT]')
    .option('--identity <keyfile>', 'private key the VPS accepts (read by the gateway)')
    .option('--remote-port <port>', 'port the VPS listens on (default 18789)')
    .option('--remote-bind <addr>', 'where the VPS binds it (default 127.0.0.1; 0.0.0.0 needs --public)')
    .option('--host-key <fingerprint>', "the VPS's SHA256 host key fingerprint to pin")
    .option('--accept-host-key', 'pin the host key the VPS presents now (after comparing it)')
    .option('--public', 'confirm a remote bind beyond the VPS loopback')
    .action(async (o: Opts) => (await import('./commands/tunnel.ts')).tunnelSetCommand(o));
  for (const action of ['up', 'down', 'status'] as const) {
    const desc = { up: 'start the tunnel (or retry now)', down: 'stop the tunnel and keep it off', status: 'tunnel state, RTT, traffic and the last error' }[action];
    clientOptions(tunnel.command(action).description(desc)).action(async (o: Opts) => {
      const m = await import('./commands/tunnel.ts');
      await (action === 'up' ? m.tunnelUpCommand(o) : action === 'down' ? m.tunnelDownCommand(o) : m.tunnelStatusCommand(o));
    });
  }
  clientOptions(tunnel.command('test').description('check reach, host key, login and the remote port (exit 1 when one fails)'))
    .action(async (o: Opts) => setExit(await (await import('./commands/tunnel.ts')).tunnelTestCommand(o)));
  const net = program.command('net').description('how the gateway is reachable: loopback, LAN, tailnet, WireGuard, tunnel');
  clientOptions(net.command('status').description('every address with the URL a phone or node should use'))
    .action(async (o: Opts) => (await import('./commands/net.ts')).netStatusCommand(o));

  program.command('logs').description("the gateway's (or with --node, this node's) log file from the state dir")
    .option('--node', "this machine's node agent log instead of the gateway's")
    .option('--follow', 'keep printing new lines (Ctrl+C stops)')
    .option('--since <when>', 'only records since a duration ago (90s, 10m, 2h, 3d) or a time')
    .option('--level <level>', 'only records at this level or above (debug, info, warn, error)')
    .option('--json', 'print the JSON lines as stored')
    .option('--state-dir <dir>', 'state directory')
    .action(async (o: Opts) => (await import('./commands/logs.ts')).logsCommand(o));

  program.command('security').description('security checks of this gateway').command('audit')
    .description('findings with severity and fix: exposure, weak or missing auth, file modes, tunnel, Telegram, stale devices; exit 1 on a critical one')
    .option('--fix', 'apply the safe fixes (file modes, auto-approval off; removing stale devices asks first)')
    .option('--yes', 'with --fix: remove stale devices without asking')
    .option('--json', 'print the findings as JSON')
    .option('--state-dir <dir>', 'state directory')
    .action(async (o: Opts) => setExit(await (await import('./commands/security.ts')).securityAuditCommand(o)));

  program.command('doctor').description('check Node, state dir, config, the gateway port, services, node clocks; one fix per problem')
    .option('--json', 'print the checks as JSON')
    .option('--token <token>', 'gateway token for reading the nodes (default: HEARTH_GATEWAY_TOKEN, OPENCLAW_GATEWAY_TOKEN, then the config)')
    .option('--state-dir <dir>', 'state directory')
    .action(async (o: Opts) => setExit(await (await import('./commands/doctor.ts')).doctorCommand(o)));

  const backup = program.command('backup').description('back up or restore the state directory (move a gateway to a new machine)');
  backup.command('create').description('one owner-only archive: online database backup, config, identities')
    .option('--out <file>', 'archive to write (default: ./hearth-backup-<time>.tar.gz)')
    .option('--state-dir <dir>', 'state directory to back up')
    .option('--json', 'print the result as JSON')
    .action(async (o: Opts) => (await import('./commands/backup.ts')).backupCreateCommand(o));
  backup.command('restore <file>').description('restore an archive into a fresh state directory')
    .option('--state-dir <dir>', 'state directory to restore into (must be empty unless --force)')
    .option('--force', 'replace a non-empty state directory')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: Opts) => (await import('./commands/backup.ts')).backupRestoreCommand(file, o));

  clientOptions(program.command('health').description('is the gateway up')).action(async (o: Opts) => (await import('./commands/health.ts')).healthCommand(o));
  clientOptions(program.command('status').description('overview: gateway, nodes, pending requests, warnings'))
    .option('--deep', 'also read presence, nodes, health and /readyz')
    .action(async (o: Opts) => (await import('./commands/status.ts')).statusCommand(o));

  return program;
}

/** Explains a commander parse error in one line with the help command to run. */
function commanderFailure(err: CommanderError, argv: string[], program: Command): string {
  const path = argv.filter((a) => !a.startsWith('-')).slice(0, 2);
  const group = program.commands.find((c) => c.name() === path[0]);
  if (err.code === 'commander.help' || err.code === 'commander.executeSubCommandAsync') {
    const subs = group?.commands.map((c) => c.name()) ?? [];
    return `\`hearth ${path[0] ?? ''}\` needs a subcommand (${subs.join(', ')}); see \`hearth ${path[0] ?? ''} --help\``;
  }
  if (err.code === 'commander.unknownOption') {
    const hint = unknownOptionHint(err.message, argv);
    if (hint) return hint;
  }
  const sub = group?.commands.find((c) => c.name() === path[1]);
  // `hearth nodes --json`: the options belong to a subcommand the user left out.
  if (err.code === 'commander.unknownOption' && group && !sub && group.commands.length > 0) {
    const subs = group.commands.map((c) => c.name());
    const rest = argv.slice(argv.indexOf(group.name()) + 1).join(' ');
    // The example is a read (list/status) where the group has one: never an `add` or a `remove`.
    const eg = subs.find((n) => n === 'list') ?? subs.find((n) => n === 'status') ?? subs[0];
    return `\`hearth ${group.name()}\` needs a subcommand before its options (${subs.join(', ')}), e.g. hearth ${group.name()} ${eg} ${rest}; see \`hearth ${group.name()} --help\``;
  }
  const helpCmd = ['hearth', group?.name(), sub?.name(), '--help'].filter(Boolean).join(' ');
  // commander puts its suggestion on a second line: "error: unknown option '--deeep'\n(Did you mean --deep?)".
  const what = err.message.replace(/^error:\s*/i, '').replace(/\s*\n\s*\(Did you mean (.+?)\?\)\s*$/i, ' (did you mean $1?)').trim();
  return `${what}; see \`${helpCmd}\``;
}

/** Parses `argv` and runs the command; resolves with the process exit code (errors are printed here). */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  if (argv.length === 0) {
    await write(process.stdout, program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      await write(process.stderr, formatFailure(commanderFailure(err, argv, program)) + '\n');
      return err.exitCode || 1;
    }
    return reportFailure(err);
  }
}
