/**
 * The desktop shell's React page (wizard, node status, settings: src-renderer/desktop/, built
 * into dist/renderer/desktop.html) in real Chromium, wired to the real main-process
 * logic without Electron: the page's `window.hearth` is a stand-in for the preload that forwards
 * to the real IPC router (sender check + validation) and AppController, which run the real
 * gateway and node agent on loopback. Two "machines" (state dirs): the home PC goes through the
 * wizard to the gateway role, then a laptop joins it as a node with a setup code.
 * Needs Debian's Chromium (/usr/bin/chromium or HEARTH_CHROMIUM); skipped with the reason otherwise.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DiscoveredGateway, IpcEventMap } from '../../src-shared/ipc/contract.ts';
import { startNodeAgent } from '../../src-main/core/agent/index.ts';
import { readConfig, writeConfig } from '../../src-main/core/config.ts';
import { startGateway } from '../../src-main/core/gateway/index.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import { stateFiles } from '../../src-main/core/paths.ts';
import { AppController } from '../../src-main/electron/app-controller.ts';
import { createIpcRouter } from '../../src-main/electron/ipc/router.ts';
import { createSenderRegistry } from '../../src-main/electron/ipc/sender-check.ts';
import { resolvePageRequest } from '../../src-main/electron/pages/page-routes.ts';
import { buildPhonePairing } from '../../src-main/electron/roles/phone-pairing.ts';
import { RoleRuntime } from '../../src-main/electron/roles/role-runtime.ts';
import { jsonSettingsStore, desktopSettingsPath } from '../../src-main/electron/settings/desktop-settings.ts';

const root = join(import.meta.dirname, '..', '..');
const chromiumPath = process.env['HEARTH_CHROMIUM'] ?? '/usr/bin/chromium';
const skip = existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath} (set HEARTH_CHROMIUM)`;
if (skip) console.log(`# desktop pages suite not run: ${skip}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** One desktop "machine": settings + config in its own state dir, real core, real controller. */
function machine(name: string, discovered: () => DiscoveredGateway[]) {
  const stateDir = mkdtempSync(join(tmpdir(), `hearth-desktop-${name}-`));
  const configFile = stateFiles(stateDir).config;
  const copied: string[] = [];
  const shown: string[] = [];
  let page: Page | undefined;
  const fast = { initialMs: 100, maxMs: 500 };
  const runtime = new RoleRuntime({
    stateDir, logger: silentLogger, version: '0.1.0', hostname: name, env: {},
    readConfig: () => readConfig(configFile),
    startGateway,
    startNodeAgent: (o) => startNodeAgent({ ...o, hostStatsIntervalMs: 3_600_000, backoff: { drop: fast, refused: fast, pairing: fast } }),
  });
  const settings = jsonSettingsStore(desktopSettingsPath(stateDir));
  const controller = new AppController({
    settings, runtime, logger: silentLogger,
    readConfig: () => readConfig(configFile),
    writeConfig: (c) => writeConfig(configFile, c),
    phonePairing: async () => {
      const gw = runtime.runningGateway!;
      return buildPhonePairing({ bind: 'loopback', boundHost: gw.host, port: gw.port }, gw.createSetupCode({ profile: 'operator' }));
    },
    browse: (onChange) => {
      const t = setTimeout(() => onChange(discovered()), 100);
      return { stop: async () => clearTimeout(t) };
    },
  }, {
    platform: 'linux', version: '0.1.0',
    copyText: (t) => copied.push(t),
    showWindow: (p) => shown.push(p ?? ''),
    broadcast: <E extends keyof IpcEventMap>(event: E, payload: IpcEventMap[E]) => {
      void page?.evaluate(([e, p]) => (window as unknown as { __hearthEmit(e: string, p: unknown): void }).__hearthEmit(e, p), [event, payload] as const).catch(() => {});
    },
    setLaunchAtLogin: () => {},
    checkForUpdates: async (_t, channel) => ({ state: 'up-to-date', currentVersion: '0.1.0', channel, message: 'ok' }),
    installUpdate: () => {},
    quit: () => {},
    stateChanged: () => {},
  }, { state: 'idle', currentVersion: '0.1.0', channel: 'stable', message: '' });
  const senders = createSenderRegistry();
  const router = createIpcRouter(controller.ipcHandlers(), senders);
  return {
    stateDir, configFile, copied, shown, runtime, settings, controller,
    async attach(p: Page, origin: string) {
      page = p;
      senders.register(1, [origin]);
      // The preload's stand-in: same surface, forwarding to the real router as webContents 1.
      await p.exposeFunction('__hearthInvoke', (channel: string, params: unknown) => router.handle(channel, params, { webContentsId: 1, frameUrl: p.url(), isMainFrame: true }));
      await p.addInitScript(() => {
        const listeners = new Map<string, Set<(p: unknown) => void>>();
        const w = window as unknown as Record<string, unknown>;
        w['__hearthEmit'] = (e: string, payload: unknown) => listeners.get(e)?.forEach((l) => l(payload));
        w['hearth'] = Object.freeze({
          isElectron: true,
          invoke: (c: string, params: unknown) => (w['__hearthInvoke'] as (c: string, p: unknown) => Promise<unknown>)(c, params ?? null),
          on: (e: string, l: (p: unknown) => void) => {
            if (!listeners.has(e)) listeners.set(e, new Set());
            listeners.get(e)!.add(l);
            return () => listeners.get(e)?.delete(l);
          },
        });
      });
    },
    async stop() {
      await controller.shutdown();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

describe('desktop pages in Chromium with the real core', { skip }, () => {
  let server: Server;
  let origin = '';
  let browser: Browser;
  const rendererDir = join(root, 'dist', 'renderer');
  let home: ReturnType<typeof machine>;
  let laptop: ReturnType<typeof machine>;
  let gatewayUrl = '';

  before(async () => {
    assert.ok(existsSync(join(rendererDir, 'desktop.html')), 'build the renderer first (npm run build)');
    // The same file mapping as the hearth://app handler, over http for the test browser.
    server = createServer((req, res) => {
      const r = resolvePageRequest(`hearth://app${(req.url ?? '/').split('?')[0]}`);
      if (r.kind === 'not-found') res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': r.contentType }).end(readFileSync(join(rendererDir, r.path)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    home = machine('home-pc', () => []);
    laptop = machine('laptop', () => [{ name: 'Hearth on home-pc', url: gatewayUrl, host: '127.0.0.1', port: Number(new URL(gatewayUrl).port), hearth: true }]);
  });

  after(async () => {
    await laptop?.stop();
    await home?.stop();
    await browser?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('home PC: the wizard makes it the gateway, shows the token once and a QR for the phone', async () => {
    const page = await browser.newPage();
    await home.attach(page, origin);
    await page.goto(`${origin}/desktop.html#/wizard`);
    await page.getByText('Welcome to Hearth').waitFor();
    await page.getByRole('button', { name: 'This is the home hub' }).click();
    await page.getByText('Gateway settings').waitFor();
    await page.locator('input[type=number]').fill(String(await freePort()));
    await page.getByRole('button', { name: 'Start the gateway' }).click();
    await page.getByText('Your gateway token').waitFor({ timeout: 20_000 });
    const token = (await page.locator('.card.mono').textContent()) ?? '';
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(readConfig(home.configFile).gateway.auth.token, token, 'the token shown is the one the gateway uses');
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.deepEqual(home.copied, [token]);
    await page.getByRole('button', { name: 'I saved it' }).click();
    await page.getByText('Pair your phone').waitFor();
    assert.equal(await page.getByText(token).count(), 0, 'the token is gone once acknowledged');
    assert.match((await page.locator('img[alt="QR code for the phone"]').getAttribute('src')) ?? '', /^data:image\/svg\+xml/);
    assert.match((await page.getByText('#setup=').textContent()) ?? '', /^http:\/\/127\.0\.0\.1:\d+\/#setup=/);
    await page.getByText('listens only on this machine').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    assert.equal(home.settings.read().role, 'gateway');
    gatewayUrl = home.runtime.runningGateway!.url;
    assert.deepEqual(home.shown.at(-1), '', 'the window turns into the gateway UI');
    for (let i = 0; i < 50 && home.runtime.snapshot().node?.state !== 'connected'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(home.runtime.snapshot().node?.state, 'connected', 'the home PC is a node of its own gateway');
    await page.close();
  });

  it('laptop: finds the gateway, rejects garbage, pairs with a setup code, then shows its node page', async () => {
    const page = await browser.newPage();
    await laptop.attach(page, origin);
    await page.goto(`${origin}/desktop.html#/wizard`);
    await page.getByRole('button', { name: 'This is a node' }).click();
    await page.getByRole('button', { name: /Hearth on home-pc/ }).click();
    await page.getByText('Join the gateway').waitFor();
    await page.getByPlaceholder('Setup code from "Pair a device"').fill('not-a-code');
    await page.getByRole('button', { name: 'Pair' }).click();
    await page.getByText(/That is not a setup code/).waitFor();
    const code = home.runtime.runningGateway!.createSetupCode({ profile: 'node' }).setupCode;
    await page.getByPlaceholder('Setup code from "Pair a device"').fill(code);
    await page.getByRole('button', { name: 'Pair' }).click();
    await page.getByText('All set').waitFor({ timeout: 20_000 });
    assert.equal(laptop.settings.read().role, 'node');
    assert.equal(readConfig(laptop.configFile).node.url, gatewayUrl);
    assert.equal(laptop.shown.at(-1), 'node');

    await page.goto(`${origin}/desktop.html#/node`);
    await page.getByText('This machine is a node').waitFor();
    await page.getByText('State: connected').waitFor({ timeout: 10_000 });
    await page.getByLabel('What the gateway may run here').selectOption('allowlist');
    await page.locator('textarea').fill('/usr/bin/git\n  ls  \n');
    await page.getByRole('button', { name: 'Save' }).click();
    for (let i = 0; i < 50 && readConfig(laptop.configFile).node.exec.security !== 'allowlist'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(readConfig(laptop.configFile).node.exec, { security: 'allowlist', allowlist: ['/usr/bin/git', 'ls'] });
    await page.close();
  });

  it('settings: the role switch states what stops before anything does', async () => {
    const page = await browser.newPage();
    await home.attach(page, origin);
    await page.goto(`${origin}/desktop.html#/settings`);
    await page.getByRole('button', { name: 'Switch to node…' }).click();
    await page.getByText('Switch from Gateway (home hub) to Node?').waitFor();
    await page.getByText(/Stops the gateway at ws:\/\/127\.0\.0\.1:\d+/).waitFor();
    assert.equal(home.runtime.snapshot().gateway?.phase, 'running', 'nothing stopped before confirming');
    await page.close();
  });
});
