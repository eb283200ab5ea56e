import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  AUTOSTART_FILE, autostartDesktopEntry, autostartDir, disableXdgAutostart, enableXdgAutostart, isXdgAutostartEnabled,
  launchCommand, quoteExecArg,
} from '../../src-main/electron/autostart/xdg-autostart.ts';

describe('XDG autostart entry', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart (relative XDG paths are ignored per spec)', () => {
    assert.equal(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/u'), '/cfg/autostart');
    assert.equal(autostartDir({}, '/home/u'), '/home/u/.config/autostart');
    assert.equal(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/u'), '/home/u/.config/autostart');
  });

  it('quotes Exec arguments per the Desktop Entry spec', () => {
    assert.equal(quoteExecArg('/opt/Hearth/hearth'), '/opt/Hearth/hearth');
    assert.equal(quoteExecArg('/home/u/My Apps/Hearth.AppImage'), '"/home/u/My Apps/Hearth.AppImage"');
    assert.equal(quoteExecArg('a"b$c`d\\e'), '"a\\"b\\$c\\`d\\\\e"');
    assert.equal(quoteExecArg('100%'), '100%%');
    assert.equal(quoteExecArg(''), '""');
  });

  it('starts the AppImage file itself when running from one, hidden in the tray', () => {
    assert.deepEqual(launchCommand('/tmp/.mount_Hearth/hearth', { APPIMAGE: '/home/u/Hearth.AppImage' }), ['/home/u/Hearth.AppImage', '--hidden']);
    assert.deepEqual(launchCommand('/opt/Hearth/hearth', {}), ['/opt/Hearth/hearth', '--hidden']);
  });

  it('renders a complete entry', () => {
    const text = autostartDesktopEntry({ name: 'Hearth', command: ['/home/u/My Apps/Hearth.AppImage', '--hidden'], icon: 'hearth' });
    assert.equal(text, [
      '[Desktop Entry]', 'Type=Application', 'Version=1.0', 'Name=Hearth', 'Comment=Start Hearth in the tray at login',
      'Exec="/home/u/My Apps/Hearth.AppImage" --hidden', 'Icon=hearth', 'Terminal=false', 'StartupNotify=false',
      'X-GNOME-Autostart-enabled=true', 'Hidden=false', '',
    ].join('\n'));
    assert.ok(!autostartDesktopEntry({ name: 'A\nExec=evil', command: ['x'] }).includes('\nExec=evil'), 'no line injection');
  });

  it('enables, detects and disables in a real directory', () => {
    const home = mkdtempSync(join(tmpdir(), 'hearth-autostart-'));
    try {
      const dir = autostartDir({}, home);
      assert.equal(isXdgAutostartEnabled(dir), false);
      const file = enableXdgAutostart(dir, { name: 'Hearth', command: ['/opt/Hearth/hearth', '--hidden'] });
      assert.equal(file, join(dir, AUTOSTART_FILE));
      assert.match(readFileSync(file, 'utf8'), /^Exec=\/opt\/Hearth\/hearth --hidden$/m);
      assert.equal(statSync(file).mode & 0o777, 0o644);
      assert.equal(isXdgAutostartEnabled(dir), true);
      // A desktop environment turning it off writes Hidden=true; we respect that.
      writeFileSync(file, readFileSync(file, 'utf8').replace('Hidden=false', 'Hidden=true'));
      assert.equal(isXdgAutostartEnabled(dir), false);
      disableXdgAutostart(dir);
      disableXdgAutostart(dir);
      assert.equal(isXdgAutostartEnabled(dir), false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
