// urlHost: the one rule for hosts in URLs and host:port pairs (src-shared/net/url-host.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlHost } from '../../src-shared/net/url-host.ts';

test('IPv6 literals get brackets; names, IPv4 and bracketed hosts stay as they are', () => {
  assert.equal(urlHost('::1'), '[::1]');
  assert.equal(urlHost('fd7a:115c:a1e0::1'), '[fd7a:115c:a1e0::1]');
  assert.equal(urlHost('[::1]'), '[::1]');
  assert.equal(urlHost('127.0.0.1'), '127.0.0.1');
  assert.equal(urlHost('home-pc.tail1234.ts.net'), 'home-pc.tail1234.ts.net');
});
