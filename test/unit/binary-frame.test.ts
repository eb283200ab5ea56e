// Hearth's binary frame: a JSON header and raw bytes, read from one piece or several (ws fragments).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_BINARY_HEADER_BYTES, binaryMessagePieces, byteLength, decodeBinaryFrame, encodeBinaryFrame, encodeBinaryFrameJSON, joinBytes,
} from '../../src-shared/protocol/binary-frame.ts';

const bytes = (...xs: number[]) => Uint8Array.from(xs);

test('a frame round-trips: the header as sent, the body byte for byte (not UTF-8 included)', () => {
  const header = { type: 'event', event: 'hearth.invoke.progress', payload: { seq: 3, note: 'é"\n' } };
  const body = [bytes(0xff, 0x00), bytes(0x0a), Buffer.from('yes\n')];
  const frame = encodeBinaryFrame(header, body);
  assert.equal(frame[0], 0x48);
  assert.equal(frame[1], 1);
  const got = decodeBinaryFrame([frame]);
  assert.ok(got.ok);
  assert.deepEqual(got.header, header);
  assert.deepEqual(Buffer.from(joinBytes(got.body)), Buffer.concat(body));
  assert.equal(byteLength(got.body), 7);
});

test('pieces as ws delivers them (header frame, then body frames) are read without joining the body', () => {
  const head = encodeBinaryFrameJSON('{"type":"req","id":"1"}', []);
  const a = Buffer.from('aaaa');
  const b = Buffer.from('bbb');
  const got = decodeBinaryFrame([head, a, b]);
  assert.ok(got.ok);
  assert.equal(got.body[0], a, 'the body pieces are the very buffers that arrived');
  assert.equal(got.body[1], b);
  // A header that a peer split across pieces is still read.
  const whole = encodeBinaryFrameJSON('{"type":"req","id":"2","method":"m"}', [Buffer.from('xyz')]);
  const split = decodeBinaryFrame([whole.subarray(0, 2), whole.subarray(2, 10), whole.subarray(10)]);
  assert.ok(split.ok);
  assert.deepEqual(split.header, { type: 'req', id: '2', method: 'm' });
  assert.equal(Buffer.from(joinBytes(split.body)).toString(), 'xyz');
  // An empty body is no pieces.
  const bare = decodeBinaryFrame([encodeBinaryFrameJSON('{}', [])]);
  assert.ok(bare.ok);
  assert.deepEqual(bare.body, []);
});

test('malformed frames are refused with a reason that names the fix, never thrown', () => {
  const cases: [Uint8Array[], RegExp][] = [
    [[bytes()], /does not start with its marker.*send JSON text frames/],
    [[Buffer.from('{"type":"req"}')], /does not start with its marker/],
    [[bytes(0x48, 9, 0, 2, 0x7b, 0x7d)], /layout 9 is not supported.*update Hearth/],
    [[bytes(0x48, 1, 0xff, 0xff, 0x7b)], /header length 65535 does not fit/],
    [[bytes(0x48, 1, 0, 10, 0x7b, 0x7d)], /does not fit the frame/],
    [[bytes(0x48, 1, 0, 3, 0x7b, 0x7b, 0x7d)], /not UTF-8 JSON/],
    [[bytes(0x48, 1, 0, 2, 0xc3, 0x28)], /not UTF-8 JSON/],
    [[bytes(0x48, 1, 0, 2, 0x5b, 0x5d)], /must be a JSON object/],
    [[bytes(0x48, 1, 0, 4, 0x6e, 0x75, 0x6c, 0x6c)], /must be a JSON object/],
  ];
  for (const [pieces, re] of cases) {
    const got = decodeBinaryFrame(pieces);
    assert.equal(got.ok, false);
    assert.match((got as { message: string }).message, re);
  }
  assert.throws(() => encodeBinaryFrameJSON(JSON.stringify({ pad: 'x'.repeat(MAX_BINARY_HEADER_BYTES) }), []), /exceeds 4096/);
});

test('message data in every shape ws and browsers deliver becomes pieces; anything else does not', () => {
  const b = Buffer.from('ab');
  assert.deepEqual(binaryMessagePieces(b), [b]);
  assert.deepEqual(binaryMessagePieces([b, b]), [b, b]);
  assert.deepEqual(Buffer.from(binaryMessagePieces(new Uint8Array([1, 2]).buffer)![0]!), Buffer.from([1, 2]));
  assert.equal(binaryMessagePieces('text'), undefined);
  assert.equal(binaryMessagePieces([b, 'x']), undefined);
});
