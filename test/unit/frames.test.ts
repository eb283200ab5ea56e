// Framing and validation: closed frames, ajv-style messages as the real gateway words them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFrame } from '../../src-shared/protocol/frames.ts';
import { loadValidators, validateConnect, validateMethod } from '../../src-main/core/gateway/validate.ts';
import { decodeSetupCode, encodeSetupCode } from '../../src-shared/protocol/setup-code.ts';
import { fromBase64Url, toBase64Url } from '../../src-shared/protocol/base64url.ts';
import { truncateCloseReason } from '../../src-shared/protocol/errors.ts';

test('parses the three frame types', () => {
  assert.deepEqual(parseFrame('{"type":"req","id":"1","method":"health","params":{}}'), { ok: true, frame: { type: 'req', id: '1', method: 'health', params: {} } });
  assert.equal(parseFrame('{"type":"res","id":"1","ok":true,"payload":1}').ok, true);
  assert.equal(parseFrame('{"type":"event","event":"tick","payload":{"ts":1},"seq":3}').ok, true);
});

test('rejects non-JSON, unknown types, extra properties and bad ids', () => {
  assert.deepEqual(parseFrame('{not json'), { ok: false, kind: 'not-json', message: 'frame is not valid JSON' });
  const extra = parseFrame('{"type":"req","id":"9","method":"m","bogus":1}');
  assert.equal(extra.ok, false);
  assert.equal(!extra.ok && extra.id, '9');
  assert.match(!extra.ok ? extra.message : '', /unexpected property 'bogus'/);
  assert.equal(parseFrame('{"type":"req","id":"","method":"m"}').ok, false);
  assert.equal(parseFrame('{"type":"nope"}').ok, false);
  assert.equal(parseFrame('[1,2]').ok, false);
  assert.equal(parseFrame('{"type":"event","event":"x","seq":-1}').ok, false);
});

test('connect params errors read like the real gateway', async () => {
  await loadValidators();
  const base = { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: '1', platform: 'linux', mode: 'cli' } };
  assert.equal(validateConnect(base), undefined);
  assert.equal(validateConnect({ ...base, client: { ...base.client, id: 'my-client' } }), 'at /client/id: must be equal to one of the allowed values');
  assert.equal(
    validateConnect({ ...base, device: { id: 'a', publicKey: 'b', signature: 'c', signedAt: 1 } }),
    "at /device: must have required property 'nonce'",
  );
  assert.equal(validateMethod('node.list', { bogus: 1 }), "at root: unexpected property 'bogus'");
  assert.equal(validateMethod('node.invoke', { nodeId: 'n', command: 'system.run' }), "at root: must have required property 'idempotencyKey'");
});

test('base64url round-trips and accepts standard base64', () => {
  const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 0xff);
  assert.deepEqual(fromBase64Url(toBase64Url(bytes)), bytes);
  assert.deepEqual(fromBase64Url(Buffer.from(bytes).toString('base64')), bytes);
  assert.equal(fromBase64Url('a'), undefined);
  assert.equal(fromBase64Url('ab$d'), undefined);
});

test('setup codes encode {url, bootstrapToken, expiresAtMs} and decode from every form', () => {
  const p = { url: 'ws://127.0.0.1:18789', bootstrapToken: 'x'.repeat(43), expiresAtMs: 1795000000000 };
  const code = encodeSetupCode(p);
  assert.match(code, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeSetupCode(code), p);
  assert.deepEqual(decodeSetupCode(`oc-pair://${code}`), p);
  assert.deepEqual(decodeSetupCode(`http://home:18789/#setup=${code}`), p);
  assert.equal(decodeSetupCode('not-a-code'), undefined);
});

test('close reasons are cut to 123 bytes', () => {
  assert.equal(Buffer.byteLength(truncateCloseReason('é'.repeat(100))) <= 123, true);
  assert.equal(truncateCloseReason('short'), 'short');
});
