/** `node.host.stats` payload (SPEC §8.2): CPU, load, memory and the disk holding the state dir. */
import { statfs } from 'node:fs/promises';
import { availableParallelism, freemem, loadavg, networkInterfaces, totalmem } from 'node:os';
import type { HostInterface, HostStats } from '../../../src-shared/protocol/types.ts';

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

/**
 * IPv4 interfaces with a real MAC (not loopback), so the gateway can wake this machine. Sent as
 * its own Hearth event: OpenClaw's `node.host.stats` schema is closed, and an extra field there
 * makes a real OpenClaw gateway (and its CLI) drop the whole stats payload.
 */
export function lanInterfaces(): HostInterface[] {
  const out: HostInterface[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.internal || a.family !== 'IPv4' || a.mac === '00:00:00:00:00:00') continue;
      out.push({ name, mac: a.mac, address: a.address, netmask: a.netmask });
    }
  }
  return out.slice(0, 16);
}
