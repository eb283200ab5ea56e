// `hearth status` warnings and node tables from the payloads it read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusWarnings } from '../../src-main/cli/commands/status-warnings.ts';
import { nodesTable } from '../../src-main/cli/commands/nodes.ts';

test('a loopback gateway with a token and nothing pending has no warnings', () => {
  assert.deepEqual(statusWarnings({ status: { gateway: { bind: 'loopback', loopbackOnly: true, authMode: 'token' }, pairing: { pendingDevices: 0, pendingNodes: 0 } }, readyz: { status: 200, body: {} } }), []);
});

test('exposure, missing auth, pending requests and a failing /readyz are warned about', () => {
  const w = statusWarnings({
    status: { gateway: { bind: 'lan', host: '0.0.0.0', loopbackOnly: false, authMode: 'none', autoApproveLocal: true }, pairing: { pendingDevices: 1, pendingNodes: 0 }, nodes: { total: 1, connected: 1, pendingApproval: 1 } },
    readyz: { status: 0, body: 'ECONNREFUSED' },
  });
  assert.equal(w.length, 6);
  assert.match(w[0]!, /bound to lan \(0\.0\.0\.0\)/);
  assert.match(w.join('\n'), /hearth setup/);
  assert.match(w.join('\n'), /hearth nodes pending/);
  assert.match(w.join('\n'), /\/readyz answered nothing/);
  assert.match(statusWarnings({ status: { gateway: { loopbackOnly: true, authMode: 'none' } } })[0]!, /no token/);
});

test('nodes table shows online time or last seen', () => {
  const now = 10_000_000;
  const lines = nodesTable([
    { nodeId: 'ab'.repeat(32), displayName: 'laptop', remoteIp: '192.168.1.20', path: 'lan', rttMs: 1.4, platform: 'linux', caps: [], commands: [], sessionHost: false, nodePluginTools: [], approvalState: 'approved', paired: true, connected: true, connectedAtMs: now - 65_000 },
    { nodeId: 'cd'.repeat(32), displayName: 'mac', caps: [], commands: [], sessionHost: false, nodePluginTools: [], approvalState: 'pending-approval', paired: true, connected: false, lastSeenAtMs: now - 3_600_000 },
  ], now);
  assert.match(lines[0]!, /^NAME +FINGERPRINT +IP +PATH +RTT +STATUS +APPROVAL +PLATFORM$/);
  assert.equal(lines[1]!.indexOf('online'), lines[0]!.indexOf('STATUS'), 'columns line up');
  assert.equal(lines[2]!.indexOf('pending'), lines[0]!.indexOf('APPROVAL'));
  assert.match(lines[1]!, /^laptop {2}ABAB-ABAB-ABAB {2}192\.168\.1\.20 {2}LAN +1\.4 ms {2}online 1m 5s +approved +linux$/);
  assert.match(lines[2]!, /^mac +CDCD-CDCD-CDCD {2}- +- +- +offline, seen 1h ago {2}pending \(hearth nodes approve --latest\) {2}-$/);
});
