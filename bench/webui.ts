// Web UI figures for `npm run bench` (also runnable alone: `node bench/webui.ts`):
// - gzipped size of the JavaScript a first visit loads (index.html's entry + its static imports);
// - navigation → overview showing the nodes, on a phone viewport in Debian Chromium against a real
//   gateway and node, for a first visit (#setup= link) and a return visit (stored device token),
//   next to the same browser loading a bare /healthz response from the same server (baseline).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { freePort, removeDir, setupCode, startGateway, startNode, tempDir } from '../e2e/webui/hearth-procs.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'renderer');
const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'bench-webui-token';

/** Bytes (raw, gzipped) of the JS files a first visit fetches: entry script, modulepreloads, and their static imports. */
export function firstVisitJs(distDir = DIST): { files: string[]; raw: number; gzip: number } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  let raw = 0;
  let gzip = 0;
  while (queue.length > 0) {
    const f = queue.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const buf = readFileSync(join(distDir, f));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
    // Static imports only (`import … from "./x.js"` / `import "./x.js"`); dynamic import() chunks load on demand.
    for (const m of buf.toString('utf8').matchAll(/(?:^|[;\s}])import(?:[^"'()]*?from)?\s*["']\.\/([^"']+\.js)["']/g)) {
      queue.push(join(dirname(f), m[1]!));
    }
  }
  return { files: [...seen], raw, gzip };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeToOverview(): Promise<{ first: number; again: number; baseline: number } | string> {
  if (!existsSync(CHROMIUM)) return `skipped: ${CHROMIUM} missing (apt-get install chromium)`;
  const { chromium } = await import('playwright-core');
  const port = await freePort();
  const gwDir = tempDir('bench-gw');
  const nodeDir = tempDir('bench-node');
  const gw = await startGateway(port, TOKEN, gwDir);
  const node = startNode(port, TOKEN, nodeDir, 'bench-node');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP hearth-home.test 127.0.0.1'],
  });
  const base = `http://hearth-home.test:${port}`;
  const firsts: number[] = [];
  const agains: number[] = [];
  const baselines: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const page = await ctx.newPage();
      let t0 = performance.now();
      await page.goto(`${base}/healthz`);
      baselines.push(performance.now() - t0);
      const code = setupCode(port, TOKEN);
      t0 = performance.now();
      await page.goto(`${base}/#setup=${code}`);
      await page.waitForSelector('[data-testid^="topo-node-"]', { timeout: 30_000 });
      firsts.push(performance.now() - t0);
      t0 = performance.now();
      await page.reload();
      await page.waitForSelector('[data-testid^="topo-node-"]', { timeout: 30_000 });
      agains.push(performance.now() - t0);
      await ctx.close();
    }
  } finally {
    await browser.close();
    await node.stop();
    await gw.stop();
    removeDir(gwDir);
    removeDir(nodeDir);
  }
  return { first: median(firsts), again: median(agains), baseline: median(baselines) };
}

/** Runs the web UI benchmarks and prints their rows. */
export async function benchWebUi(): Promise<void> {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.log('web UI: dist/renderer missing; run `npm run build` first');
    return;
  }
  const js = firstVisitJs();
  console.log(`web UI first-visit JS: ${(js.gzip / 1024).toFixed(1)} KB gzipped (${(js.raw / 1024).toFixed(1)} KB raw, ${js.files.length} file(s)); target ≤ 150 KB gzipped`);
  const t = await timeToOverview();
  if (typeof t === 'string') {
    console.log(`web UI navigation → overview with nodes: ${t}`);
    return;
  }
  const ratio = (x: number) => (x / t.baseline).toFixed(1);
  console.log(`web UI navigation → overview with nodes (phone viewport, median of 5): first visit via #setup= ${t.first.toFixed(0)} ms (${ratio(t.first)}× baseline), return visit ${t.again.toFixed(0)} ms (${ratio(t.again)}× baseline); baseline = same browser loading /healthz ${t.baseline.toFixed(0)} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchWebUi();
