/** `hearth backup create [--out FILE]` and `hearth backup restore FILE`: move a gateway to a new home PC. */
import { resolve } from 'node:path';
import { createBackup, restoreBackup } from '../../core/ops/backup.ts';
import { CliError } from '../cli-error.ts';
import { stateDirFrom } from '../common.ts';
import { out } from '../io.ts';
import { hearthVersion } from '../version.ts';

type Opts = Record<string, unknown>;

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');

export async function backupCreateCommand(o: Opts): Promise<void> {
  const stateDir = stateDirFrom(o);
  const file = resolve((o['out'] as string | undefined) ?? `hearth-backup-${stamp(Date.now())}.tar.gz`);
  let r;
  try {
    r = await createBackup(stateDir, file, { version: hearthVersion() });
  } catch (err) {
    throw new CliError(`backup failed: ${(err as Error).message}`);
  }
  if (o['json']) return void (await out(JSON.stringify(r, null, 2)));
  await out(
    `Backup written to ${r.file} (${(r.bytes / 1024).toFixed(1)} KiB, owner-only): ${r.files.length} files${r.auditRows !== null ? `, ${r.auditRows} audit rows` : ''}.`,
    '  It holds the gateway identity and device tokens: keep it as safe as the machine itself.',
    `  Restore on the new machine with \`hearth backup restore ${r.file}\`, then start the gateway there.`,
  );
}

export async function backupRestoreCommand(file: string, o: Opts): Promise<void> {
  const stateDir = resolve(stateDirFrom(o));
  let r;
  try {
    r = await restoreBackup(resolve(file), stateDir, { force: o['force'] === true });
  } catch (err) {
    throw new CliError(`restore failed: ${(err as Error).message}`);
  }
  if (o['json']) return void (await out(JSON.stringify(r, null, 2)));
  await out(
    `Restored ${r.files.length} files into ${r.stateDir} (backup of ${new Date(r.createdAtMs).toISOString()}, Hearth ${r.hearth}).`,
    '  Start the gateway here (`hearth gateway`, or `hearth gateway install`); paired nodes and phones reconnect with the tokens they hold.',
    '  Nodes that reached the old machine by its address need that address to point here (same tailnet name, or `hearth node run --url ws://NEW-HOST:PORT`).',
  );
}
