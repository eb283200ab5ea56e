/**
 * Every screen of the web UI at 390×844, and of the desktop shell's window at its own size
 * (1100×760) and at 390×844, in English and Chinese, with realistic data: a real gateway and real
 * node agents (one with a long name, one with a long Chinese name, one gone offline, one waiting
 * for approval), an open alert, a watched mount; the desktop screens from the main process's and
 * the node agent's own producers (lib/desktop-views.ts). Each screenshot is checked automatically (page-checks.ts, screen-report.ts): no sideways
 * scroll, no overlapping texts or controls, no clipped text, buttons at least 40×40 px, no English
 * left in zh-CN (nor a sentence folded under "Technical details" for want of a template), no
 * Chinese in English, no raw i18n keys. The PNGs land in
 * test-results/screens/<lang>/<screen>.png for people to look at.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStore } from '../../src-main/core/store/index.ts';
import { resolvePageRequest } from '../../src-main/electron/pages/page-routes.ts';
import { desktopScreens, type DesktopScreen } from './lib/desktop-views.ts';
import { pageFacts } from './lib/page-checks.ts';
import { screenProblems, type ScreenLang } from './lib/screen-report.ts';
import { freePort, removeDir, setupCode, startGateway, startNode, tempDir, type Proc } from './hearth-procs.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const OUT = join(ROOT, 'test-results', 'screens');
const BIN = join(ROOT, 'bin', 'hearth.js');
const TOKEN = 'T-e2e-screens-token';
const PHONE = { width: 390, height: 844 };
const LANGS: readonly ScreenLang[] = ['en', 'zh-CN'];

const LONG_NAME = 'build-server-in-the-basement-rack-2-with-a-very-long-hostname';
const ZH_NAME = '客厅里那台放电影和备份照片用的旧电脑（书房角落）';
const NODE_NAMES = ['laptop', LONG_NAME, ZH_NAME, 'old-nas'];
const PENDING_NAME = 'new-mac-mini';
const MODEL_NAME = 'pc-ollama';
// Names on screen that are data, not UI text: machines, the browser's own device name (made by
// the UI for the gateway's device list), mDNS service names, a placeholder command.
const DATA_STRINGS = [...NODE_NAMES, PENDING_NAME, MODEL_NAME, hostname(), 'Hearth UI · Browser (linux)', 'Hearth UI · Browser', 'Hearth on home-pc', 'openclaw-gateway', 'uname -a', 'hearth-telegram'];
const DATA_WORDS = new Set(['linux', 'Linux', 'darwin', 'x64', 'arm64', 'photos']);

let port = 0;
let gwDir = '';
let mntDir = '';
const dirs: string[] = [];
let gateway: Proc | undefined;
const nodes = new Map<string, Proc>();
const ids = new Map<string, string>();
let context: BrowserContext;
let page: Page;

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args, '--url', `ws://127.0.0.1:${port}`, '--token', TOKEN], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hearth ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

interface NodeRow { nodeId: string; displayName?: string; connected: boolean; approvalState?: string }
const listNodes = () => (JSON.parse(cli('nodes', 'list', '--json')) as { nodes: NodeRow[] }).nodes;

/** Approves whatever the named nodes wait for (device, then command surface) until they are in. */
async function admit(names: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const rows = listNodes();
    const ready = names.every((n) => rows.some((r) => r.displayName === n && r.connected && r.approvalState !== 'pending-approval'));
    if (ready) {
      for (const r of rows) if (r.displayName) ids.set(r.displayName, r.nodeId);
      return;
    }
    const pending = JSON.parse(cli('nodes', 'pending', '--json')) as { devicePairing: { pending: { requestId: string }[] }; nodePairing: { pending: { requestId: string }[] } };
    for (const r of [...pending.devicePairing.pending, ...pending.nodePairing.pending]) {
      spawnSync(process.execPath, [BIN, 'nodes', 'approve', r.requestId, '--url', `ws://127.0.0.1:${port}`, '--token', TOKEN], { cwd: ROOT });
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`nodes not admitted: ${JSON.stringify(listNodes().map((r) => [r.displayName, r.connected, r.approvalState]))}`);
}

function addNode(name: string): void {
  const dir = tempDir('screens-node');
  dirs.push(dir);
  nodes.set(name, startNode(port, TOKEN, dir, name));
}

/** A phone whose browser speaks `lang` (the UI picks its language from the browser's). */
async function newPhone(browser: Browser, lang: ScreenLang): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
}

/** Screenshots the page as it is and returns what is wrong with it. */
async function inspect(p: Page, lang: ScreenLang, name: string): Promise<string[]> {
  await p.evaluate(async () => {
    window.scrollTo(0, 0);
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const facts = await pageFacts(p);
  // The whole page in one tall viewport, so the fixed tab bar sits at the bottom of the picture
  // instead of across the middle of a full-page capture.
  const size = p.viewportSize() ?? PHONE;
  const tall = await p.evaluate(() => document.documentElement.scrollHeight);
  if (tall > size.height) await p.setViewportSize({ width: size.width, height: tall });
  await p.screenshot({ path: join(OUT, lang, `${name}.png`) });
  if (tall > size.height) await p.setViewportSize(size);
  return screenProblems({ lang, facts, dataWords: DATA_WORDS, dataStrings: DATA_STRINGS }).map((m) => `${lang}/${name}: ${m}`);
}

function expectClean(problems: string[]): void {
  expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
}

interface WebScreen {
  name: string;
  hash: string;
  ready: (p: Page) => Promise<unknown>;
}

const visible = (testId: string) => (p: Page) => p.getByTestId(testId).first().waitFor({ state: 'visible' });

function webScreens(): WebScreen[] {
  return [
    { name: 'overview', hash: '#/', ready: async (p) => { await visible('screen-overview')(p); await p.getByTestId('topology').waitFor(); } },
    { name: 'nodes', hash: '#/nodes', ready: async (p) => { await visible('screen-nodes')(p); await p.getByTestId('pending-request').first().waitFor(); } },
    { name: 'node-laptop', hash: `#/nodes/${ids.get('laptop')}`, ready: visible('screen-node') },
    { name: 'node-offline', hash: `#/nodes/${ids.get('old-nas')}`, ready: visible('screen-node') },
    { name: 'node-long-name', hash: `#/nodes/${ids.get(LONG_NAME)}`, ready: visible('screen-node') },
    { name: 'node-chinese-name', hash: `#/nodes/${encodeURIComponent(ids.get(ZH_NAME) ?? '')}`, ready: visible('screen-node') },
    { name: 'pair-phone', hash: '#/pair/phone', ready: visible('qr') },
    { name: 'pair-node', hash: '#/pair/node', ready: visible('qr') },
    { name: 'models', hash: '#/models', ready: async (p) => { await visible('screen-models')(p); await p.getByTestId('endpoint-card').first().waitFor(); } },
    { name: 'storage', hash: '#/storage', ready: async (p) => { await visible('screen-storage')(p); await p.getByText('photos').first().waitFor(); } },
    { name: 'remote', hash: '#/remote', ready: async (p) => { await visible('screen-remote')(p); await p.getByTestId('tunnel-error').waitFor(); } },
    { name: 'alerts', hash: '#/alerts', ready: async (p) => { await visible('screen-alerts')(p); await p.getByText('old-nas').first().waitFor(); } },
    { name: 'settings', hash: '#/settings', ready: async (p) => { await visible('screen-settings')(p); await p.getByTestId('device-row').first().waitFor(); } },
  ];
}

// Not serial: a failing screen group must not hide the others' problems (the fixture is rebuilt).
test.describe('every screen at 390×844 in English and Chinese', () => {
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    for (const l of LANGS) mkdirSync(join(OUT, l), { recursive: true });
    port = await freePort();
    gwDir = tempDir('screens-gw');
    // Short alert thresholds so that the offline node is an alert within seconds.
    const store = createStore(join(gwDir, 'hearth.sqlite'));
    store.settings.set('alerts.nodeOfflineAfterMs', 1000);
    store.settings.set('alerts.checkIntervalMs', 200);
    store.close();
    gateway = await startGateway(port, TOKEN, gwDir);
    for (const n of NODE_NAMES) addNode(n);
    await admit(NODE_NAMES);
    await nodes.get('old-nas')!.stop();
    mntDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-screens-mnt-'));
    cli('storage', 'add', mntDir, '--name', 'photos');
    // A model server that is down (of a known kind, so the probe reports the bare errno line) and a
    // tunnel to a VPS where nothing listens: their errors are gateway sentences, and a zh-CN screen
    // that folds one under "Technical details" (no template) fails the check.
    cli('models', 'add', `http://127.0.0.1:${await freePort()}`, '--kind', 'ollama', '--name', MODEL_NAME);
    const key = join(gwDir, 'vps-key');
    writeFileSync(key, generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } }).privateKey, { mode: 0o600 });
    cli('tunnel', 'set', '--ssh', `me@127.0.0.1:${await freePort()}`, '--identity', key, '--host-key', `SHA256:${'A'.repeat(43)}`);
    context = await newPhone(browser, 'en');
    page = await context.newPage();
    await page.goto(`http://hearth-home.test:${port}/#setup=${setupCode(port, TOKEN)}`);
    await page.getByTestId('screen-overview').waitFor();
    // From here on a new machine waits for approval: a pending request for the screens.
    await page.goto(`http://hearth-home.test:${port}/#/settings`);
    // The box is unchecked and disabled until the settings load: wait for the real state first.
    await expect(page.getByTestId('auto-approve')).toBeEnabled();
    await expect(page.getByTestId('auto-approve')).toBeChecked();
    await page.getByTestId('auto-approve').uncheck();
    await expect(page.getByTestId('auto-approve')).not.toBeChecked();
    addNode(PENDING_NAME);
  });

  test.afterAll(async () => {
    await context?.close();
    for (const n of nodes.values()) await n.stop();
    await gateway?.stop();
    for (const d of [gwDir, mntDir, ...dirs]) if (d) removeDir(d);
  });

  for (const lang of LANGS) {
    test(`web UI screens (${lang})`, async () => {
      test.setTimeout(120_000);
      await page.evaluate((l) => localStorage.setItem('hearth.lang', l), lang);
      const problems: string[] = [];
      for (const s of webScreens()) {
        await page.goto(`http://hearth-home.test:${port}/${s.hash}`);
        await page.reload();
        await s.ready(page);
        problems.push(...(await inspect(page, lang, s.name)));
      }
      expectClean(problems);
    });

    test(`sign-in and connecting screens (${lang})`, async ({ browser }) => {
      const problems: string[] = [];
      const fresh = await newPhone(browser, lang);
      const p = await fresh.newPage();
      await p.goto(`http://hearth-home.test:${port}/`);
      await p.getByTestId('login').waitFor();
      problems.push(...(await inspect(p, lang, 'login')));
      // A used setup code: the refusal notice with the token as the other way in.
      const used = setupCode(port, TOKEN);
      const first = await (await newPhone(browser, lang)).newPage();
      await first.goto(`http://hearth-home.test:${port}/#setup=${used}`);
      await first.getByTestId('screen-overview').waitFor();
      await first.context().close();
      await p.goto(`http://hearth-home.test:${port}/#setup=${used}`);
      await p.reload();
      await p.getByTestId('login-notice').waitFor();
      problems.push(...(await inspect(p, lang, 'login-code-refused')));
      // The token way in: with auto-approval off, this browser waits for approval.
      await p.getByTestId('token-input').fill(TOKEN);
      await p.getByTestId('token-input').press('Enter');
      await p.getByTestId('pairing-required').waitFor();
      problems.push(...(await inspect(p, lang, 'connecting-approval')));
      await fresh.close();
      // Nothing answers: "cannot reach, retrying".
      const cut = await newPhone(browser, lang);
      await cut.routeWebSocket(/.*/, (ws) => ws.close());
      const q = await cut.newPage();
      await q.goto(`http://hearth-home.test:${port}/#setup=${setupCode(port, TOKEN)}`);
      await q.getByTestId('connecting').locator('[role="status"]').waitFor();
      problems.push(...(await inspect(q, lang, 'connecting-unreachable')));
      await cut.close();
      expectClean(problems);
    });
  }
});

/** The Electron control window's size (window/window-options.ts) and a phone-sized one. */
const DESKTOP_SIZES = [{ name: 'window', viewport: { width: 1100, height: 760 }, scale: 1 }, { name: 'narrow', viewport: PHONE, scale: 2 }] as const;

// No gateway: the desktop window talks to main over IPC, so each screen gets a stand-in bridge that
// answers with what main's own producers return (lib/desktop-views.ts).
test.describe('the desktop window screens at window size and at 390×844 in English and Chinese', () => {
  for (const lang of LANGS) {
    test(`desktop window screens (${lang})`, async ({ browser }) => {
      test.setTimeout(180_000);
      mkdirSync(join(OUT, lang), { recursive: true });
      const dir = join(ROOT, 'dist', 'renderer');
      const server: Server = createServer((req, res) => {
        const r = resolvePageRequest(`hearth://app${(req.url ?? '/').split('?')[0]}`);
        if (r.kind === 'not-found') res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': r.contentType }).end(readFileSync(join(dir, r.path)));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const a = server.address();
      const origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
      const problems: string[] = [];
      try {
        for (const size of DESKTOP_SIZES) {
          const ctx = await browser.newContext({ viewport: size.viewport, deviceScaleFactor: size.scale, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
          for (const s of desktopScreens()) {
            // A page per screen: each has its own stand-in bridge.
            const p = await ctx.newPage();
            await showDesktop(p, origin, lang, s);
            problems.push(...(await inspect(p, lang, `desktop-${size.name}-${s.name}`)));
            await p.close();
          }
          await ctx.close();
        }
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
      expectClean(problems);
    });
  }
});

/** Opens one desktop screen with a stand-in bridge answering as the main process would. */
async function showDesktop(p: Page, origin: string, lang: ScreenLang, s: DesktopScreen): Promise<void> {
  await p.addInitScript(([l, answers]) => {
    localStorage.setItem('hearth.lang', l);
    const table = answers as Record<string, unknown>;
    (window as unknown as Record<string, unknown>)['hearth'] = {
      isElectron: true,
      invoke: async (c: string) => table[c] ?? null,
      on: () => () => {},
    };
  }, [lang, s.answers] as const);
  await p.goto(`${origin}/desktop.html#/${s.route}`);
  await p.getByRole('heading').first().waitFor();
  if (s.press === 'settings-actions') {
    // "Check now" shows main's update message; "Switch to …" shows the role-switch plan.
    const buttons = p.getByTestId('desktop-settings').getByRole('button');
    await buttons.first().click();
    await p.getByTestId('update-message').waitFor();
    await buttons.last().click();
    await p.getByTestId('role-switch-plan').waitFor();
  }
}
