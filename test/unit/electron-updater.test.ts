import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type ClientRequest, type IncomingMessage, type RequestOptions, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import runtime from 'builder-util-runtime';
import updaterPkg from 'electron-updater';
import { runUpdateCheck, type UpdaterLike } from '../../src-main/electron/updater/check.ts';
import {
  AUTO_CHECK_INTERVAL_MS, channelSettings, describeUpdate, initialUpdateView, shouldCheckForUpdates, updateUnsupportedReason,
} from '../../src-main/electron/updater/policy.ts';

const NOW = 1_800_000_000_000;

describe('updater decisions', () => {
  it('knows when this build can update itself', () => {
    assert.match(updateUnsupportedReason({ isPackaged: false, platform: 'darwin', env: {} }) ?? '', /development build/);
    assert.equal(updateUnsupportedReason({ isPackaged: true, platform: 'darwin', env: {} }), undefined);
    assert.equal(updateUnsupportedReason({ isPackaged: true, platform: 'win32', env: {} }), undefined);
    assert.equal(updateUnsupportedReason({ isPackaged: true, platform: 'linux', env: { APPIMAGE: '/home/u/Hearth.AppImage' } }), undefined);
    assert.match(updateUnsupportedReason({ isPackaged: true, platform: 'linux', env: {} }) ?? '', /package manager/);
    assert.match(updateUnsupportedReason({ isPackaged: true, platform: 'darwin', env: { HEARTH_DISABLE_UPDATES: '1' } }) ?? '', /disabled/);
  });

  it('checks at start unless checked recently; the menu always checks; never two at once', () => {
    assert.deepEqual(shouldCheckForUpdates({ trigger: 'startup', now: NOW, inFlight: false }), { check: true });
    assert.deepEqual(shouldCheckForUpdates({ trigger: 'startup', now: NOW, lastCheckAtMs: NOW - 60_000, inFlight: false }), { check: false, reason: 'checked recently' });
    assert.deepEqual(shouldCheckForUpdates({ trigger: 'interval', now: NOW, lastCheckAtMs: NOW - AUTO_CHECK_INTERVAL_MS, inFlight: false }), { check: true });
    assert.deepEqual(shouldCheckForUpdates({ trigger: 'menu', now: NOW, lastCheckAtMs: NOW - 1, inFlight: false }), { check: true });
    assert.deepEqual(shouldCheckForUpdates({ trigger: 'menu', now: NOW, inFlight: true }), { check: false, reason: 'a check is already running' });
    // A clock that went backwards must not block checks forever.
    assert.deepEqual(shouldCheckForUpdates({ trigger: 'startup', now: NOW, lastCheckAtMs: NOW + 10 * AUTO_CHECK_INTERVAL_MS, inFlight: false }), { check: true });
    assert.equal(shouldCheckForUpdates({ trigger: 'menu', now: NOW, inFlight: false, unsupportedReason: 'dev' }).check, false);
  });

  it('maps stable/beta to feed channels', () => {
    assert.deepEqual(channelSettings('stable', '1.0.0'), { channel: 'latest', allowPrerelease: false, allowDowngrade: false });
    assert.deepEqual(channelSettings('beta', '1.0.0'), { channel: 'beta', allowPrerelease: true, allowDowngrade: false });
    assert.deepEqual(channelSettings('stable', '1.1.0-beta.2'), { channel: 'latest', allowPrerelease: false, allowDowngrade: true });
  });

  it('describes outcomes in plain words', () => {
    const ctx = { currentVersion: '0.1.0', channel: 'stable' as const, now: NOW };
    assert.equal(describeUpdate({ kind: 'available', version: '0.2.0' }, ctx).state, 'available');
    assert.match(describeUpdate({ kind: 'none' }, ctx).message, /latest stable/);
    assert.match(describeUpdate({ kind: 'error', error: 'getaddrinfo ENOTFOUND updates.example' }, ctx).message, /unreachable/);
    assert.equal(describeUpdate({ kind: 'unsupported', reason: 'dev build' }, ctx).checkedAtMs, undefined);
    assert.equal(initialUpdateView('0.1.0', 'beta', 'dev build').state, 'unsupported');
  });
});

/** A minimal Node http executor for electron-updater (Electron's `net` is not available here). */
class NodeExecutor extends runtime.HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return request(options, callback);
  }
}

function feed(version: string): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: Hearth-${version}.AppImage`,
    '    sha512: 3lLOLbNtTDGtQ+AbQ/Ck9Hf3bzVlqWQdddFDybBGbGYeo0frFxjJ7CQ3cbIY0kgQlAgMm9nBQDWvBNQZr7OTcA==',
    '    size: 1024',
    `path: Hearth-${version}.AppImage`,
    'sha512: 3lLOLbNtTDGtQ+AbQ/Ck9Hf3bzVlqWQdddFDybBGbGYeo0frFxjJ7CQ3cbIY0kgQlAgMm9nBQDWvBNQZr7OTcA==',
    `releaseDate: '2026-11-20T10:00:00.000Z'`,
    '',
  ].join('\n');
}

describe('update check against a local generic update server (real electron-updater)', () => {
  let server: Server;
  let base = '';
  let dir = '';
  const requested: string[] = [];
  let missing = false;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-updater-'));
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requested.push(path);
      // Feed names per OS: latest.yml (win), latest-mac.yml, latest-linux[-arch].yml; same for beta.
      const m = /^\/(latest|beta)(-mac|-linux(-[a-z0-9]+)?)?\.yml$/.exec(path);
      if (!m || missing) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(feed(m[1] === 'beta' ? '0.3.0-beta.1' : '0.2.0'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  });

  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  function makeUpdater(version: string, url = base): UpdaterLike {
    const app = {
      version, name: 'Hearth', isPackaged: true, appUpdateConfigPath: join(dir, 'app-update.yml'),
      userDataPath: dir, baseCachePath: dir, whenReady: () => Promise.resolve(), relaunch() {}, quit() {}, onQuit() {},
    };
    // The smallest concrete AppUpdater: checks only (downloads and installs are not exercised).
    class TestUpdater extends updaterPkg.AppUpdater {
      constructor() {
        super(null, app);
      }
      protected doDownloadUpdate(): Promise<never> {
        return Promise.reject(new Error('downloads are not part of this test'));
      }
      quitAndInstall(): void {}
    }
    const u = new TestUpdater();
    (u as unknown as { httpExecutor: NodeExecutor }).httpExecutor = new NodeExecutor();
    u.logger = null;
    u.autoDownload = false;
    u.setFeedURL({ provider: 'generic', url });
    return u as unknown as UpdaterLike;
  }

  it('stable channel reads latest*.yml and finds the newer stable release', async () => {
    requested.length = 0;
    const view = await runUpdateCheck(makeUpdater('0.1.0'), 'stable', () => NOW);
    assert.equal(view.state, 'available');
    assert.equal(view.availableVersion, '0.2.0');
    assert.equal(view.checkedAtMs, NOW);
    assert.ok(requested.every((p) => p.startsWith('/latest')), requested.join());
  });

  it('beta channel reads beta*.yml and offers the prerelease', async () => {
    requested.length = 0;
    const view = await runUpdateCheck(makeUpdater('0.1.0'), 'beta');
    assert.equal(view.state, 'available');
    assert.equal(view.availableVersion, '0.3.0-beta.1');
    assert.equal(view.channel, 'beta');
    assert.ok(requested.length > 0 && requested.every((p) => p.startsWith('/beta')), requested.join());
  });

  it('up to date when running the latest stable', async () => {
    const view = await runUpdateCheck(makeUpdater('0.2.0'), 'stable');
    assert.equal(view.state, 'up-to-date');
    assert.match(view.message, /0\.2\.0 is the latest stable/);
  });

  it('a beta user going back to stable is offered the stable release', async () => {
    const view = await runUpdateCheck(makeUpdater('0.3.0-beta.1'), 'stable');
    assert.equal(view.state, 'available');
    assert.equal(view.availableVersion, '0.2.0');
  });

  it('explains a feed without this channel and an unreachable server', async () => {
    missing = true;
    try {
      const view = await runUpdateCheck(makeUpdater('0.1.0'), 'beta');
      assert.equal(view.state, 'error');
      assert.match(view.message, /no release for this channel/);
    } finally {
      missing = false;
    }
    const down = await runUpdateCheck(makeUpdater('0.1.0', 'http://127.0.0.1:9/'), 'stable');
    assert.equal(down.state, 'error');
    assert.match(down.message, /unreachable/);
  });
});
