/**
 * The code of the probe process: the ONLY place Hearth touches a mounted filesystem. It runs in
 * a detached child (see probe-runner.ts), so a call stuck in the kernel on a hung server pins
 * this child and never the gateway's or node's thread pool.
 *
 * `probeChildMain` is shipped to the child as source text (`node -e`), so it must be
 * self-contained: no imports, builtins through `process.getBuiltinModule`. For each mount it
 * streams NDJSON lines on stdout: `{id, step}` when a step starts, `{id, done}` at the end.
 *
 * The write check creates a hidden file with exclusive create (never clobbering anything),
 * writes, fsyncs and removes it; whatever happens, the file is removed before the child exits.
 * A file left by a child that was killed mid-way (power loss) is recognised by its name and age
 * and removed by the next probe.
 */
import type * as FsModule from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type * as PathModule from 'node:path';
import type * as OsModule from 'node:os';
import type * as CryptoModule from 'node:crypto';

export function probeChildMain(): void {
  const fs = process.getBuiltinModule('node:fs') as typeof FsModule;
  const pathMod = process.getBuiltinModule('node:path') as typeof PathModule;
  const os = process.getBuiltinModule('node:os') as typeof OsModule;
  const crypto = process.getBuiltinModule('node:crypto') as typeof CryptoModule;
  const fsp = fs.promises;
  type Err = { code: string; message: string; step?: string };
  const input = JSON.parse(process.argv[process.argv.length - 1] ?? '{}') as { mounts: { id: string; path: string }[] };
  process.stdout.on('error', () => {
    // The parent went away: keep going so the probe file is still removed.
  });
  const emit = (o: unknown) => {
    try {
      process.stdout.write(JSON.stringify(o) + '\n');
    } catch {
      // see above
    }
  };
  const err = (e: unknown, step: string): Err => {
    const x = e as { code?: string; message?: string };
    return { code: x.code ?? 'ERROR', message: String(x.message ?? e), step };
  };
  // One name per machine and user, so a leftover is found again instead of accumulating.
  const tag = crypto.createHash('sha256').update(`${os.hostname()}|${os.userInfo().username}`).digest('hex').slice(0, 12);
  const STALE_MS = 10 * 60_000;
  const writeData = Buffer.from(`hearth storage write probe ${new Date().toISOString()}\n`);

  async function probe(m: { id: string; path: string }): Promise<void> {
    const latency: Record<string, number> = {};
    const t0 = performance.now();
    const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
      emit({ id: m.id, step });
      const s = performance.now();
      try {
        return await fn();
      } finally {
        latency[`${step}Ms`] = Math.round((performance.now() - s) * 10) / 10;
      }
    };
    const done: Record<string, unknown> = { latency };
    try {
      const st = await timed('statfs', () => fsp.statfs(m.path));
      done['exists'] = true;
      done['space'] = {
        totalBytes: st.blocks * st.bsize,
        freeBytes: st.bavail * st.bsize,
        usedBytes: (st.blocks - st.bfree) * st.bsize,
        inodesTotal: st.files > 0 ? st.files : null,
        inodesFree: st.files > 0 ? st.ffree : null,
      };
    } catch (e) {
      done['exists'] = (e as { code?: string }).code === 'ENOENT' ? false : undefined;
      done['error'] = err(e, 'statfs');
      latency['totalMs'] = Math.round((performance.now() - t0) * 10) / 10;
      emit({ id: m.id, done });
      return;
    }
    const file = pathMod.join(m.path, `.hearth-probe-${tag}`);
    let created = false;
    try {
      let fh: FileHandle;
      try {
        fh = await timed('create', () => fsp.open(file, 'wx', 0o600));
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw e;
        // Ours from a probe that never finished; another live probe on this machine is younger.
        const st = await fsp.lstat(file);
        if (!st.isFile() || Date.now() - st.mtimeMs < STALE_MS) throw Object.assign(new Error(`${file} exists (another probe is running)`), { code: 'EBUSY' });
        await fsp.unlink(file);
        fh = await timed('create', () => fsp.open(file, 'wx', 0o600));
      }
      created = true;
      try {
        await timed('fsync', async () => {
          await fh.write(writeData);
          await fh.sync();
        });
      } finally {
        await fh.close();
      }
      await timed('remove', () => fsp.unlink(file));
      created = false;
      done['writable'] = true;
    } catch (e) {
      done['writable'] = false;
      done['writeError'] = err(e, Object.keys(latency).pop()?.replace(/Ms$/, '') ?? 'create');
    } finally {
      if (created) await fsp.unlink(file).catch(() => undefined);
    }
    latency['totalMs'] = Math.round((performance.now() - t0) * 10) / 10;
    emit({ id: m.id, done });
  }

  void Promise.all(input.mounts.map((m) => probe(m).catch((e) => emit({ id: m.id, done: { error: err(e, 'probe'), latency: {} } })))).then(() => {
    // Exit only once stdout is flushed, so the parent reads every line.
    process.stdout.end(() => process.exit(0));
  });
}
