/* global setTimeout */
// Child process of test/unit/electron-main-smoke.test.ts: runs the real main.ts against the
// recording Electron stub, drives the wizard through the registered IPC handlers exactly as a
// window would, then quits and prints what happened as one JSON line.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
const { record, app } = await import('./electron-stub.mjs');
await import('../../../src-main/electron/main.ts');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const until = async (pred, what) => {
  for (let i = 0; i < 200; i++) { if (pred()) return; await sleep(50); }
  throw new Error(`timed out: ${what}`);
};
const out = {};
try {
  await until(() => record.windows.length > 0, 'the wizard window');
  const win = record.windows[0];
  const invoke = (channel, params, sender = { id: win.webContents.id, url: win.urls.at(-1) }) =>
    record.ipc.get(channel)({ sender: { id: sender.id }, senderFrame: { url: sender.url, parent: null } }, params);
  out.firstUrl = win.urls[0];
  out.webPreferences = win.options.webPreferences;
  out.ipcChannels = [...record.ipc.keys()].length;
  out.schemes = record.schemes;
  out.wizard0 = (await invoke('hearth:wizard-state', null)).step;
  out.foreign = await invoke('hearth:wizard-state', null, { id: 999, url: win.urls.at(-1) }).then(() => 'accepted', (e) => e.message);
  out.badParams = await invoke('hearth:wizard-send', { type: 'agent-status', status: { state: 'connected' } }).then(() => 'accepted', (e) => e.message);
  await invoke('hearth:wizard-send', { type: 'choose-role', role: 'gateway' });
  await invoke('hearth:wizard-send', { type: 'gateway-submit', port: Number(process.env.SMOKE_PORT), bind: 'loopback', publicUrl: '' });
  await until(() => win.webContents.sent.some((m) => m.channel === 'hearth:wizard-changed' && m.payload.step === 'gateway-token'), 'the token step');
  await invoke('hearth:wizard-send', { type: 'token-acknowledged' });
  await invoke('hearth:wizard-send', { type: 'finish' });
  await until(() => win.urls.some((u) => u.startsWith('http://127.0.0.1')), 'the gateway UI');
  out.appUrl = win.urls.at(-1).replace(/#setup=.+$/, '#setup=<code>');
  await until(() => record.menus.at(-1)?.some((i) => i.label === 'This machine as a node: connected'), 'the loopback node');
  out.tray = record.menus.at(-1).map((i) => (i.type === 'separator' ? '---' : i.label));
  out.trayIcon = record.trays[0].image.path.split('/').slice(-2).join('/');
  app.quit();
  await until(() => record.calls.includes('app.exited'), 'shutdown');
} catch (err) {
  out.error = String(err?.stack ?? err);
}
out.calls = record.calls.filter((c) => !c.startsWith('clipboard'));
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
