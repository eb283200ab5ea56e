// Mount tables of the three OSes, parsed from recorded text, and the lookup that decides whether a
// path is on the mount the user means (deepest mount point, expected kind, not just the root fs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { kindMatches, lookupMount } from '../../src-main/core/storage/mount-lookup.ts';
import { parseMacMount, parseMountinfo, parseNetUse } from '../../src-main/core/storage/mount-table.ts';
import { parseServer, serverFor } from '../../src-main/core/storage/server-check.ts';
import { ROOT } from '../helpers/processes.ts';

const fixture = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'storage', name), 'utf8');

test('Linux mountinfo: the recorded table of a Debian 12 VM', () => {
  const t = parseMountinfo(fixture('mountinfo-debian12-vm.txt'));
  assert.ok(t.length >= 15);
  const root = t.find((e) => e.mountPoint === '/');
  assert.deepEqual(root, { mountPoint: '/', fsType: 'ext4', source: '/dev/vda', readOnly: false });
  assert.equal(t.find((e) => e.mountPoint === '/dev/shm')?.fsType, 'tmpfs');
  assert.deepEqual(lookupMount('/tmp/x', 'any', t).mounted, false, '/tmp is on the root filesystem here');
  assert.equal(lookupMount('/', 'any', t).mounted, true, 'the root itself is a mount');
  assert.equal(lookupMount('/dev/shm/sub', 'any', t).mountPoint, '/dev/shm');
});

test('Linux mountinfo: cifs, nfs4, nfs3, sshfs, escaped spaces, read-only, stacked mounts', () => {
  const t = parseMountinfo(fixture('mountinfo-nas-clients.txt'));
  const nas = lookupMount('/mnt/nas/films/a.mkv', 'smb', t);
  // Two mounts at /mnt/nas: the later one is on top.
  assert.deepEqual(nas, { mounted: true, mountPoint: '/mnt/nas', fsType: 'cifs', source: '//nas2.local/media', readOnly: false });
  assert.equal(lookupMount('/mnt/backup', 'nfs', t).fsType, 'nfs4');
  assert.equal(lookupMount('/srv/old/x', 'nfs', t).source, '192.168.1.11:/vol/old');
  const photos = lookupMount('/mnt/my photos/2024', 'smb', t);
  assert.equal(photos.mountPoint, '/mnt/my photos');
  assert.equal(photos.source, '//192.168.1.10/photos archive');
  assert.equal(photos.readOnly, true);
  assert.equal(lookupMount('/tmp/hearth-sshfs-NhiKfT/mnt', 'any', t).fsType, 'fuse.sshfs');
  // Wrong kind, a lookalike prefix, and a path on the root filesystem.
  assert.match(lookupMount('/mnt/backup', 'smb', t).reason ?? '', /mounted as nfs4, not smb/);
  assert.equal(lookupMount('/mnt/nasty', 'any', t).mounted, false);
  assert.match(lookupMount('/mnt/nasty', 'any', t).reason ?? '', /root filesystem/);
  assert.equal(lookupMount('/mnt/nas/', 'smb', t).mounted, true, 'a trailing slash is the same path');
});

test('macOS mount: smbfs, nfs, read-only, a mount point with " on " and parentheses', () => {
  const t = parseMacMount(fixture('macos-mount.txt'));
  assert.equal(t.length, 11);
  assert.deepEqual(t.find((e) => e.mountPoint === '/Volumes/media'), { source: '//me@nas._smb._tcp.local/media', mountPoint: '/Volumes/media', fsType: 'smbfs', readOnly: false });
  assert.equal(t.find((e) => e.mountPoint === '/')?.readOnly, true);
  assert.equal(t.find((e) => e.mountPoint === '/Volumes/public')?.readOnly, true);
  assert.equal(t.find((e) => e.fsType === 'exfat')?.mountPoint, '/Volumes/My Disk (on loan)');
  assert.equal(lookupMount('/Volumes/media/x', 'smb', t).mounted, true);
  assert.equal(lookupMount('/Volumes/backup', 'nfs', t).fsType, 'nfs');
  assert.equal(lookupMount('/Users/me/Documents', 'any', t).mounted, false);
});

test('Windows net use: mapped drives with their status, a wrapped long remote, a UNC-only row, localised-proof', () => {
  const t = parseNetUse(fixture('windows-net-use.txt'));
  assert.deepEqual(t.map((e) => [e.mountPoint, e.source, e.status]), [
    ['Z:\\', '\\\\nas\\media', 'OK'],
    ['Y:\\', '\\\\nas\\backup', 'Unavailable'],
    ['X:\\', '\\\\192.168.1.10\\a-very-long-share-name-for-photos', 'Disconnected'],
    ['\\\\nas\\IPC$', '\\\\nas\\IPC$', 'OK'],
    ['W:\\', '\\\\nas\\scratch', undefined],
  ]);
  // German Windows: other words, same shape.
  const de = parseNetUse('Neue Verbindungen werden gespeichert.\r\n\r\nStatus       Lokal     Remote                    Netzwerk\r\n---\r\nOK           Z:        \\\\nas\\media               Microsoft Windows-Netzwerk\r\nGetrennt     Y:        \\\\nas\\backup              Microsoft Windows-Netzwerk\r\nDer Befehl wurde erfolgreich ausgeführt.\r\n');
  assert.deepEqual(de.map((e) => [e.mountPoint, e.status]), [['Z:\\', 'OK'], ['Y:\\', 'Getrennt']]);
  assert.deepEqual(lookupMount('Z:\\films', 'smb', t), { mounted: true, mountPoint: 'Z:\\', fsType: 'smb', source: '\\\\nas\\media', readOnly: false });
  assert.match(lookupMount('y:\\x', 'smb', t).reason ?? '', /Unavailable/);
  assert.equal(lookupMount('W:\\', 'smb', t).mounted, true, 'an empty status column is a live mapping');
  assert.equal(lookupMount('\\\\nas\\other\\dir', 'smb', t).source, '\\\\nas\\other', 'a UNC path needs no mapping');
  assert.equal(lookupMount('D:\\data', 'any', t).mounted, true, 'a local drive for kind any');
  assert.match(lookupMount('D:\\data', 'smb', t).reason ?? '', /not a mapped network drive/);
});

test('kinds and the server to check', () => {
  assert.ok(kindMatches('smb', 'cifs') && kindMatches('smb', 'smbfs') && kindMatches('smb', 'smb3'));
  assert.ok(kindMatches('nfs', 'nfs4') && !kindMatches('nfs', 'cifs') && kindMatches('any', 'ext4'));
  assert.deepEqual(serverFor('smb', 'cifs', '//nas.local/media', undefined), { host: 'nas.local', port: 445 });
  assert.deepEqual(serverFor('any', 'cifs', '//user@192.168.1.10/x', undefined), { host: '192.168.1.10', port: 445 });
  assert.deepEqual(serverFor('any', 'smbfs', '//me@nas._smb._tcp.local/media', undefined), { host: 'nas.local', port: 445 });
  assert.deepEqual(serverFor('nfs', 'nfs4', 'nas.local:/export/backup', undefined), { host: 'nas.local', port: 2049 });
  assert.deepEqual(serverFor('any', 'nfs', '[fd00::10]:/vol', undefined), { host: 'fd00::10', port: 2049 });
  assert.deepEqual(serverFor('any', 'fuse.sshfs', 'root@127.0.0.1:/srv', undefined), { host: '127.0.0.1', port: 22 });
  assert.deepEqual(serverFor('smb', 'smb', '\\\\nas\\media', undefined), { host: 'nas', port: 445 });
  assert.equal(serverFor('any', 'ext4', '/dev/vda', undefined), undefined);
  assert.deepEqual(serverFor('any', 'tmpfs', 'tmpfs', 'nas:139'), { host: 'nas', port: 139 });
  assert.deepEqual(parseServer('[::1]:2049', 445), { host: '::1', port: 2049 });
  assert.equal(parseServer('nas:0', 445), undefined);
});
