// The Telegram module's pure parts: pairing codes, callback data, /run parsing, durations, alert
// grouping and rate limiting, and the long-poll state machine against grammy's real error types.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { GrammyError } from 'grammy/web';
import { createMemoryAlertBus } from '../../src-main/core/alerts/memory-bus.ts';
import { callbackData, cardText, parseCallback } from '../../src-main/core/channels/telegram/cards.ts';
import { parseDuration } from '../../src-main/core/channels/telegram/commands.ts';
import { AlertNotifier } from '../../src-main/core/channels/telegram/alert-notifier.ts';
import type { BotDeps } from '../../src-main/core/channels/telegram/deps.ts';
import { CODE_ALPHABET, codeFor, normalizeCode } from '../../src-main/core/channels/telegram/pairing-codes.ts';
import { Poller, type PollState } from '../../src-main/core/channels/telegram/poller.ts';
import { splitWords } from '../../src-main/core/channels/telegram/run-args.ts';
import { TELEGRAM_NODE_HINTS } from '../../src-main/core/channels/telegram/commands.ts';
import { resolveNode } from '../../src-shared/client/resolve-node.ts';
import { TELEGRAM_MIGRATIONS, createTelegramStore } from '../../src-main/core/channels/telegram/store.ts';
import { looksLikeToken } from '../../src-main/core/channels/telegram/token-file.ts';

function store() {
  const db = new Database(':memory:');
  for (const m of TELEGRAM_MIGRATIONS) db.exec(m);
  return createTelegramStore(db as never);
}

test('pairing codes: 8 characters without look-alikes, same code on a second message, at most three, 1 h', () => {
  assert.equal(/[0O1I]/.test(CODE_ALPHABET), false);
  const s = store();
  const who = (id: number) => ({ userId: id, chatId: id, name: `u${id}`, lang: 'en' as const });
  const a = codeFor(s, who(1), 1_000);
  assert.ok('code' in a);
  assert.match(a.code.code, /^[A-HJ-NP-Z2-9]{8}$/);
  assert.equal(a.code.expiresAtMs, 1_000 + 3_600_000);
  const again = codeFor(s, who(1), 2_000);
  assert.ok('code' in again && again.code.code === a.code.code);
  assert.ok('code' in codeFor(s, who(2), 2_000));
  assert.ok('code' in codeFor(s, who(3), 2_000));
  assert.deepEqual(codeFor(s, who(4), 2_000), { busy: true });
  // After the hour the old codes are gone and a new stranger gets one.
  assert.ok('code' in codeFor(s, who(4), 1_000 + 3_600_001));
  assert.equal(normalizeCode(' abcd-efgh '), 'ABCDEFGH');
});

test('callback data fits in 64 bytes and parses back; junk does not parse', () => {
  const id = '3f2a9b1c-1111-4222-8333-444455556666';
  for (const [kind, action] of [['device', 'approve'], ['surface', 'reject'], ['exec', 'once'], ['exec', 'always'], ['exec', 'deny']] as const) {
    const d = callbackData(kind, action, id);
    assert.ok(Buffer.byteLength(d) <= 64, d);
    assert.deepEqual(parseCallback(d), { kind, action, id });
  }
  for (const junk of ['', 'h:q:a:x', 'h:d:a:', 'h:d:a:a b', 'x'.repeat(200)]) assert.equal(parseCallback(junk), undefined);
});

test('/run words: quotes group (smart quotes too), backslash escapes, nothing expands; nodes by name, id prefix or IP', () => {
  assert.deepEqual(splitWords('laptop sh -c "echo $HOME"'), ['laptop', 'sh', '-c', 'echo $HOME']);
  assert.deepEqual(splitWords('mac ls “My Files” ‘a b’'), ['mac', 'ls', 'My Files', 'a b']);
  assert.deepEqual(splitWords('a\\ b c'), ['a b', 'c']);
  assert.equal(splitWords('echo "open'), undefined);
  const nodes = [{ nodeId: 'abcdef0123', displayName: 'Laptop', remoteIp: '10.0.0.2', connected: true }, { nodeId: 'abcd990000', displayName: 'Mac', connected: false }];
  // /run resolves names with the shared resolver (as the CLI does), hints pointing at /nodes.
  assert.equal(resolveNode('laptop', nodes, TELEGRAM_NODE_HINTS).nodeId, 'abcdef0123');
  assert.equal(resolveNode('10.0.0.2', nodes, TELEGRAM_NODE_HINTS).nodeId, 'abcdef0123');
  assert.equal(resolveNode('abcd99', nodes, TELEGRAM_NODE_HINTS).nodeId, 'abcd990000');
  assert.throws(() => resolveNode('abcd', nodes, TELEGRAM_NODE_HINTS), /"abcd" matches 2 nodes: Laptop \(.*\); Mac \(.*offline\); pass a longer id prefix/);
  assert.throws(() => resolveNode('', nodes, TELEGRAM_NODE_HINTS), /\(see \/nodes\)/);
  assert.throws(() => resolveNode('x', [], TELEGRAM_NODE_HINTS), /no nodes are known yet; pair one with `hearth qr --node` on the gateway machine, then see \/nodes/);
});

test('durations for /mute and the token shape', () => {
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('30m'), 1_800_000);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration('45'), 2_700_000);
  assert.equal(parseDuration('soon'), undefined);
  assert.equal(parseDuration('99d'), undefined);
  assert.equal(looksLikeToken('7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0'), true);
  assert.equal(looksLikeToken('hello'), false);
});

test('alerts: grouped into one message per owner, rate-limited, muted by /mute', async () => {
  const sent: { chatId: number; text: string }[] = [];
  const settings = new Map<string, unknown>();
  const s = store();
  s.putOwner({ userId: 1, chatId: 1, name: 'A', lang: 'en', admittedAtMs: 0 });
  s.putOwner({ userId: 2, chatId: 2, name: 'W', lang: 'zh', admittedAtMs: 0 });
  const deps = {
    api: () => ({ sendMessage: async (chatId: number, text: string) => { sent.push({ chatId, text }); return { message_id: sent.length }; } }),
    store: s, clock: Date.now, log: { warn() {}, info() {}, error() {}, debug() {}, child() { return this; } }, redact: (x: string) => x,
    settings: { get: <T>(k: string, f: T) => (settings.has(k) ? settings.get(k) as T : f), set: (k: string, v: unknown) => settings.set(k, v) },
  } as unknown as BotDeps;
  const bus = createMemoryAlertBus();
  const n = new AlertNotifier(deps, { groupMs: 30, minIntervalMs: 300 });
  bus.subscribe((a, c) => n.onAlert(a, c));
  bus.raise({ key: 'node.offline:x', source: 'nodes', severity: 'warning', message: 'laptop is offline since 10:02; check its network' });
  bus.raise({ key: 'disk:y', source: 'storage', severity: 'critical', message: 'nas is 97% full' });
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(sent.length, 2, 'one grouped message per owner');
  assert.match(sent[0]!.text, /^<b>Hearth alerts<\/b>\n🟠 laptop is offline.*\n🔴 nas is 97% full$/);
  assert.match(sent[1]!.text, /^<b>Hearth 告警<\/b>/);
  // Within the interval: held back, then sent together.
  bus.clear('disk:y');
  bus.raise({ key: 'tunnel.down', source: 'remote', severity: 'critical', message: 'tunnel to vps is down' });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(sent.length, 2, 'rate-limited');
  await new Promise((r) => setTimeout(r, 350));
  assert.equal(sent.length, 4);
  assert.match(sent[2]!.text, /✅ resolved: nas is 97% full\n🔴 tunnel to vps is down/);
  // Muted: nothing goes out.
  settings.set('mutedUntilMs', Date.now() + 60_000);
  bus.raise({ key: 'x', source: 's', severity: 'info', message: 'quiet please' });
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(sent.length, 4);
  n.stop();
});

test('poller: 409 → conflict, 429 → waits retry_after, 401 → unauthorized and stops, network → backoff; offset saved per update', async () => {
  const states: [PollState, string | undefined][] = [];
  const answers: (() => unknown)[] = [
    () => { throw new GrammyError('x', { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }, 'getUpdates', {}); },
    () => { throw new GrammyError('x', { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, 'getUpdates', {}); },
    () => { throw new Error('connect ECONNREFUSED'); },
    () => [{ update_id: 10, message: {} }, { update_id: 11, message: {} }],
    () => { throw new GrammyError('x', { ok: false, error_code: 401, description: 'Unauthorized' }, 'getUpdates', {}); },
  ];
  const times: number[] = [];
  const offsets: (number | undefined)[] = [];
  let saved: number | undefined = 5;
  const handled: number[] = [];
  const api = { getUpdates: async (p: { offset?: number }) => { times.push(Date.now()); offsets.push(p.offset); return answers.shift()!(); } };
  const p = new Poller({
    api: api as never, loadOffset: () => saved, saveOffset: (n) => (saved = n), handle: async (u) => void handled.push(u.update_id),
    onState: (s, e) => states.push([s, e]), backoffStartMs: 20, backoffCapMs: 40, log: { warn() {}, error() {} }, redact: (s) => s,
  });
  p.start();
  await new Promise((r) => setTimeout(r, 1_600));
  await p.stop();
  assert.deepEqual(states.map(([s]) => s), ['conflict', 'backoff', 'backoff', 'polling', 'unauthorized']);
  assert.match(states[0]![1]!, /409 .*Stop the other Hearth gateway/);
  assert.ok(times[2]! - times[1]! >= 950, `429 waited ${times[2]! - times[1]!} ms`);
  assert.deepEqual(handled, [10, 11]);
  assert.equal(saved, 12);
  assert.deepEqual(offsets, [5, 5, 5, 5, 12]);
  assert.equal(times.length, 5, 'stopped polling after 401');
});

test('a node\'s first request for its commands is a new node on the card; a later one names only the new commands', () => {
  const first = { requestId: 'r1', nodeId: 'n'.repeat(64), displayName: 'laptop', platform: 'linux', caps: [], commands: ['system.run', 'system.which'], requiredApproveScopes: [], ts: 1 };
  assert.equal(cardText('surface', first, 'en'),
    '<b>New node wants to join</b>\nNode: laptop\nPlatform: linux\nFingerprint: <code>nnnnnnnnnnnnnnnn</code>\nAddress: (none)\nMay run: system.run, system.which\nApproving admits it with exactly these commands.');
  const later = { ...first, requestId: 'r2', commands: ['system.run', 'system.which', 'hearth.storage.probe'], newCommands: ['hearth.storage.probe'] };
  assert.match(cardText('surface', later, 'en'), /^<b>Node wants new commands<\/b>\n[\s\S]*Wants new commands: hearth\.storage\.probe$/);
  assert.match(cardText('surface', first, 'zh'), /^<b>新节点请求加入<\/b>/);
});
