/**
 * The real src-main/electron/main.ts under Node with a recording Electron stub
 * (e2e/electron/fake-electron): startup order, hardened window, IPC registration and sender
 * checks, the wizard to the gateway role over the registered handlers, the window switching to
 * the gateway UI with a local setup code, the tray menu, and the quit sequence.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

it('main.ts starts, runs the wizard to the gateway role and quits in order', { timeout: 60_000 }, async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hearth-main-smoke-'));
  const port = await freePort();
  try {
    const child = spawn(process.execPath, [join(root, 'e2e', 'electron', 'fake-electron', 'run-main.mjs')], {
      env: { ...process.env, HEARTH_STATE_DIR: stateDir, HEARTH_DISABLE_BONJOUR: '1', SMOKE_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    assert.equal(out.error, undefined, out.error);
    assert.equal(out.firstUrl, 'hearth://app/desktop.html#/wizard');
    assert.equal(out.webPreferences.contextIsolation, true);
    assert.equal(out.webPreferences.sandbox, true);
    assert.equal(out.webPreferences.nodeIntegration, false);
    assert.match(out.webPreferences.preload, /preload\.cjs$/);
    assert.equal(out.ipcChannels, 13); // one handler per channel of src-shared/ipc/contract.ts (13 with hearth:node-pair-again)
    assert.deepEqual(out.schemes, ['hearth']);
    assert.equal(out.wizard0, 'choose-role');
    assert.match(out.foreign, /^FORBIDDEN_SENDER/);
    assert.match(out.badParams, /^INVALID_PARAMS: unknown wizard event 'agent-status'/);
    assert.equal(out.appUrl, `http://127.0.0.1:${port}/#setup=<code>`);
    assert.equal(out.tray[0], 'Hearth — Gateway');
    assert.ok(out.tray.includes(`Gateway: ws://127.0.0.1:${port}`));
    assert.ok(out.tray.includes('This machine as a node: connected'));
    assert.equal(out.trayIcon, 'tray/tray-green-light.png');
    assert.deepEqual(out.calls, [
      'app.requestSingleInstanceLock',
      'protocol.registerSchemesAsPrivileged',
      'app.whenReady',
      'protocol.handle:hearth',
      'new Tray',
      'new BrowserWindow',
      'window.loadURL:hearth://app/desktop.html#/wizard',
      `window.loadURL:http://127.0.0.1:${port}/#setup=<code>`,
      'app.quit',
      'tray.destroy',
      'app.quit',
      'app.exited',
    ]);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
