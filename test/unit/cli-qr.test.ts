// Setup-code requests and the phone link a QR encodes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phoneSetupLink } from '../../src-main/cli/qr-terminal.ts';
import { setupCodeParams } from '../../src-main/cli/commands/qr.ts';

test('the phone link is the web UI on the same host and port with the code in the fragment', () => {
  assert.equal(phoneSetupLink('ws://100.64.0.7:18789', 'eyJ1cmwi'), 'http://100.64.0.7:18789/#setup=eyJ1cmwi');
  assert.equal(phoneSetupLink('wss://home.tail.ts.net', 'abc'), 'https://home.tail.ts.net/#setup=abc');
  // A wildcard bind is replaced by a LAN address when the machine has one.
  assert.match(phoneSetupLink('ws://0.0.0.0:18789', 'abc'), /^http:\/\/[0-9.]+:18789\/#setup=abc$/);
});

test('setup code params: profile, --public-url, and a non-loopback --url as the public URL', () => {
  assert.deepEqual(setupCodeParams({ node: true }), { bootstrapProfile: 'node' });
  assert.deepEqual(setupCodeParams({}), { bootstrapProfile: 'operator' });
  assert.deepEqual(setupCodeParams({ url: 'ws://127.0.0.1:18789' }), { bootstrapProfile: 'operator' });
  assert.deepEqual(setupCodeParams({ node: true, url: 'ws://100.64.0.7:18789' }), { bootstrapProfile: 'node', publicUrl: 'ws://100.64.0.7:18789' });
  assert.deepEqual(setupCodeParams({ url: 'ws://100.64.0.7:18789', publicUrl: 'http://home.example:18789' }), { bootstrapProfile: 'operator', publicUrl: 'ws://home.example:18789' });
});
