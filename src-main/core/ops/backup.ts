/**
 * Backup and migration of a state directory: an online SQLite backup (consistent while the
 * gateway runs, through SQLite's backup API) plus the config, identities and every other file the
 * modules keep there, in one gzip'd tar archive written owner-only. Restoring onto a fresh state
 * dir on a new home PC keeps the gateway's identity and device records, so nodes and phones
 * reconnect with the device tokens they already hold.
 */
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import * as tar from 'tar';
import { runningLockOwner } from '../gateway/state-lock.ts';
import { stateFiles } from '../paths.ts';
import { journalPathFor, readJournal } from '../store/run-journal.ts';

/** Written into the archive so a restore can tell a Hearth backup from any tarball. */
export const MANIFEST = 'hearth-backup.json';
const FORMAT = 1;

interface Manifest { format: number; hearth: string; createdAtMs: number; files: string[]; auditRows: number | null }

/** Never copied as files: the live database and its journal (handled apart), locks, logs, temp files. */
function skipped(rel: string): boolean {
  const base = rel.split(sep).pop() ?? rel;
  return rel === 'hearth.sqlite' || rel.startsWith('hearth.sqlite-') || base.endsWith('.lock') || rel === 'logs' || rel.startsWith(`logs${sep}`) || base.endsWith('.tmp');
}

function listFiles(dir: string, root = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    const rel = relative(root, abs);
    if (skipped(rel)) continue;
    const st = lstatSync(abs);
    if (st.isDirectory()) listFiles(abs, root, out);
    else if (st.isFile()) out.push(rel);
  }
  return out;
}

export interface BackupResult { file: string; files: string[]; bytes: number; auditRows: number | null }

export async function createBackup(stateDir: string, out: string, opts: { version: string; clock?: () => number }): Promise<BackupResult> {
  if (!existsSync(stateDir)) throw new Error(`no state directory at ${stateDir}; pass --state-dir`);
  const db = stateFiles(stateDir).database;
  const stage = mkdtempSync(join(tmpdir(), 'hearth-backup-'));
  chmodSync(stage, 0o700);
  try {
    const entries = listFiles(stateDir);
    for (const rel of entries) {
      mkdirSync(dirname(join(stage, rel)), { recursive: true, mode: 0o700 });
      copyFileSync(join(stateDir, rel), join(stage, rel));
      chmodSync(join(stage, rel), statSync(join(stateDir, rel)).mode & 0o777);
    }
    // The run journal holds the newest runs not yet in the database (≤ 100 ms of them). Copied
    // before the database: a run committed meanwhile is then in the copy of one or the other
    // (replaying it twice is harmless), never in neither.
    const journal = journalPathFor(db);
    let journalled: string[] = [];
    if (journal && existsSync(journal)) {
      const rel = relative(stateDir, journal);
      copyFileSync(journal, join(stage, rel));
      chmodSync(join(stage, rel), 0o600);
      entries.push(rel);
      journalled = readJournal(join(stage, rel)).flatMap((e) => ('s' in e ? [e.s.id] : []));
    }
    let auditRows: number | null = null;
    if (existsSync(db)) {
      const src = new Database(db, { readonly: true, fileMustExist: true });
      try {
        // Online backup: a consistent copy even while the gateway writes to its WAL.
        await src.backup(join(stage, 'hearth.sqlite'));
      } finally {
        src.close();
      }
      // The audit rows the backup holds: those in its database copy, and the runs only its
      // journal copy has yet (the gateway writes the table in batches, ≤ 100 ms behind).
      const copy = new Database(join(stage, 'hearth.sqlite'), { readonly: true, fileMustExist: true });
      try {
        const hasAudit = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'invocations'").get();
        if (hasAudit) {
          const inTable = copy.prepare('SELECT 1 FROM invocations WHERE id = ?');
          const onlyJournalled = new Set(journalled.filter((id) => inTable.get(id) === undefined)).size;
          auditRows = (copy.prepare('SELECT count(*) AS n FROM invocations').get() as { n: number }).n + onlyJournalled;
        }
      } finally {
        copy.close();
      }
      chmodSync(join(stage, 'hearth.sqlite'), 0o600);
      entries.push('hearth.sqlite');
    }
    const manifest: Manifest = { format: FORMAT, hearth: opts.version, createdAtMs: (opts.clock ?? Date.now)(), files: entries, auditRows };
    writeFileSync(join(stage, MANIFEST), JSON.stringify(manifest, null, 2), { mode: 0o600 });
    mkdirSync(dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    await tar.c({ gzip: true, file: tmp, cwd: stage, portable: false }, [MANIFEST, ...entries]);
    chmodSync(tmp, 0o600);
    renameSync(tmp, out);
    return { file: out, files: entries, bytes: statSync(out).size, auditRows };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

export interface RestoreResult { stateDir: string; files: string[]; createdAtMs: number; hearth: string }

/** Restores into `stateDir`, which must be empty or missing unless `force` (then it is replaced). */
export async function restoreBackup(file: string, stateDir: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  if (!existsSync(file)) throw new Error(`no backup at ${file}`);
  const lock = stateFiles(stateDir).gatewayLock;
  const pid = runningLockOwner(lock);
  if (pid !== undefined) throw new Error(`a gateway (pid ${pid}) is running on ${stateDir}; stop it before restoring`);
  if (existsSync(stateDir) && readdirSync(stateDir).length > 0 && !opts.force) {
    throw new Error(`${stateDir} is not empty; restore into a fresh --state-dir, or pass --force to replace what is there`);
  }
  const stage = mkdtempSync(join(tmpdir(), 'hearth-restore-'));
  try {
    try {
      await tar.x({ file, cwd: stage, strict: true, preservePaths: false });
    } catch (err) {
      throw new Error(`${file} is not a readable Hearth backup (${(err as Error).message})`, { cause: err });
    }
    const mpath = join(stage, MANIFEST);
    if (!existsSync(mpath)) throw new Error(`${file} is not a Hearth backup (no ${MANIFEST} inside)`);
    const m = JSON.parse(readFileSync(mpath, 'utf8')) as Manifest;
    if (m.format !== FORMAT) throw new Error(`${file} has backup format ${m.format}; this Hearth reads format ${FORMAT} — restore it with a matching Hearth version`);
    for (const rel of m.files) {
      if (!existsSync(join(stage, rel))) throw new Error(`${file} is incomplete: ${rel} is missing`);
    }
    if (m.files.includes('hearth.sqlite')) {
      const check = new Database(join(stage, 'hearth.sqlite'), { readonly: true });
      try {
        const ok = (check.pragma('integrity_check', { simple: true }) as string) === 'ok';
        if (!ok) throw new Error(`the database in ${file} fails SQLite's integrity check`);
      } finally {
        check.close();
      }
    }
    if (opts.force && existsSync(stateDir)) rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    for (const rel of m.files) {
      const dest = join(stateDir, rel);
      mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
      copyFileSync(join(stage, rel), dest);
      // Everything in a state dir is owner-only; keep it so whatever mode the archive carried.
      chmodSync(dest, statSync(join(stage, rel)).mode & 0o700);
    }
    return { stateDir, files: m.files, createdAtMs: m.createdAtMs, hearth: m.hearth };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
