/**
 * The phone's view of Hearth, end to end: a real gateway and real node agents, Debian Chromium
 * on a phone viewport under a non-local host name (not a secure context). Signs in with a
 * `#setup=` link only, approves a node, runs `uname -a`, rejects a second node, switches to
 * Chinese, survives a reload and a gateway restart. Screenshots land in e2e/artifacts/.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, removeDir, setupCode, startGateway, startNode, tempDir, type Proc } from './hearth-procs.ts';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const TOKEN = 'T-e2e-webui-token';
const PHONE = { width: 390, height: 844 };

let port = 0;
let gwDir = '';
const nodeDirs: string[] = [];
let gateway: Proc | undefined;
const nodes: Proc[] = [];
let context: BrowserContext;
let page: Page;

async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Asserts the page does not scroll sideways (phone layouts must fit 390 px). */
async function expectNoHorizontalOverflow(p: Page): Promise<void> {
  const { scroll, client } = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

/** A link of the main navigation (not the in-page "← Nodes" back link). */
function nav(p: Page, route: 'overview' | 'nodes' | 'pair' | 'settings') {
  return p.getByTestId(`nav-${route}`);
}

async function newPhoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
}

test.describe.serial('web UI on a phone against a real gateway', () => {
  test.beforeAll(async ({ browser }) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    port = await freePort();
    gwDir = tempDir('gw');
    gateway = await startGateway(port, TOKEN, gwDir);
    const dir = tempDir('laptop');
    nodeDirs.push(dir);
    nodes.push(startNode(port, TOKEN, dir, 'laptop'));
    context = await newPhoneContext(browser);
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
    for (const n of nodes) await n.stop();
    await gateway?.stop();
    for (const d of [gwDir, ...nodeDirs]) if (d) removeDir(d);
  });

  test('signs in with a #setup= link on an insecure origin and shows the overview', async () => {
    const code = setupCode(port, TOKEN);
    const t0 = Date.now();
    await page.goto(`http://hearth-home.test:${port}/#setup=${code}`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await expect(page.getByTestId('screen-overview')).toBeVisible();
    await expect(page.getByTestId('topology')).toBeVisible();
    await expect(page.locator('[data-testid^="topo-node-"]')).toHaveCount(1);
    test.info().annotations.push({ type: 'navigation → overview with nodes (ms)', description: String(Date.now() - t0) });
    // The single-use code is gone from the address bar.
    expect(page.url()).not.toContain('setup=');
    // A device token was kept for next time.
    expect(await page.evaluate(() => localStorage.getItem('hearth.deviceToken.v1'))).toBeTruthy();
    await expect(page.getByRole('navigation')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await shot(page, '01-overview-phone');
  });

  test('approves the pending node and runs uname -a on it', async () => {
    await nav(page, 'nodes').click();
    await expect(page.getByTestId('screen-nodes')).toBeVisible();
    const request = page.getByTestId('pending-request').filter({ hasText: 'laptop' });
    await expect(request).toBeVisible();
    await expect(request.getByRole('button', { name: 'Approve' })).toBeInViewport();
    await expectNoHorizontalOverflow(page);
    await shot(page, '02-nodes-pending-phone');
    await request.getByRole('button', { name: 'Approve' }).click();
    await expect(request).toHaveCount(0);
    const card = page.getByTestId('node-card').filter({ hasText: 'laptop' });
    await expect(card.getByText('online')).toBeVisible();
    await shot(page, '03-nodes-approved-phone');

    await card.getByRole('link', { name: 'Run a command' }).click();
    await expect(page.getByTestId('screen-node')).toBeVisible();
    await page.getByTestId('run-command').fill('uname -a');
    await expect(page.getByTestId('run-submit')).toBeInViewport();
    await page.getByTestId('run-submit').click();
    await expect(page.getByTestId('stdout').first()).toContainText('Linux');
    await expect(page.getByTestId('exit-code').first()).toHaveText('exit 0');
    await expectNoHorizontalOverflow(page);
    await shot(page, '04-node-run-phone');
  });

  test('live output appears line by line while the command runs, and Cancel stops it on the node', async () => {
    await expect(page.getByTestId('screen-node')).toBeVisible();
    await page.getByTestId('run-command').fill('sh -c \'echo "pid $$"; for i in $(seq 1 60); do echo "line $i"; sleep 0.25; done\'');
    await page.getByTestId('run-submit').click();
    const run = page.getByTestId('run-result').first();
    const out = run.getByTestId('stdout');
    await expect(out).toContainText('line 1');
    await expect(run.getByTestId('run-live')).toBeVisible();
    expect(await out.textContent()).not.toContain('line 30');
    await expect(out).toContainText('line 3');
    // Still live: more lines keep arriving one by one.
    await expect(run.getByTestId('run-live')).toBeVisible();
    // Past the box's height the newest line stays in sight (the box follows its tail)...
    await expect(out).toContainText('line 22');
    const belowEnd = () => out.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    expect(await out.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await expect.poll(belowEnd).toBeLessThan(8);
    // ...unless the reader scrolled up to read: then it stays put while lines arrive.
    await out.evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
    await expect(out).toContainText('line 26');
    expect(await out.evaluate((el) => el.scrollTop)).toBe(0);
    const pid = Number(/pid (\d+)/.exec((await out.textContent()) ?? '')?.[1]);
    expect(pid).toBeGreaterThan(0);
    await expectNoHorizontalOverflow(page);
    await shot(page, '04b-node-run-live-phone');
    await run.getByTestId('run-cancel').click();
    await expect(run.getByTestId('run-cancelled')).toBeVisible();
    const after = (await out.textContent()) ?? '';
    expect(after).not.toContain('line 60');
    let alive = true;
    try { process.kill(pid, 0); } catch { alive = false; }
    expect(alive, 'the remote shell is gone').toBe(false);
    await page.waitForTimeout(600);
    expect(await out.textContent()).toBe(after);
    await expect(page.getByTestId('run-submit')).toBeEnabled();
    await shot(page, '04c-node-run-cancelled-phone');
  });

  test('rejects a second node', async () => {
    const dir = tempDir('desktop');
    nodeDirs.push(dir);
    nodes.push(startNode(port, TOKEN, dir, 'desktop'));
    await nav(page, 'nodes').click();
    const request = page.getByTestId('pending-request').filter({ hasText: 'desktop' });
    await expect(request).toBeVisible();
    await expect(page.getByTestId('pending-badge')).toHaveText('1');
    await request.getByRole('button', { name: 'Reject' }).click();
    await expect(request).toHaveCount(0);
    await expect(page.getByTestId('pending-badge')).toHaveCount(0);
    await shot(page, '05-nodes-after-reject-phone');
  });

  test('with loopback auto-approval off, one approval admits a new node with the commands it may run', async () => {
    await nav(page, 'settings').click();
    const toggle = page.getByTestId('auto-approve');
    await expect(toggle).toBeChecked();
    await toggle.uncheck();
    await expect(toggle).not.toBeChecked();
    const dir = tempDir('nas');
    nodeDirs.push(dir);
    nodes.push(startNode(port, TOKEN, dir, 'nas'));
    await nav(page, 'nodes').click();
    const deviceReq = page.getByTestId('pending-request').filter({ hasText: 'nas' }).filter({ hasText: 'New node' });
    await expect(deviceReq).toBeVisible();
    await expect(deviceReq.getByText('May run', { exact: true })).toBeVisible();
    await expect(deviceReq.getByTestId('pending-commands')).toContainText('system.run');
    await expect(deviceReq.getByText('Approving admits it with exactly these commands; new ones later are asked again.')).toBeVisible();
    await expect(deviceReq).not.toContainText(/surface|silent|bootstrap/i);
    await shot(page, '05b-nodes-device-request-phone');
    await deviceReq.getByRole('button', { name: 'Approve' }).click();
    // The agent keeps retrying and gets in with those commands: no second request.
    await expect(page.getByTestId('node-card').filter({ hasText: 'nas' }).getByText('online')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('pending-request').filter({ hasText: 'nas' })).toHaveCount(0);
    await nav(page, 'settings').click();
    await page.getByTestId('auto-approve').check();
    await expect(page.getByTestId('auto-approve')).toBeChecked();
  });

  test('shows QR codes for pairing a phone and a node', async () => {
    await nav(page, 'pair').click();
    await expect(page.getByTestId('qr')).toBeVisible();
    await expect(page.getByTestId('setup-link')).toContainText('#setup=');
    await expect(page.getByTestId('countdown')).toContainText(/Expires in (9|10):/);
    await expectNoHorizontalOverflow(page);
    await shot(page, '06-pair-phone');
    await page.getByRole('tab', { name: 'Node' }).click();
    await expect(page.getByTestId('setup-code')).not.toBeEmpty();
    await expect(page.getByTestId('qr')).toBeVisible();
    await shot(page, '07-pair-node');
  });

  test('settings: switches to Chinese, and stays signed in across a reload', async () => {
    await nav(page, 'settings').click();
    await expect(page.getByTestId('devices')).toBeVisible();
    await expect(page.getByTestId('device-row').first()).toBeVisible();
    await shot(page, '08-settings-phone');
    await page.getByTestId('lang-zh-CN').click();
    await expect(page.getByRole('heading', { name: '设置', level: 1 })).toBeVisible();
    await expect(nav(page, 'nodes')).toContainText('节点');
    await shot(page, '09-settings-zh');
    await page.reload();
    await expect(page.getByRole('heading', { name: '设置', level: 1 })).toBeVisible();
    await expect(page.getByTestId('login')).toHaveCount(0);
    await nav(page, 'overview').click();
    await expect(page.getByTestId('count-online')).toContainText('3');
    await shot(page, '10-overview-zh');
  });

  test('shows reconnecting when the gateway stops and recovers when it returns', async () => {
    await gateway!.stop();
    await expect(page.getByTestId('reconnecting')).toBeVisible();
    await expect(page.getByTestId('link-state')).toContainText('离线');
    await shot(page, '11-reconnecting-zh');
    gateway = await startGateway(port, TOKEN, gwDir);
    await expect(page.getByTestId('reconnecting')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('link-state')).toContainText('已连接');
    await expect(page.getByTestId('topology')).toBeVisible();
  });

  test('desktop layout at 1280×800', async () => {
    await page.evaluate(() => localStorage.setItem('hearth.lang', 'en'));
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`http://hearth-home.test:${port}/#/`);
    await page.reload();
    await expect(page.getByTestId('screen-overview')).toBeVisible();
    await expect(page.locator('[data-testid^="topo-node-"]')).toHaveCount(3);
    await expectNoHorizontalOverflow(page);
    await shot(page, '12-overview-desktop');
    await page.goto(`http://hearth-home.test:${port}/#/nodes`);
    await expect(page.getByTestId('node-card').first()).toBeVisible();
    await shot(page, '13-nodes-desktop');
    await page.getByTestId('node-card').filter({ hasText: 'laptop' }).getByRole('link', { name: 'Run a command' }).click();
    await expect(page.getByTestId('history')).toContainText('uname');
    await shot(page, '14-node-desktop');
  });

  test('a used setup code is refused in plain words, with the token as the other way in', async ({ browser }) => {
    const code = setupCode(port, TOKEN);
    const first = await newPhoneContext(browser);
    const p1 = await first.newPage();
    await p1.goto(`http://hearth-home.test:${port}/#setup=${code}`);
    await expect(p1.getByTestId('screen-overview')).toBeVisible();
    await first.close();
    const second = await newPhoneContext(browser);
    const p2 = await second.newPage();
    await p2.goto(`http://hearth-home.test:${port}/#setup=${code}`);
    await expect(p2.getByTestId('login-notice')).toContainText('not valid any more');
    await expect(p2.getByTestId('token-input')).toBeVisible();
    await shot(p2, '15-login-code-refused');
    // The gateway token works as the other way in; a remote-looking browser then waits for approval.
    await p2.getByTestId('token-input').fill('wrong-token');
    await p2.getByRole('button', { name: 'Sign in with the token' }).click();
    await expect(p2.getByTestId('login-notice')).toContainText('token is wrong');
    await second.close();
  });
});
