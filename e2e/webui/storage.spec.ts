/**
 * The Storage screen on a phone against a real gateway: mounts of several states as cards (state,
 * usage bar, usage over time with a range switch, forecast), adding one through the form (with
 * the gateway's refusal shown), the topology's storage box with the worst state, English and
 * Chinese. With root, real mounts (a tmpfs partly filled, a read-only bind); without, plain paths.
 * A week of hourly samples is written into the gateway's history tables while it is stopped so
 * that the chart and the forecast have something to show. Screenshots land in e2e/artifacts/.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStorageStore } from '../../src-main/core/storage/storage-store.ts';
import { freePort, removeDir, setupCode, startGateway, tempDir, type Proc } from './hearth-procs.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(HERE, '..', 'artifacts');
const BIN = join(HERE, '..', '..', 'bin', 'hearth.js');
const TOKEN = 'T-e2e-storage-token';
const root = process.platform === 'linux' && process.getuid?.() === 0;

let port = 0;
let gwDir = '';
let mntDir = '';
const mounted: string[] = [];
let gateway: Proc | undefined;
let context: BrowserContext;
let page: Page;

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args, '--url', `ws://127.0.0.1:${port}`, '--token', TOKEN], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hearth ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function sh(cmd: string, ...args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test.describe.serial('storage screen on a phone', () => {
  test.beforeAll(async ({ browser }) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    port = await freePort();
    gwDir = tempDir('gw-storage');
    mntDir = tempDir('mnt');
    const media = join(mntDir, 'media');
    const photos = join(mntDir, 'photos');
    mkdirSync(media);
    mkdirSync(photos);
    if (root) {
      sh('mount', '-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', media);
      mounted.push(media);
      writeFileSync(join(media, 'films.bin'), Buffer.alloc(40 * 2 ** 20));
      sh('mount', '--bind', media, photos);
      mounted.push(photos);
      sh('mount', '-o', 'remount,bind,ro', photos);
    }
    // The page is opened under a test host name, which the gateway must be told it answers to.
    writeFileSync(join(gwDir, 'hearth.json'), JSON.stringify({ gateway: { allowedHosts: ['hearth-home.test'] } }), { mode: 0o600 });
    gateway = await startGateway(port, TOKEN, gwDir);
    cli('storage', 'add', media, '--name', 'media');
    cli('storage', 'add', photos, '--name', 'photos');
    cli('storage', 'add', join(mntDir, 'backup'), '--name', 'backup', '--kind', 'nfs');
    await gateway.stop();
    // A week of history for "media", rising about 1.5 % a day, as the 60 s probes would have left it.
    const db = new Database(join(gwDir, 'hearth.sqlite'));
    const store = createStorageStore(db);
    const id = store.list().find((m) => m.name === 'media')!.id;
    const total = 64 * 2 ** 20;
    const now = Date.now();
    for (let t = now - 7 * 86_400_000; t < now - 60_000; t += 30 * 60_000) {
      const pct = 52 + ((t - (now - 7 * 86_400_000)) / 86_400_000) * 1.5 + Math.sin(t / 3_600_000) * 0.4;
      store.addSample(id, t, Math.round((pct / 100) * total), total, Math.round(pct * 10) / 10, 'ok');
    }
    db.close();
    gateway = await startGateway(port, TOKEN, gwDir);
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
    await gateway?.stop();
    for (const m of mounted.reverse()) spawnSync('umount', ['-l', m]);
    for (const d of [gwDir, mntDir]) if (d) removeDir(d);
  });

  test('cards show state, usage, chart and forecast; the topology box shows the worst state', async () => {
    await page.goto(`http://hearth-home.test:${port}/#setup=${setupCode(port, TOKEN)}`);
    await expect(page.getByTestId('screen-overview')).toBeVisible();
    await expect(page.getByTestId('topo-storage')).toBeVisible();
    // The worst state: of ok, read-only and missing (root), or of not-mounted and missing (plain directories).
    await expect(page.getByTestId('topo-storage')).toContainText(root ? 'Missing' : 'Not mounted');
    await shot(page, 'storage-01-overview-en');

    await page.getByTestId('nav-storage').click();
    await expect(page.getByTestId('storage-card')).toHaveCount(3);
    const media = page.locator('[data-testid="storage-card"][data-name="media"]');
    if (root) {
      await expect(media.getByTestId('storage-state')).toHaveAttribute('data-state', 'ok');
      await expect(media.getByTestId('storage-forecast')).toContainText(/Full in about \d+ days/);
      await expect(page.locator('[data-testid="storage-card"][data-name="photos"]').getByTestId('storage-state')).toHaveAttribute('data-state', 'read-only');
    }
    await expect(page.locator('[data-testid="storage-card"][data-name="backup"]').getByTestId('storage-error')).toContainText('does not exist');
    await media.getByRole('button', { name: '7 d' }).click();
    await expect(media.getByTestId('usage-chart').locator('polyline')).toHaveCount(1);
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
    await shot(page, 'storage-02-screen-en');
  });

  test('the form adds a mount and shows the gateway refusing a bad one', async () => {
    await page.getByTestId('storage-add').click();
    await page.getByTestId('storage-form-path').fill('relative/path');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('storage-form-error')).toContainText('not absolute');
    await shot(page, 'storage-03-form-error-en');
    await page.getByTestId('storage-form-path').fill(join(mntDir, 'media', 'sub'));
    await page.getByTestId('storage-form-name').fill('media-sub');
    await page.getByTestId('storage-form-kind').selectOption('any');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('storage-form')).toHaveCount(0);
    await expect(page.getByTestId('storage-card')).toHaveCount(4);
    // Edit: thresholds must be ordered.
    const card = page.locator('[data-testid="storage-card"][data-name="media-sub"]');
    await card.getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('storage-form-warn').fill('95');
    await expect(page.getByTestId('storage-form')).toContainText('must be below');
    await page.getByTestId('storage-form-warn').fill('70');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('storage-form')).toHaveCount(0);
    const listed = JSON.parse(cli('storage', 'list', '--json')) as { mounts: { name: string; warn: number }[] };
    expect(listed.mounts.find((m) => m.name === 'media-sub')?.warn).toBe(70);
    // A taken name: the gateway's refusal, worded for the form (its name field, not --name).
    await page.getByTestId('storage-add').click();
    await page.getByTestId('storage-form-path').fill(join(mntDir, 'media', 'other'));
    await page.getByTestId('storage-form-name').fill('media-sub');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('storage-form-error')).toHaveText('A storage named "media-sub" exists already; pick another name');
    await page.getByRole('button', { name: 'Cancel' }).click();
    page.once('dialog', (d) => void d.accept());
    await card.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByTestId('storage-card')).toHaveCount(3);
  });

  test('Chinese', async () => {
    await page.evaluate(() => localStorage.setItem('hearth.lang', 'zh-CN'));
    await page.reload();
    await expect(page.getByTestId('screen-storage')).toBeVisible();
    await expect(page.getByRole('heading', { name: '存储' })).toBeVisible();
    await expect(page.getByTestId('storage-card')).toHaveCount(3);
    if (root) await expect(page.locator('[data-testid="storage-card"][data-name="photos"]').getByTestId('storage-state')).toHaveText('只读');
    await shot(page, 'storage-04-screen-zh');
    await page.getByTestId('storage-add').click();
    await shot(page, 'storage-05-form-zh');
    await page.getByTestId('nav-overview').click();
    await expect(page.getByTestId('topo-storage')).toContainText('存储');
    await shot(page, 'storage-06-overview-zh');
    await page.evaluate(() => localStorage.setItem('hearth.lang', 'en'));
  });
});
