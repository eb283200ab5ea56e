/**
 * Real multicast DNS: a gateway advertised with bonjour-service is found by the node wizard's
 * browser, with the Hearth TXT record, and disappears when the advertisement stops. Uses a
 * private mDNS port (not 5353) so the test neither disturbs nor hears the LAN's responders.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { advertiseGateway } from '../../src-main/core/discovery/advertise.ts';
import { browseGateways } from '../../src-main/core/discovery/browse.ts';
import type { DiscoveredGatewayInfo } from '../../src-main/core/discovery/txt-record.ts';
import { silentLogger } from '../../src-main/core/logger.ts';

it('advertise → browse finds the gateway with its TXT record, then loses it on stop', { timeout: 30_000 }, async () => {
  const mdns = { interface: '127.0.0.1', bind: '0.0.0.0', port: 40_000 + Math.floor(Math.random() * 20_000) };
  const seen: DiscoveredGatewayInfo[][] = [];
  let wake: () => void = () => {};
  const browser = browseGateways({ logger: silentLogger, mdns, onChange: (g) => { seen.push(g); wake(); } });
  const until = async (pred: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; seen ${JSON.stringify(seen)}`);
      await new Promise<void>((r) => { wake = r; setTimeout(r, 200); });
    }
  };
  const adv = advertiseGateway({ name: 'Hearth on test-pc', port: 18789, version: '0.1.0', fingerprint: 'AB-CD', logger: silentLogger, mdns, env: {} });
  try {
    assert.equal(adv.active, true);
    await until(() => browser.list().some((g) => g.name === 'Hearth on test-pc'), 'the advertisement');
    const g = browser.list().find((x) => x.name === 'Hearth on test-pc')!;
    assert.equal(g.port, 18789);
    assert.equal(g.hearth, true);
    assert.equal(g.version, '0.1.0');
    assert.equal(g.fingerprint, 'AB-CD');
    assert.match(g.url, /^ws:\/\/\d+\.\d+\.\d+\.\d+:18789$/);
    await adv.stop();
    await until(() => !browser.list().some((x) => x.name === 'Hearth on test-pc'), 'the goodbye');
  } finally {
    await adv.stop();
    await browser.stop();
  }
});
