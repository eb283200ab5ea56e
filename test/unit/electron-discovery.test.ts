import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { advertiseGateway, bonjourDisabled } from '../../src-main/core/discovery/advertise.ts';
import { browseGateways, sortGateways } from '../../src-main/core/discovery/browse.ts';
import type { MdnsFactory, MdnsLike } from '../../src-main/core/discovery/mdns.ts';
import { GATEWAY_SERVICE_TYPE, gatewayTxt, parseSighting } from '../../src-main/core/discovery/txt-record.ts';
import type { Logger } from '../../src-main/core/logger.ts';

function recordingLogger(lines: string[]): Logger {
  const l: Logger = {
    debug: () => {}, info: () => {}, error: (m) => lines.push(`error ${m}`),
    warn: (m, f) => lines.push(`warn ${m} ${JSON.stringify(f ?? {})}`),
    child: () => l,
  };
  return l;
}

describe('gateway TXT record', () => {
  it('marks Hearth and the protocol, under the OpenClaw service type', () => {
    assert.equal(GATEWAY_SERVICE_TYPE, 'openclaw-gw');
    assert.deepEqual(gatewayTxt({ name: 'x', port: 1, version: '0.1.0', fingerprint: 'ab:cd' }), { hearth: '1', proto: '4', version: '0.1.0', scheme: 'ws', fp: 'ab:cd' });
    assert.equal(gatewayTxt({ name: 'x', port: 1, version: '0.1.0', tls: true })['scheme'], 'wss');
  });

  it('turns sightings into dialable URLs, IPv4 first', () => {
    assert.deepEqual(parseSighting({ name: 'Hearth on pc', host: 'pc.local', port: 18789, addresses: ['fe80::1', '192.168.1.20'], txt: { hearth: '1', version: '0.1.0' } }), {
      name: 'Hearth on pc', url: 'ws://192.168.1.20:18789', host: '192.168.1.20', port: 18789, hearth: true, version: '0.1.0',
    });
    const oc = parseSighting({ name: 'openclaw', host: 'mac.local.', port: 18789, txt: {} });
    assert.deepEqual(oc && { url: oc.url, hearth: oc.hearth }, { url: 'ws://mac.local:18789', hearth: false });
    assert.equal(parseSighting({ name: 'v6', port: 1, addresses: ['fd00::5'] })?.url, 'ws://[fd00::5]:1');
    assert.equal(parseSighting({ name: 'none', port: 18789 }), undefined);
    assert.equal(parseSighting({ name: 'bad port', port: 0, host: 'h' }), undefined);
    const binary = parseSighting({ name: 'b', host: 'h', port: 2, txt: { hearth: new TextEncoder().encode('1') } });
    assert.equal(binary?.hearth, true);
  });

  it('lists Hearth gateways first, one per URL', () => {
    const a = { name: 'b-openclaw', url: 'ws://1:1', host: '1', port: 1, hearth: false };
    const b = { name: 'z-hearth', url: 'ws://2:1', host: '2', port: 1, hearth: true };
    assert.deepEqual(sortGateways([a, b, { ...b }]).map((g) => g.name), ['z-hearth', 'b-openclaw']);
  });
});

describe('mDNS failures never reach the gateway', () => {
  it('a factory that throws (no multicast) yields an inactive advertiser and a warning', async () => {
    const lines: string[] = [];
    const throwing: MdnsFactory = () => { throw Object.assign(new Error('bind EADDRINUSE 0.0.0.0:5353'), { code: 'EADDRINUSE' }); };
    const adv = advertiseGateway({ name: 'x', port: 1, version: '0', logger: recordingLogger(lines), factory: throwing, env: {} });
    assert.equal(adv.active, false);
    await adv.stop();
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /mDNS unavailable, continuing without it.*EADDRINUSE/);
    const br = browseGateways({ logger: recordingLogger(lines), onChange: () => {}, factory: throwing });
    assert.deepEqual(br.list(), []);
    await br.stop();
  });

  it('socket errors after start are logged once, not thrown; stop() ends even if goodbyes never complete', async () => {
    const lines: string[] = [];
    let reportError: ((e: Error) => void) | undefined;
    const published: unknown[] = [];
    const hanging: MdnsLike = {
      publish: (o) => { published.push(o); return {}; },
      find: () => { throw new Error('unused'); },
      unpublishAll: () => { /* never calls back: a broken socket */ },
      destroy: () => {},
    };
    const factory: MdnsFactory = (_o, onError) => { reportError = onError; return hanging; };
    const adv = advertiseGateway({ name: 'Hearth on pc', port: 18789, version: '0.1.0', logger: recordingLogger(lines), factory, env: {} });
    assert.equal(adv.active, true);
    assert.deepEqual(published, [{ name: 'Hearth on pc', type: 'openclaw-gw', protocol: 'tcp', port: 18789, txt: { hearth: '1', proto: '4', version: '0.1.0', scheme: 'ws' }, disableIPv6: true }]);
    reportError?.(new Error('send ENETUNREACH'));
    reportError?.(new Error('send ENETUNREACH'));
    assert.equal(lines.length, 1);
    const t0 = Date.now();
    await adv.stop();
    assert.ok(Date.now() - t0 < 3000);
  });

  it('the real bonjour factory catches the multicast socket error event', async () => {
    // Port 1 needs privileges or is refused; either way the socket reports an error, which
    // must end up in the log rather than as an uncaught 'error' event.
    const lines: string[] = [];
    const adv = advertiseGateway({ name: 't', port: 18789, version: '0', logger: recordingLogger(lines), env: {}, mdns: { interface: '127.0.0.1', port: 1, bind: '203.0.113.7' } });
    await new Promise((r) => setTimeout(r, 300));
    await adv.stop();
    assert.ok(lines.some((l) => /mDNS unavailable/.test(l)), lines.join('\n'));
  });

  it('can be switched off by environment (OpenClaw name too)', () => {
    assert.equal(bonjourDisabled({ HEARTH_DISABLE_BONJOUR: '1' }), true);
    assert.equal(bonjourDisabled({ OPENCLAW_DISABLE_BONJOUR: '1' }), true);
    assert.equal(bonjourDisabled({}), false);
    const adv = advertiseGateway({ name: 'x', port: 1, version: '0', logger: recordingLogger([]), env: { HEARTH_DISABLE_BONJOUR: '1' }, factory: () => { throw new Error('must not be called'); } });
    assert.equal(adv.active, false);
  });

  it('browser reports up and down', async () => {
    const browser = Object.assign(new EventEmitter(), { stop() {} });
    const fake: MdnsLike = { publish: () => ({}), find: () => browser, unpublishAll: () => {}, destroy: (cb) => cb?.() };
    const seen: string[][] = [];
    const br = browseGateways({ logger: recordingLogger([]), onChange: (g) => seen.push(g.map((x) => x.url)), factory: () => fake });
    browser.emit('up', { name: 'pc', host: 'pc.local', port: 18789, addresses: ['10.0.0.2'], txt: { hearth: '1' } });
    browser.emit('up', { name: 'broken', port: 18789 });
    browser.emit('down', { name: 'pc' });
    assert.deepEqual(seen, [['ws://10.0.0.2:18789'], []]);
    await br.stop();
  });
});
