/**
 * Every screen of the desktop shell's React page (dist/renderer/desktop.html) at 390×844 in
 * English and Chinese, with a stand-in bridge feeding the views main would send: each must fit
 * the width (no sideways scroll), show its heading in the right language, and is saved as a
 * screenshot in e2e/artifacts/desktop-<lang>-<screen>.png for people to look at.
 * Needs Debian's Chromium (/usr/bin/chromium or HEARTH_CHROMIUM); skipped with the reason otherwise.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { NodeStatusView, RoleSwitchPlanView, WizardView } from '../../src-shared/ipc/contract.ts';
import { resolvePageRequest } from '../../src-main/electron/pages/page-routes.ts';

const root = join(import.meta.dirname, '..', '..');
const artifacts = join(root, 'e2e', 'artifacts');
const chromiumPath = process.env['HEARTH_CHROMIUM'] ?? '/usr/bin/chromium';
const skip = existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath} (set HEARTH_CHROMIUM)`;

const qrSvg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#fff"/><rect x="1" y="1" width="3" height="3"/><rect x="6" y="1" width="3" height="3"/><rect x="1" y="6" width="3" height="3"/></svg>';
const phone = { phoneUrl: 'http://192.168.1.20:18789/#setup=eyJ1cmwiOiJ3czovLzE5Mi4xNjguMS4yMDoxODc4OSJ9', qrSvg, expiresAtMs: Date.now() + 600_000, warning: 'The gateway listens only on this machine: the phone cannot reach it until it listens on the LAN or the tailnet.' };
const failure = { reason: 'unreachable' as const, title: 'Cannot reach the gateway', message: 'Nothing answered at that address.', nextStep: 'Check that Hearth runs on the home PC, then press Retry.', detail: 'connect ECONNREFUSED 192.168.1.20:18789' };
const WIZARD: Record<string, WizardView> = {
  'choose-role': { step: 'choose-role' },
  'gateway-options': { step: 'gateway-options', port: 18789, bind: 'loopback', publicUrl: '', error: 'Port must be between 1 and 65535.' },
  'gateway-failed': { step: 'gateway-failed', failure: { ...failure, reason: 'port-in-use', title: 'That port is already in use', message: 'Another program listens on this port.', nextStep: 'Choose another port.' }, port: 18789, bind: 'loopback', publicUrl: '' },
  'gateway-token': { step: 'gateway-token', gatewayUrl: 'ws://127.0.0.1:18789', token: 'q9X3bV7kLm2Pz8RtY4wN6cJ1hF5sD0aGeUiOoKpQrSx', copied: false, phone },
  'gateway-qr': { step: 'gateway-qr', gatewayUrl: 'ws://127.0.0.1:18789', phone },
  'node-find': { step: 'node-find', discovered: [{ name: 'Hearth on home-pc', url: 'ws://192.168.1.20:18789', host: '192.168.1.20', port: 18789, hearth: true }], scanning: true, input: '' },
  'node-pair': { step: 'node-pair', gatewayUrl: 'ws://192.168.1.20:18789', code: '', error: 'That is not a setup code.' },
  'node-waiting-approval': { step: 'node-waiting-approval', gatewayUrl: 'ws://192.168.1.20:18789', via: 'approval', code: '', fingerprint: '778C-0B5C-9E0A', deviceId: 'd'.repeat(64), message: 'Pairing request 3f2a… is waiting.' },
  'node-failed': { step: 'node-failed', gatewayUrl: 'ws://192.168.1.20:18789', via: 'code', code: 'x', failure },
  done: { step: 'done', role: 'node', summary: 'This machine is now a node of ws://192.168.1.20:18789.' },
};
const NODE: NodeStatusView = {
  state: 'connected', gatewayUrl: 'ws://192.168.1.20:18789', deviceId: 'd'.repeat(64), fingerprint: '778C-0B5C-9E0A', message: 'Connected to ws://192.168.1.20:18789.',
  exec: { security: 'allowlist', allowlist: ['/usr/bin/git', '/usr/bin/uname'] },
  recentRuns: [
    { command: 'uname -a', startedAtMs: Date.now() - 60_000, durationMs: 12, exitCode: 0 },
    { command: 'rm -rf /tmp/x', startedAtMs: Date.now() - 120_000, note: 'refused by the exec policy (allowlist)' },
  ],
};
const PLAN: RoleSwitchPlanView = { from: 'gateway', to: 'node', title: 'Switch from Gateway (home hub) to Node?', message: 'The phone and the other machines lose their hub until another machine is the gateway.', detail: ['Stops the gateway at ws://127.0.0.1:18789', 'Stops this machine\'s own node agent'], confirmLabel: 'Switch to node', needed: true };
const HEADINGS: Record<string, [string, string]> = {
  'choose-role': ['Welcome to Hearth', '欢迎使用 Hearth'], 'gateway-options': ['Gateway settings', '网关设置'], 'gateway-failed': ['That port is already in use', '端口已被占用'],
  'gateway-token': ['Your gateway token', '你的网关令牌'], 'gateway-qr': ['Pair your phone', '配对手机'], 'node-find': ['Find your gateway', '查找你的网关'],
  'node-pair': ['Join the gateway', '加入网关'], 'node-waiting-approval': ['Waiting for approval', '等待批准'], 'node-failed': ['Cannot reach the gateway', '无法连接网关'],
  done: ['All set', '设置完成'], node: ['This machine is a node', '这台机器是节点'], settings: ['Settings', '设置'],
};

describe('desktop shell screens at 390×844 in English and Chinese', { skip }, () => {
  let server: Server;
  let origin = '';
  let browser: Browser;
  before(async () => {
    const dir = join(root, 'dist', 'renderer');
    assert.ok(existsSync(join(dir, 'desktop.html')), 'build the renderer first (npm run build)');
    mkdirSync(artifacts, { recursive: true });
    server = createServer((req, res) => {
      const r = resolvePageRequest(`hearth://app${(req.url ?? '/').split('?')[0]}`);
      if (r.kind === 'not-found') res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': r.contentType }).end(readFileSync(join(dir, r.path)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  for (const [lang, col] of [['en', 0], ['zh-CN', 1]] as const) {
    it(`every screen fits the phone width and speaks ${lang}`, async () => {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      const page = await ctx.newPage();
      await page.addInitScript(([l, data]) => {
        localStorage.setItem('hearth.lang', l);
        const w = window as unknown as Record<string, unknown>;
        const d = data as { node: unknown; plan: unknown };
        // The view survives the reload that shows it (the init script runs again on every load).
        w['__view'] = JSON.parse(sessionStorage.getItem('hearth.test.view') ?? '{"step":"choose-role"}');
        const answers: Record<string, () => unknown> = {
          'hearth:wizard-state': () => w['__view'], 'hearth:wizard-send': () => w['__view'], 'hearth:node-status': () => d.node,
          'hearth:bootstrap': () => ({ role: 'gateway', platform: 'linux', version: '0.1.0' }), 'hearth:prefs-get': () => ({ launchAtLogin: true, updateChannel: 'stable' }),
          'hearth:role-switch-plan': () => d.plan,
        };
        w['hearth'] = { isElectron: true, invoke: async (c: string) => answers[c]?.() ?? null, on: () => () => {} };
      }, [lang, { node: NODE, plan: PLAN }] as const);
      const screens = [...Object.keys(WIZARD), 'node', 'settings'];
      for (const name of screens) {
        const view = WIZARD[name];
        const route = view ? 'wizard' : name;
        await page.goto(`${origin}/desktop.html#/${route}`);
        if (view) {
          await page.evaluate((v) => sessionStorage.setItem('hearth.test.view', JSON.stringify(v)), view);
          await page.reload();
        }
        if (name === 'settings') await page.getByRole('button', { name: lang === 'en' ? 'Switch to node…' : '切换为节点…' }).click();
        await page.getByRole('heading', { name: HEADINGS[name]![col], exact: true }).first().waitFor({ timeout: 10_000 });
        const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(scroll <= client, `${name} (${lang}) scrolls sideways: ${scroll} > ${client}`);
        await page.screenshot({ path: join(artifacts, `desktop-${lang}-${name}.png`), fullPage: true });
      }
      await ctx.close();
    });
  }
});
