/** `hearth setup`: writes the config with a fresh gateway token, then says what to run next. */
import { randomBytes } from 'node:crypto';
import { defaultConfig, writeConfig, type HearthConfig } from '../../core/config.ts';
import { defaultStateDir, stateFiles } from '../../core/paths.ts';
import { CliError } from '../cli-error.ts';
import { loadConfig } from '../common.ts';
import { out } from '../io.ts';
import { parsePort } from '../settings.ts';

export interface SetupFlags {
  stateDir?: string;
  port?: string;
  force?: boolean;
  showToken?: boolean;
}

/** Where `--show-token` writes; injected so the TTY rule is unit-tested. */
export interface TokenOutput {
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

/**
 * `hearth setup --show-token`: the config's gateway token, printed only to a terminal (a pipe or
 * file would keep the secret in logs); lines to print, or a CliError naming the reason.
 */
export function showTokenLines(path: string, config: HearthConfig | undefined, output: TokenOutput): string[] {
  const token = config?.gateway.auth.token;
  if (!token) throw new CliError(`${path} holds no gateway token${config ? '' : ' (the file does not exist)'}; run \`hearth setup\` to create one`);
  if (!output.isTTY) {
    throw new CliError(`not printing the gateway token: standard output is not a terminal, and a token in a pipe or file ends up in logs; run \`hearth setup --show-token\` in a terminal, or read gateway.auth.token in ${path}`);
  }
  const lines = [`Gateway token (gateway.auth.token in ${path}):`, '', `  ${token}`, ''];
  const env = output.env['HEARTH_GATEWAY_TOKEN']?.trim();
  if (env && env !== token) lines.push('Note: HEARTH_GATEWAY_TOKEN in this shell differs; a gateway started from this shell uses that one instead.', '');
  lines.push(
    'Paste it into the web UI under "With the gateway token", or pass it as --token on another machine.',
    'Keep it secret: whoever has it controls the gateway. A phone needs no token: scan the QR from `hearth qr`.',
  );
  return lines;
}

/** 32 random bytes, unpadded base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function setupCommand(flags: SetupFlags): Promise<void> {
  const stateDir = flags.stateDir ?? defaultStateDir();
  const path = stateFiles(stateDir).config;
  if (flags.showToken) {
    if (flags.force || flags.port !== undefined) throw new CliError('--show-token only prints the current token; run it without --force and --port');
    await out(...showTokenLines(path, loadConfig(stateDir).config, { isTTY: process.stdout.isTTY === true, env: process.env }));
    return;
  }
  let existing: HearthConfig | undefined;
  try {
    existing = loadConfig(stateDir).config;
  } catch (err) {
    // A broken file is only replaced on request.
    if (!flags.force) throw new CliError(`${(err as Error).message}`);
  }
  if (existing?.gateway.auth.token && !flags.force) {
    throw new CliError(`${path} already holds a gateway token; keep using it (\`hearth gateway\`), or run \`hearth setup --force\` to replace it`);
  }
  const cfg = existing ?? defaultConfig();
  if (flags.port !== undefined) cfg.gateway.port = parsePort(flags.port, '--port');
  cfg.gateway.auth = { mode: 'token', token: generateToken() };
  writeConfig(path, cfg);

  const sd = flags.stateDir !== undefined ? ` --state-dir ${JSON.stringify(stateDir)}` : '';
  await out(
    `Wrote ${path} (mode 0600) with a new gateway token${existing ? ' (replacing the old one)' : ''}.`,
    `The gateway will listen on 127.0.0.1:${cfg.gateway.port} (bind ${cfg.gateway.bind}); clients on this machine read the token from this file.`,
    '',
    'Next:',
    `  1. On this machine, start the gateway:        hearth gateway${sd}`,
    `  2. On this machine, make a node pairing code:  hearth qr --node${sd}`,
    '  3. On the laptop (the node), paste that code:  hearth node run --pair <code>',
    '',
    `Sign in from a phone or browser without the token: run \`hearth qr${sd}\` and scan its QR or open its link`,
    '(`hearth gateway` draws the same QR when started in a terminal). The token itself stays in the file above;',
    `\`hearth setup --show-token${sd}\` prints it in a terminal, for the web UI's token sign-in or --token on other machines.`,
  );
}
