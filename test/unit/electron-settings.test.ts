import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeSetupCode, encodeSetupCode } from '../../src-shared/protocol/setup-code.ts';
import { defaultDesktopSettings, desktopSettingsPath, jsonSettingsStore, parseDesktopSettings } from '../../src-main/electron/settings/desktop-settings.ts';
import { originOf } from '../../src-main/electron/ipc/sender-check.ts';
import { PAGE_CSP, resolvePageRequest } from '../../src-main/electron/pages/page-routes.ts';
import { controlWindowOptions, controlWindowTarget, dockVisibility, needsNavigation } from '../../src-main/electron/window/window-options.ts';
import { buildPhonePairing, phoneBaseUrl, phoneLink } from '../../src-main/electron/roles/phone-pairing.ts';

describe('desktop settings', () => {
  it('round-trips through a 0600 JSON file and starts with no role', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-settings-'));
    try {
      const store = jsonSettingsStore(desktopSettingsPath(dir));
      assert.deepEqual(store.read(), defaultDesktopSettings());
      assert.equal(store.read().role, null, 'no role = first run');
      store.write({ ...defaultDesktopSettings(), role: 'gateway', updateChannel: 'beta', launchAtLogin: true });
      assert.equal(store.read().role, 'gateway');
      assert.equal(store.read().updateChannel, 'beta');
      assert.equal(statSync(desktopSettingsPath(dir)).mode & 0o777, 0o600);
      writeFileSync(desktopSettingsPath(dir), '{ broken');
      assert.deepEqual(store.read(), defaultDesktopSettings(), 'a broken file means first run again, not a crash');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drops invalid fields', () => {
    assert.deepEqual(parseDesktopSettings({ role: 'root', updateChannel: 'nightly', launchAtLogin: 'y', nodePaused: true }), { ...defaultDesktopSettings(), nodePaused: true });
  });
});

describe('control window', () => {
  it('is isolated and sandboxed with no Node integration', () => {
    const o = controlWindowOptions('/app/preload.cjs', 'linux');
    assert.equal(o.webPreferences?.contextIsolation, true);
    assert.equal(o.webPreferences?.sandbox, true);
    assert.equal(o.webPreferences?.nodeIntegration, false);
    assert.equal(o.webPreferences?.nodeIntegrationInSubFrames, false);
    assert.equal(o.webPreferences?.webviewTag, false);
    assert.equal(o.webPreferences?.webSecurity, true);
    assert.equal(o.webPreferences?.preload, '/app/preload.cjs');
    assert.equal(o.show, false, 'shown when ready, no white flash');
  });

  it('gateway role loads the local web UI with a #setup= code; wizard, node and settings use the desktop pages', () => {
    const code = encodeSetupCode({ url: 'ws://127.0.0.1:18789', bootstrapToken: 'b'.repeat(43), expiresAtMs: 1 });
    const gw = controlWindowTarget({ role: 'gateway', localGatewayUrl: 'ws://127.0.0.1:18789', setupCode: code });
    assert.equal(gw.url, `http://127.0.0.1:18789/#setup=${code}`);
    assert.deepEqual(decodeSetupCode(gw.url)?.url, 'ws://127.0.0.1:18789', 'the web UI can decode the fragment');
    assert.deepEqual(gw.allowedOrigins, ['http://127.0.0.1:18789', 'hearth://app']);
    assert.equal(controlWindowTarget({ role: 'gateway', localGatewayUrl: 'ws://127.0.0.1:18789', page: 'pair' }).url, 'http://127.0.0.1:18789/#/pair');
    assert.equal(controlWindowTarget({ role: 'gateway', localGatewayUrl: 'ws://127.0.0.1:18789', page: 'settings' }).url, 'hearth://app/desktop.html#/settings');
    const node = controlWindowTarget({ role: 'node' });
    assert.deepEqual(node, { url: 'hearth://app/desktop.html#/node', allowedOrigins: ['hearth://app'] });
    assert.equal(controlWindowTarget({ role: null, page: 'wizard' }).url, 'hearth://app/desktop.html#/wizard');
    assert.equal(controlWindowTarget({ role: null }).url, 'hearth://app/desktop.html#/wizard');
    assert.equal(controlWindowTarget({ role: 'gateway' }).url, 'hearth://app/desktop.html#/settings', 'gateway not running: settings, not a dead page');
  });

  it('serves only the React desktop page and its built assets on hearth://app', () => {
    const html = { kind: 'file', path: 'desktop.html', contentType: 'text/html; charset=utf-8' };
    assert.deepEqual(resolvePageRequest('hearth://app/desktop.html'), html);
    assert.deepEqual(resolvePageRequest('hearth://app/'), html);
    assert.deepEqual(resolvePageRequest('hearth://app/assets/desktop-Ab12.js'), { kind: 'file', path: 'assets/desktop-Ab12.js', contentType: 'text/javascript; charset=utf-8' });
    assert.deepEqual(resolvePageRequest('hearth://app/index.html'), { kind: 'not-found' }, 'the gateway web UI is not served here');
    assert.deepEqual(resolvePageRequest('hearth://app/assets/..%2F..%2Fhearth.json'), { kind: 'not-found' });
    assert.deepEqual(resolvePageRequest('hearth://app/assets/x.exe'), { kind: 'not-found' });
    assert.deepEqual(resolvePageRequest('hearth://app/../../etc/passwd'), { kind: 'not-found' });
    assert.deepEqual(resolvePageRequest('hearth://other/desktop.html'), { kind: 'not-found' });
    assert.deepEqual(resolvePageRequest('https://app/desktop.html'), { kind: 'not-found' });
    assert.match(PAGE_CSP, /^default-src 'none'; script-src 'self'/);
    assert.equal(originOf('hearth://app/desktop.html#/node'), 'hearth://app');
  });

  it('navigates an open window only when it must', () => {
    assert.equal(needsNavigation('hearth://app/desktop.html#/wizard', 'http://127.0.0.1:18789/#setup=abc'), true, 'wizard → gateway UI');
    assert.equal(needsNavigation('http://127.0.0.1:18789/#/nodes', 'http://127.0.0.1:18789/#setup=abc'), false, 'already signed in');
    assert.equal(needsNavigation('http://127.0.0.1:18789/#/nodes', 'http://127.0.0.1:18789/#/pair'), true, 'route change (fragment only)');
    assert.equal(needsNavigation('hearth://app/desktop.html#/node', 'hearth://app/desktop.html#/node'), false);
    assert.equal(needsNavigation('hearth://app/desktop.html#/node', 'hearth://app/desktop.html#/settings'), true);
    assert.equal(needsNavigation('', 'hearth://app/desktop.html#/wizard'), true);
  });

  it('shows the macOS Dock icon only while a window is open', () => {
    assert.equal(dockVisibility('darwin', 0), 'hide');
    assert.equal(dockVisibility('darwin', 1), 'show');
    assert.equal(dockVisibility('win32', 1), 'not-applicable');
  });
});

describe('phone pairing link', () => {
  it('prefers the public URL, warns for LAN-only and loopback-only gateways', () => {
    assert.deepEqual(phoneBaseUrl({ publicUrl: 'wss://home.tailnet.ts.net', bind: 'loopback', boundHost: '127.0.0.1', port: 18789 }), { url: 'https://home.tailnet.ts.net/' });
    assert.deepEqual(phoneBaseUrl({ publicUrl: 'http://100.64.0.7:18789', bind: 'tailnet', boundHost: '100.64.0.7', port: 18789 }), { url: 'http://100.64.0.7:18789/' });
    const lan = phoneBaseUrl({ bind: 'lan', boundHost: '0.0.0.0', port: 18789, lanAddress: '192.168.1.20' });
    assert.equal(lan.url, 'http://192.168.1.20:18789/');
    assert.match(lan.warning ?? '', /home network/);
    const lo = phoneBaseUrl({ bind: 'loopback', boundHost: '127.0.0.1', port: 18789 });
    assert.equal(lo.url, 'http://127.0.0.1:18789/');
    assert.match(lo.warning ?? '', /only on this machine/);
    assert.equal(phoneBaseUrl({ bind: 'tailnet', boundHost: '100.64.0.7', port: 1 }).warning, undefined);
  });

  it('puts the code in the fragment and draws a QR code of the link', async () => {
    assert.equal(phoneLink('http://h:1/', 'abc'), 'http://h:1/#setup=abc');
    const p = await buildPhonePairing({ bind: 'tailnet', boundHost: '100.64.0.7', port: 18789 }, { setupCode: 'eyJ1cmwiOiJ3cyJ9', expiresAtMs: 5 });
    assert.equal(p.phoneUrl, 'http://100.64.0.7:18789/#setup=eyJ1cmwiOiJ3cyJ9');
    assert.match(p.qrSvg, /^<svg[^>]*viewBox/);
    assert.equal(p.expiresAtMs, 5);
  });
});
