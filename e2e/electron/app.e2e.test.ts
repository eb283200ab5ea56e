/**
 * The real desktop app under Playwright's Electron driver: launch on a fresh state dir, go
 * through the wizard to the gateway role (over the real preload bridge and IPC), check the tray
 * menu, the window's hardening, and that the window shows this machine among the nodes.
 *
 * Runs wherever an Electron binary exists (node_modules/electron/dist, or HEARTH_ELECTRON_PATH)
 * and the app is built (`npm run build`). Otherwise every test is skipped with the reason.
 * Run: `npm run test:electron`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import type { HearthBridge, WizardView } from '../../src-shared/ipc/contract.ts';

const root = join(import.meta.dirname, '..', '..');

/** The Electron executable, without triggering electron's download-on-require. */
function electronBinary(): { path?: string; reason?: string } {
  const override = process.env['HEARTH_ELECTRON_PATH'];
  if (override) return existsSync(override) ? { path: override } : { reason: `HEARTH_ELECTRON_PATH=${override} does not exist` };
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) {
    return { reason: 'no Electron binary: node_modules/electron/path.txt is missing because electron\'s install script could not download the binary on this machine (no internet). Set HEARTH_ELECTRON_PATH=/path/to/electron to run this suite' };
  }
  const bin = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { reason: `Electron binary ${bin} is missing` };
}

function skipReason(): string | undefined {
  const e = electronBinary();
  if (!e.path) return e.reason;
  for (const f of ['dist/src-main/electron/main.js', 'dist/src-main/electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(root, f))) return `${f} is missing: run \`npm run build\` first`;
  }
  return undefined;
}

const reason = skipReason();
if (reason) console.log(`# Electron e2e suite not run: ${reason}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

type WithBridge = { hearth: HearthBridge };

describe('Hearth desktop (Electron)', { skip: reason ?? false }, () => {
  let app: ElectronApplication;
  let page: Page;
  let stateDir = '';

  before(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-electron-'));
    app = await _electron.launch({
      executablePath: electronBinary().path!,
      args: [root],
      env: { ...process.env, HEARTH_STATE_DIR: stateDir, HEARTH_E2E: '1', HEARTH_DISABLE_UPDATES: '1', HEARTH_DISABLE_BONJOUR: '1' },
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  after(async () => {
    await app?.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('first run opens the wizard window, isolated and sandboxed', async () => {
    // No Node in the page (nodeIntegration off, sandbox on); the bridge is a frozen contextBridge copy.
    const page1 = await page.evaluate(() => ({
      hasBridge: typeof (window as unknown as WithBridge).hearth?.invoke === 'function',
      frozen: Object.isFrozen((window as unknown as WithBridge).hearth),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    assert.deepEqual(page1, { hasBridge: true, frozen: true, require: 'undefined', process: 'undefined' });
    const view = await page.evaluate(() => (window as unknown as WithBridge).hearth.invoke('hearth:wizard-state', null));
    assert.equal(view.step, 'choose-role');
  });

  it('the wizard makes this machine the gateway: token shown once, QR for the phone', async () => {
    const port = await freePort();
    const send = (e: unknown) => page.evaluate((ev) => (window as unknown as WithBridge).hearth.invoke('hearth:wizard-send', ev as never), e);
    await send({ type: 'choose-role', role: 'gateway' });
    await send({ type: 'gateway-submit', port, bind: 'loopback', publicUrl: '' });
    let view: WizardView = await page.evaluate(() => (window as unknown as WithBridge).hearth.invoke('hearth:wizard-state', null));
    for (let i = 0; i < 100 && view.step !== 'gateway-token'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      view = await page.evaluate(() => (window as unknown as WithBridge).hearth.invoke('hearth:wizard-state', null));
    }
    assert.equal(view.step, 'gateway-token', JSON.stringify(view));
    assert.ok(view.step === 'gateway-token' && view.token.length === 43 && view.phone.qrSvg.startsWith('<svg'));
    view = await send({ type: 'token-acknowledged' });
    assert.equal(view.step, 'gateway-qr');
    view = await send({ type: 'finish' });
    assert.equal(view.step, 'done');
  });

  it('the tray menu shows the gateway and this machine as a node', async () => {
    let menu: string[] = [];
    for (let i = 0; i < 100; i++) {
      menu = await app.evaluate(() => (globalThis as unknown as { hearthE2E: { trayMenu(): string[] } }).hearthE2E.trayMenu());
      if (menu.includes('This machine as a node: connected')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(menu[0], 'Hearth — Gateway');
    assert.ok(menu.some((l) => l.startsWith('Gateway: ws://127.0.0.1:')), menu.join(' | '));
    assert.ok(menu.includes('This machine as a node: connected'), menu.join(' | '));
    for (const item of ['Open Hearth', 'Pair a device…', 'Copy phone URL', 'Pause the node', 'Start at login', 'Quit']) assert.ok(menu.includes(item), item);
  });

  it('the window, connected to the local gateway with a locally minted code, lists this machine', async () => {
    // After the wizard the window leaves the bundled file for the gateway's own web UI, with an
    // operator setup code in the fragment: nobody typed a token.
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\//, { timeout: 30_000 });
    await page.evaluate(() => { location.hash = '#/nodes'; });
    await page.getByText(hostname(), { exact: false }).first().waitFor({ timeout: 30_000 });
  });
});
