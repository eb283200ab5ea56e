/** `node.host.stats` payload (SPEC §8.2): CPU, load, memory and the disk holding the state dir. */
import { statfs } from 'node:fs/promises';
import { availableParallelism, freemem, loadavg, totalmem } from 'node:os';
import type { HostStats } from '../../../src-shared/protocol/types.ts';

async function diskOf(paths: string[]): Promise<{ total: number; available: number }> {
  for (const p of paths) {
    try {
      const s = await statfs(p);
      return { total: s.blocks * s.bsize, available: s.bavail * s.bsize };
    } catch {
      /* try the next path */
    }
  }
  return { total: 0, available: 0 };
}

/** Collects the stats the real node host sends, with the same field names and rounding. */
export async function collectHostStats(stateDir: string): Promise<HostStats> {
  const disk = await diskOf([stateDir, process.platform === 'win32' ? 'C:\\' : '/']);
  return {
    cpuCount: availableParallelism(),
    loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
    memoryTotalBytes: totalmem(),
    memoryFreeBytes: freemem(),
    diskTotalBytes: disk.total,
    diskAvailableBytes: disk.available,
  };
}
