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
}

/** 32 random bytes, unpadded base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function setupCommand(flags: SetupFlags): Promise<void> {
  const stateDir = flags.stateDir ?? defaultStateDir();
  const path = stateFiles(stateDir).config;
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
    'A phone scans the QR from `hearth qr` (or the one `hearth gateway` draws when started in a terminal). Other machines can also use --token or HEARTH_GATEWAY_TOKEN.',
  );
}
