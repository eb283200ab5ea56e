// How a contract check words a value that fails: the first error in the real gateway's words, and
// for a union (anyOf) the form that was meant, not blindly the first form's complaint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { problemOf } from '../../src-shared/protocol/contract/problem.ts';
import { NodeEventPayloads } from '../../src-shared/protocol/contract/node-role.ts';
import { Nullable } from '../../src-shared/protocol/contract/kit.ts';

const ajv = new Ajv({ strict: false });
const check = (schema: object, value: unknown) => problemOf(ajv.compile(schema), value);

test('plain schemas keep the first error, with unexpected properties and constants named', () => {
  const s = Type.Object({ n: Type.Integer({ minimum: 0 }), mode: Type.Literal('x') }, { additionalProperties: false });
  assert.equal(check(s, { n: 1, mode: 'x' }), undefined);
  assert.equal(check(s, { n: -1, mode: 'x' }), 'at /n: must be >= 0');
  assert.equal(check(s, { n: 1, mode: 'y' }), 'at /mode: must be "x"');
  assert.equal(check(s, { n: 1, mode: 'x', bogus: 1 }), "at root: unexpected property 'bogus'");
});

test('a union names the form the value was meant as: the one whose error lies deepest', () => {
  const activity = NodeEventPayloads['node.presence.activity'];
  assert.equal(check(activity, { idleSeconds: 10 }), undefined);
  assert.equal(check(activity, { action: 'clear' }), undefined);
  assert.equal(check(activity, { idleSeconds: -1 }), 'at /idleSeconds: must be >= 0');
  assert.equal(check(activity, { action: 'wipe' }), 'at /action: must be "clear"', 'not "must have required property idleSeconds"');
  assert.equal(check(activity, { idleSeconds: 5, source: 'tv' }), 'at /source: must be equal to one of the allowed values');
  assert.equal(check(activity, 'idle'), 'at root: must be object', 'both forms say the same once');
  assert.equal(check(activity, {}), "at root: matches none of its forms: at root: must have required property 'idleSeconds'; or at root: must have required property 'action'");
});

test('unions of types and constants offer every choice at the place', () => {
  assert.equal(check(Type.Object({ error: Nullable(Type.String()) }), { error: 5 }), 'at /error: must be string or null');
  const kind = Type.Object({ kind: Type.Union([Type.Literal('smb'), Type.Literal('nfs'), Type.Literal('any')]) });
  assert.equal(check(kind, { kind: 'ftp' }), 'at /kind: must be "smb", "nfs" or "any"');
  assert.equal(check(kind, { kind: 'nfs' }), undefined);
});

test('a union nested in an array is reported at its own place', () => {
  const list = Type.Array(Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Integer() })]));
  assert.equal(check(list, [{ a: 'x' }, { b: 'y' }]), 'at /1/b: must be integer');
  assert.equal(check(list, [{ a: 'x' }, {}]), "at /1: matches none of its forms: at /1: must have required property 'a'; or at /1: must have required property 'b'");
});
