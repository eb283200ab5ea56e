/**
 * The phone's topology and run screen against a real gateway and five real node agents, in
 * Debian Chromium at 390×844: a node waiting for approval is drawn and approved from its run
 * screen, an offline node is greyed and dated, the gateway going away turns every state into
 * "unknown" with a banner, a run's result is brought into view, and the history pages by 20.
 * Screenshots of each screen in English and Chinese land in e2e/artifacts/phoneui-*.png.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, removeDir, setupCode, startGateway, startNode, tempDir, type Proc } from './hearth-procs.ts';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const TOKEN = 'T-e2e-phoneui-token';
const NAMES = ['alpha', 'bravo', 'charlie', 'delta'];

let port = 0;
let gwDir = '';
const dirs: string[] = [];
let gateway: Proc | undefined;
const nodes = new Map<string, Proc>();
let context: BrowserContext;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `phoneui-${name}.png`), fullPage: true });
}

/** Screenshots the current screen in English and in Chinese (then back to English). */
async function shotBoth(name: string, ready: () => Promise<void>): Promise<void> {
  await shot(`${name}-en`);
  await page.evaluate(() => localStorage.setItem('hearth.lang', 'zh-CN'));
  await page.reload();
  await ready();
  await shot(`${name}-zh`);
  await page.evaluate(() => localStorage.setItem('hearth.lang', 'en'));
  await page.reload();
  await ready();
}

async function expectNoHorizontalOverflow(): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

function addNode(name: string): void {
  const dir = tempDir(name);
  dirs.push(dir);
  nodes.set(name, startNode(port, TOKEN, dir, name));
}

const topoNode = (name: string) => page.locator('[data-testid^="topo-node-"]').filter({ hasText: name });

test.describe.serial('phone topology and run screen against a real gateway and five nodes', () => {
  test.beforeAll(async ({ browser }) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    port = await freePort();
    gwDir = tempDir('gw-phoneui');
    gateway = await startGateway(port, TOKEN, gwDir);
    for (const n of NAMES) addNode(n);
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
    for (const n of nodes.values()) await n.stop();
    await gateway?.stop();
    for (const d of [gwDir, ...dirs]) if (d) removeDir(d);
  });

  test('five nodes: four online and one waiting for approval, drawn and counted', async () => {
    await page.goto(`http://hearth-home.test:${port}/#setup=${setupCode(port, TOKEN)}`);
    await expect(page.getByTestId('screen-overview')).toBeVisible();
    // Each new node is drawn as waiting, and approved from the row under the diagram.
    for (const n of NAMES) {
      await expect(async () => {
        if ((await topoNode(n).getAttribute('data-state', { timeout: 1_000 })) === 'ok') return;
        const row = page.getByTestId('topo-approve-row').filter({ hasText: n });
        const approve = row.getByRole('button', { name: 'Approve' });
        if (await approve.isEnabled({ timeout: 500 }).catch(() => false)) await approve.click({ timeout: 2_000 }).catch(() => {});
        await expect(topoNode(n)).toHaveAttribute('data-state', 'ok', { timeout: 3_000 });
      }).toPass({ timeout: 45_000 });
    }
    // New loopback nodes now wait for a person: the fifth one asks and waits.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('auto-approve').uncheck();
    await expect(page.getByTestId('auto-approve')).not.toBeChecked();
    addNode('echo');
    await page.getByTestId('nav-overview').click();
    await expect(topoNode('echo')).toHaveAttribute('data-state', 'pending', { timeout: 30_000 });
    await expect(page.locator('[data-testid^="topo-node-"]')).toHaveCount(5);
    await expect(page.getByTestId('topo-gateway')).toContainText('4/5 online · 1 waiting');
    await expect(page.getByTestId('topo-approve-row').filter({ hasText: 'echo' }).getByRole('button', { name: 'Approve' })).toBeVisible();
    await expectNoHorizontalOverflow();
    await shotBoth('overview-5-nodes', async () => {
      await expect(topoNode('echo')).toHaveAttribute('data-state', 'pending');
    });
  });

  test('the waiting node is approved from its run screen, then runs a command whose result is brought into view', async () => {
    await topoNode('echo').click();
    await expect(page.getByTestId('screen-node')).toBeVisible();
    const blocked = page.getByTestId('run-blocked');
    await expect(blocked).toHaveAttribute('data-reason', 'awaiting-approval');
    await expect(page.getByTestId('run-submit')).toHaveCount(0);
    await shotBoth('node-awaiting-approval', async () => {
      await expect(page.getByTestId('run-approve')).toBeVisible();
    });
    // One approval admits it; a gateway that still asks for the commands separately gets the
    // second one from the same button (the page follows the node through both requests).
    await expect(async () => {
      const approve = page.getByTestId('run-approve');
      if (await approve.isEnabled({ timeout: 500 }).catch(() => false)) await approve.click({ timeout: 2_000 }).catch(() => {});
      await expect(page.getByTestId('run-submit')).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 45_000 });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('auto-approve').check();
    await topoNodeBack('echo');
    await page.getByTestId('run-command').fill('sh -c \'for i in 1 2 3; do echo "line $i"; done\'');
    await page.getByTestId('run-submit').click();
    const result = page.getByTestId('run-result').first();
    await expect(result.getByTestId('exit-code')).toHaveText('exit 0');
    await expect(result.getByTestId('stdout')).toContainText('line 3');
    await expect(result).toBeInViewport();
    await expectNoHorizontalOverflow();
    await shot('node-run-result-en');
  });

  test('history pages by 20 with Older and Newer', async () => {
    for (let i = 0; i < 21; i++) {
      await page.getByTestId('run-command').fill(`echo run-${i}`);
      await page.getByTestId('run-submit').click();
      await expect(page.getByTestId('run-result').first().getByTestId('stdout')).toContainText(`run-${i}`);
    }
    const history = page.getByTestId('history');
    await expect(history.getByTestId('history-item')).toHaveCount(20);
    await expect(history.getByTestId('history-item').first()).toContainText('echo run-20');
    await expect(page.getByTestId('history-newer')).toBeDisabled();
    await page.getByTestId('history-older').click();
    await expect(page.getByTestId('history-page')).toHaveText('Page 2 · 20 per page');
    // 22 runs from here (plus the gateway's own model-inventory calls): page 2 holds the oldest.
    await expect(history.getByTestId('history-item').first()).toContainText('echo run-0');
    await expect(history.getByTestId('history-item').filter({ hasText: 'line $i' })).toHaveCount(1);
    expect(await history.getByTestId('history-item').count()).toBeLessThanOrEqual(20);
    await expect(page.getByTestId('history-older')).toBeDisabled();
    await page.getByTestId('history-pager').scrollIntoViewIfNeeded();
    await shotBoth('node-history-page2', async () => {
      await expect(page.getByTestId('history')).toBeVisible();
    });
    // The reload showed the newest page again; Older/Newer walk it.
    await page.getByTestId('history-older').click();
    await expect(page.getByTestId('history-page')).toHaveText('Page 2 · 20 per page');
    await page.getByTestId('history-newer').click();
    await expect(page.getByTestId('history-page')).toHaveText('Page 1 · 20 per page');
  });

  test('an offline node is greyed with when it was last seen, and cannot run', async () => {
    await nodes.get('delta')!.stop();
    await page.getByTestId('nav-overview').click();
    await expect(topoNode('delta')).toHaveAttribute('data-state', 'off', { timeout: 30_000 });
    await expect(topoNode('delta')).toContainText('offline');
    await expect(topoNode('delta')).not.toContainText('load');
    await shot('overview-offline-en');
    await page.getByTestId('nav-nodes').click();
    const card = page.getByTestId('node-card').filter({ hasText: 'delta' });
    await expect(card.getByTestId('node-stats')).toHaveAttribute('data-live', 'false');
    await expect(card.getByTestId('stats-stale')).toContainText('Offline: last values it reported');
    // The card offers no Run for a machine that cannot run; it reported its network card, so Wake.
    await expect(card.getByRole('link', { name: 'Run a command' })).toHaveCount(0);
    await expect(card.getByTestId('node-card-open')).toHaveText('Details');
    await expect(card.getByRole('button', { name: 'Wake' })).toBeVisible();
    await card.getByRole('link').first().click();
    await expect(page.getByTestId('run-blocked')).toHaveAttribute('data-reason', 'offline');
    await shotBoth('node-offline', async () => {
      await expect(page.getByTestId('run-blocked')).toBeVisible();
    });
  });

  test('while the gateway is unreachable the overview says so and every node is unknown', async () => {
    await page.getByTestId('nav-overview').click();
    await expect(page.getByTestId('count-online')).toContainText('4');
    await gateway!.stop();
    await expect(page.getByTestId('gateway-unreachable')).toContainText('Gateway unreachable — reconnecting…');
    await expect(page.getByTestId('count-online')).toHaveText('?/5');
    await expect(page.getByTestId('topo-gateway')).toHaveAttribute('data-state', 'err');
    for (const n of [...NAMES, 'echo']) await expect(topoNode(n)).toHaveAttribute('data-state', 'unknown');
    await shot('overview-unreachable-en');
    // Switch language in the page (a reload could not reach the gateway at all).
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('nav-overview').click();
    await expect(page.getByTestId('gateway-unreachable')).toContainText('无法连接网关');
    await shot('overview-unreachable-zh');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('nav-overview').click();
    gateway = await startGateway(port, TOKEN, gwDir);
    await expect(page.getByTestId('gateway-unreachable')).toHaveCount(0, { timeout: 30_000 });
    await expect(topoNode('alpha')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  });
});

/** Back to a node's page through the topology (the way a phone user goes). */
async function topoNodeBack(name: string): Promise<void> {
  await page.getByTestId('nav-overview').click();
  await topoNode(name).click();
  await expect(page.getByTestId('screen-node')).toBeVisible();
}
