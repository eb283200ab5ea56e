// The Telegram bot inside a real gateway process, against a local Bot API stand-in that answers
// with real Bot API shapes and records every call grammy makes. Real node agents, real CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { BOT_API_ERRORS, BotApiStandIn, type RecordedCall, type TgUser } from '../helpers/bot-api-standin.ts';
import { HEARTH, spawnHearth, startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

const TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const alice: TgUser = { id: 3_100_000_001, first_name: 'Alice', username: 'alice', language_code: 'en' };
const wei: TgUser = { id: 3_100_000_002, first_name: '伟', username: 'wei', language_code: 'zh-hans' };
const mallory: TgUser = { id: 3_100_000_666, first_name: 'Mallory', username: 'mallory', language_code: 'en' };

let api: BotApiStandIn;
let gw: GatewayProc;
const procs: Proc[] = [];
const dirs: string[] = [];
let cli: string[];

/** Runs `hearth …` without blocking this process (the stand-in must keep answering meanwhile). */
function hearth(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [HEARTH, ...args], { env: { ...process.env, HEARTH_GATEWAY_TOKEN: undefined, OPENCLAW_GATEWAY_TOKEN: undefined } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const text = (c: RecordedCall | undefined) => String(c?.params['text'] ?? '');
const messageId = (c: RecordedCall) => c.params['__message_id'] as number;
const buttons = (c: RecordedCall) => ((c.params['reply_markup'] as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat());

async function nextMessage(chatId: number, after: number, match: RegExp = /./, timeoutMs = 15_000): Promise<RecordedCall> {
  let found: RecordedCall | undefined;
  await waitUntil(() => {
    found = api.sentTo(chatId).slice(after).find((c) => match.test(text(c)));
    return found !== undefined;
  }, timeoutMs, `a message to ${chatId} matching ${match}: ${JSON.stringify(api.sentTo(chatId).slice(after).map(text))}`);
  return found!;
}

/** A user writes; resolves with the bot's first reply matching `match`. */
async function say(user: TgUser, line: string, match: RegExp = /./): Promise<RecordedCall> {
  const before = api.sentTo(user.id).length;
  api.userSays(user, line);
  return nextMessage(user.id, before, match);
}

function answersTo(update: number): RecordedCall | undefined {
  return api.callsOf('answerCallbackQuery').find((c) => c.params['callback_query_id'] === String(4_000_000_000_000 + update));
}

async function tap(user: TgUser, card: RecordedCall, label: RegExp): Promise<RecordedCall> {
  const b = buttons(card).find((x) => label.test(x.text));
  assert.ok(b, `no button ${label} on ${text(card)}`);
  const update = api.userTaps(user, messageId(card), b.callback_data);
  let answer: RecordedCall | undefined;
  await waitUntil(() => (answer = answersTo(update)) !== undefined, 15_000, 'answerCallbackQuery');
  return answer!;
}

function edits(card: RecordedCall): RecordedCall[] {
  return api.callsOf('editMessageText').filter((c) => c.params['message_id'] === messageId(card) && c.params['chat_id'] === card.params['chat_id']);
}

async function status(): Promise<{ state: string; bot: { username: string } | null; owners: number; pending: number; lastError: string | null; lastUpdateAtMs: number | null }> {
  const r = await hearth(['telegram', 'status', '--json', ...cli]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Whether the bot's in-process operator is among the gateway's connections (status --deep). */
async function botListens(): Promise<boolean> {
  const r = await hearth(['status', '--deep', '--json', ...cli]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { peers: { name?: string }[] }).peers.some((p) => p.name === 'hearth-telegram');
}

async function startGateway(stateDir?: string): Promise<void> {
  gw = await startGatewayProcess({
    token: 'tg-gw-token-0123456789', ...(stateDir ? { stateDir } : {}),
    config: { gateway: { autoApproveLocal: false, auth: { mode: 'token', token: 'tg-gw-token-0123456789' } } },
  });
  cli = ['--url', gw.url, '--state-dir', gw.stateDir];
}

async function admin() {
  return GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: gw.token },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
  });
}

before(async () => {
  api = new BotApiStandIn(TOKEN);
  await api.start();
  await startGateway();
});

after(async () => {
  for (const p of procs) await p.stop('SIGKILL');
  await gw?.stop('SIGKILL');
  await api?.stop();
  for (const d of [...dirs, gw?.stateDir]) if (d) rmSync(d, { recursive: true, force: true });
});

test('set: a refused token or an unreachable API saves nothing; a good one is checked with getMe, stored 0600 and never shown', async () => {
  const bad = await hearth(['telegram', 'set', '--token', '7000000001:AAwrongwrongwrongwrongwrongwrong00', '--api-root', api.url, ...cli]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^hearth: .*Telegram refused the token \(401 Unauthorized\).*@BotFather; nothing was saved/);
  const junk = await hearth(['telegram', 'set', '--token', 'not-a-token', '--api-root', api.url, ...cli]);
  assert.match(junk.stderr, /^hearth: .*not a bot token/);
  const down = await hearth(['telegram', 'set', '--token', TOKEN, '--api-root', 'http://127.0.0.1:9', ...cli]);
  assert.match(down.stderr, /^hearth: .*cannot reach the Bot API at http:\/\/127\.0\.0\.1:9/);
  assert.equal(existsSync(join(gw.stateDir, 'telegram.json')), false);
  assert.equal((await status()).state, 'disabled');
  assert.equal(await botListens(), false, 'no bot, no in-process operator among the connections');

  const ok = await hearth(['telegram', 'set', '--token', TOKEN, '--api-root', api.url, ...cli]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^Telegram bot @hearth_home_bot is set/);
  assert.equal(statSync(join(gw.stateDir, 'telegram.json')).mode & 0o777, 0o600);
  assert.ok(api.callsOf('getMe').some((c) => c.token === TOKEN));
  await waitUntil(() => api.callsOf('getUpdates').length > 0, 10_000, 'polling');
  const s = await status();
  assert.equal(s.state, 'polling');
  assert.equal(s.bot?.username, 'hearth_home_bot');
  assert.equal(await botListens(), true, 'a running bot receives the gateway\'s events');
  // The command menu in both languages.
  await waitUntil(() => api.callsOf('setMyCommands').length >= 2, 10_000, 'setMyCommands');
  const menus = api.callsOf('setMyCommands');
  const zh = menus.find((c) => c.params['language_code'] === 'zh');
  const en = menus.find((c) => c.params['language_code'] === undefined);
  const names = (c: RecordedCall | undefined) => (c?.params['commands'] as { command: string }[]).map((x) => x.command).sort();
  assert.deepEqual(names(en), ['alerts', 'help', 'mute', 'nodes', 'pending', 'run', 'status', 'tunnel', 'wake']);
  assert.deepEqual(names(zh), names(en));
  assert.match(JSON.stringify(zh?.params['commands']), /节点/);
  for (const out of [ok.stdout, ok.stderr, JSON.stringify(s), gw.output()]) assert.equal(out.includes(TOKEN), false, 'the token leaked');
});

test('pairing: a stranger gets a code and nothing else, the owner admits it, strangers stay refused', async () => {
  const first = await say(alice, '/status');
  const code = /<code>([A-Z0-9]{8})<\/code>/.exec(text(first))?.[1];
  assert.ok(code, text(first));
  assert.match(code, /^[A-HJ-NP-Z2-9]{8}$/);
  // Writing again gives the same code back and runs no command.
  const again = await say(alice, '/nodes');
  assert.match(text(again), new RegExp(code));
  assert.equal(api.sentTo(alice.id).length, 2);

  const pending = await hearth(['telegram', 'pending', '--json', ...cli]);
  const codes = (JSON.parse(pending.stdout) as { pending: { code: string; userId: number }[] }).pending;
  assert.deepEqual(codes.map((c) => [c.code, c.userId]), [[code, alice.id]]);
  const wrong = await hearth(['telegram', 'approve', 'ABCDEFGH', ...cli]);
  assert.match(wrong.stderr, /^hearth: .*no pending Telegram pairing code ABCDEFGH/);
  const before = api.sentTo(alice.id).length;
  const ok = await hearth(['telegram', 'approve', code.toLowerCase(), ...cli]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Admitted @alice/);
  await nextMessage(alice.id, before, /now an owner/);

  // A second owner, who speaks Chinese.
  const wcode = /<code>([A-Z0-9]{8})<\/code>/.exec(text(await say(wei, '你好')))![1]!;
  assert.match(text(api.sentTo(wei.id)[0]), /配对码/);
  assert.equal((await hearth(['telegram', 'approve', wcode, ...cli])).code, 0);

  // Strangers: at most three codes wait; the fourth is told to come back later.
  const strangers = [mallory, { ...mallory, id: 3_100_000_667 }, { ...mallory, id: 3_100_000_668 }, { ...mallory, id: 3_100_000_669 }];
  for (const s of strangers.slice(0, 3)) assert.match(text(await say(s, 'hi')), /pairing code/);
  assert.match(text(await say(strangers[3]!, 'hi')), /already has 3 pairing requests/);
  const users = JSON.parse((await hearth(['telegram', 'users', '--json', ...cli])).stdout) as { owners: { userId: number }[] };
  assert.deepEqual(users.owners.map((o) => o.userId).sort(), [alice.id, wei.id]);
  const st = await status();
  assert.equal(st.owners, 2);
  assert.equal(st.pending, 3);
});

test('commands: /help /status /nodes /alerts /tunnel /mute /pending and an unknown one, in the user\'s language', async () => {
  assert.match(text(await say(alice, '/help')), /\/run &lt;node&gt;/);
  assert.match(text(await say(wei, '/help')), /在节点上运行命令/);
  const st = text(await say(alice, '/status'));
  assert.match(st, /^<b>Hearth [\d.]+<\/b> — up \d+s/);
  assert.match(st, /Nodes: 0 online of 0/);
  assert.match(text(await say(wei, '/status')), /节点：0 台中 0 台在线/);
  assert.match(text(await say(alice, '/nodes')), /No nodes yet/);
  assert.match(text(await say(alice, '/alerts')), /No open alerts/);
  assert.match(text(await say(alice, '/tunnel')), /remote access/i);
  assert.match(text(await say(alice, '/pending')), /Nothing is waiting/);
  assert.match(text(await say(alice, '/mute 1h')), /muted until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  assert.match(text(await say(alice, '/status')), /Alerts muted until/);
  assert.match(text(await say(alice, '/mute soon')), /^hearth: \/mute needs a duration/);
  assert.match(text(await say(alice, '/mute off')), /on again/);
  assert.match(text(await say(alice, '/frobnicate')), /^hearth: unknown command \/frobnicate; send \/help/);
  assert.match(text(await say(alice, '/run')), /^hearth: \/run needs a node and a command/);
  assert.match(text(await say(alice, '/run nowhere uptime')), /^hearth: no node "nowhere"/);
  assert.match(text(await say(alice, '/wake')), /^Usage: \/wake &lt;node&gt;/);
  assert.match(text(await say(wei, '/wake')), /^用法：\/wake/);
  assert.match(text(await say(alice, '/wake nowhere')), /^hearth: no node "nowhere"/);
});

const nodeName = 'tg-laptop';

test('one-tap approval: one tap admits a new node with the commands it declared, copies edited everywhere, double tap and late taps change nothing; the node then runs', async () => {
  const dir = tempDir('hearth-tg-node-');
  dirs.push(dir);
  const aBefore = api.sentTo(alice.id).length;
  const wBefore = api.sentTo(wei.id).length;
  const node = spawnHearth(['node', 'run', '--url', gw.url, '--token', gw.token, '--name', nodeName, '--state-dir', dir]);
  procs.push(node);
  const card = await nextMessage(alice.id, aBefore, /New node wants to join/);
  const weiCard = await nextMessage(wei.id, wBefore, /新节点请求加入/);
  assert.match(text(card), new RegExp(`^<b>New node wants to join</b>\\nNode: ${nodeName}\\nPlatform: [^\\n]+\\nFingerprint: <code>[0-9A-F-]+</code>\\nAddress: [^\\n]+\\nMay run: [^\\n]*system\\.run[^\\n]*\\nApproving admits it with exactly these commands\\.$`));
  assert.match(text(weiCard), /\n可运行的命令：[^\n]*system\.run[^\n]*\n批准后它即可加入，且只能运行这些命令。$/);
  assert.doesNotMatch(text(card), /surface|silent|bootstrap/i);
  assert.deepEqual(buttons(card).map((b) => b.text), ['✅ Approve', '❌ Reject']);
  // A stranger's tap is answered and ignored.
  const strangerTap = await tap(mallory, card, /Approve/);
  assert.equal(strangerTap.params['text'], undefined);
  assert.equal(edits(card).length, 0);

  const done = await tap(alice, card, /Approve/);
  assert.equal(done.params['text'], 'Done');
  await waitUntil(() => edits(card).length === 1 && edits(weiCard).length === 1, 10_000, 'both copies edited');
  assert.match(text(edits(card)[0]), /✅ Approved by @alice$/);
  assert.match(text(edits(weiCard)[0]), /✅ 已由 @alice 批准$/);
  assert.equal(edits(card)[0]!.params['reply_markup'], undefined, 'the buttons are gone');
  // Double tap, and a tap on the other owner's copy: answered, nothing changes.
  assert.equal((await tap(alice, card, /Approve/)).params['text'], 'Already decided');
  assert.equal((await tap(wei, weiCard, /拒绝/)).params['text'], '已经处理过了');
  assert.equal(edits(card).length, 1);

  // No second card: the node reconnects with the commands that one tap admitted.
  await node.waitFor(/^connected to ws:\S+ as device \S+$/m, 30_000);
  assert.equal(api.sentTo(alice.id).slice(aBefore).filter((c) => /Node wants new commands/.test(text(c))).length, 0);
  const pend = JSON.parse((await hearth(['nodes', 'pending', '--json', ...cli])).stdout) as { devicePairing: { pending: unknown[] }; nodePairing: { pending: unknown[] } };
  assert.equal(pend.devicePairing.pending.length + pend.nodePairing.pending.length, 0);

  const run = await say(alice, `/run ${nodeName} sh -c "echo hello from the node"`, /exit/);
  assert.match(text(run), new RegExp(`^<b>exit 0 on ${nodeName} \\(\\d+ ms\\)</b>\\n<pre>hello from the node\\n</pre>$`));
  assert.match(text(await say(alice, '/nodes')), new RegExp(`<b>${nodeName}</b> 🟢 online`));
});

test('/run output over 4096 characters is cut with a note and sent whole as a file', async () => {
  const before = api.sentTo(alice.id).length;
  api.userSays(alice, `/run ${nodeName} sh -c 'seq 1 3000'`);
  const msg = await nextMessage(alice.id, before, /exit 0/);
  assert.ok(text(msg).length <= 4096, `message is ${text(msg).length} chars`);
  assert.match(text(msg), /output cut at \d+ of 13893 characters; the full output is attached/);
  let doc: RecordedCall | undefined;
  await waitUntil(() => (doc = api.sentTo(alice.id).slice(before).find((c) => c.method === 'sendDocument')) !== undefined, 10_000, 'sendDocument');
  const file = Object.values(doc!.files ?? {})[0]!;
  assert.equal(file.name, `${nodeName}-output.txt`);
  assert.equal(file.text, Array.from({ length: 3000 }, (_, i) => String(i + 1)).join('\n') + '\n');
});

test('device request expiry: a tap after it expired answers "expired"', async () => {
  // A device request that is gone (rejected from the CLI meanwhile) reads as already decided; one the
  // gateway no longer knows at all reads as expired.
  const aBefore = api.sentTo(alice.id).length;
  const dir = tempDir('hearth-tg-node2-');
  dirs.push(dir);
  const node = spawnHearth(['node', 'run', '--url', gw.url, '--token', gw.token, '--name', 'tg-mac', '--state-dir', dir]);
  procs.push(node);
  const card = await nextMessage(alice.id, aBefore, /Node: tg-mac/);
  const r = await hearth(['devices', 'reject', '--latest', ...cli]);
  assert.equal(r.code, 0, r.stderr);
  await waitUntil(() => edits(card).length === 1, 10_000, 'card edited after the CLI decided');
  assert.match(text(edits(card)[0]), /Rejected by someone on the CLI or web UI$/);
  assert.equal((await tap(alice, card, /Approve/)).params['text'], 'Already decided');
  await node.stop();
  // A card for a request id the gateway never had (e.g. from a wiped gateway): expired.
  const fake = { ...card, params: { ...card.params, reply_markup: { inline_keyboard: [[{ text: '✅ Approve', callback_data: 'h:d:a:00000000-0000-4000-8000-000000000000' }]] } } };
  assert.equal((await tap(alice, fake as RecordedCall, /Approve/)).params['text'], 'Expired');
});

const askNode = 'tg-ask';

test('exec ask: outside the allowlist → a card → Allow once runs it; no answer → denied; Always allow adds exactly that argv + cwd', async () => {
  const dir = tempDir('hearth-tg-ask-');
  dirs.push(dir);
  const node = spawnHearth(['node', 'run', '--url', gw.url, '--token', gw.token, '--name', askNode, '--state-dir', dir, '--exec', 'ask', '--allow', 'true']);
  procs.push(node);
  // Pair it from the CLI this time: one approval.
  await node.waitFor(/pairing required/);
  assert.equal((await hearth(['nodes', 'approve', '--latest', ...cli])).code, 0);
  await node.waitFor(/^connected to ws:\S+ as device \S+$/m, 20_000);

  // Allowed by the allowlist: runs without asking.
  const plain = await hearth(['nodes', 'run', askNode, ...cli, '--', 'true']);
  assert.equal(plain.code, 0, plain.stderr);

  // Outside the allowlist: waits for an answer; the web UI/CLI list shows it; Telegram has the card.
  const aBefore = api.sentTo(alice.id).length;
  const running = hearth(['nodes', 'run', askNode, '--cwd', '/tmp', '--env', 'GREETING=hi', ...cli, '--', 'sh', '-c', 'echo "$GREETING from ask"']);
  const card = await nextMessage(alice.id, aBefore, /Exec approval/);
  assert.match(text(card), /Command: <code>sh -c "echo \\"\$GREETING from ask\\""<\/code>|Command: <code>sh -c /);
  assert.match(text(card), /Directory: <code>\/tmp<\/code>/);
  assert.match(text(card), /Environment: <code>GREETING=hi<\/code>/);
  assert.deepEqual(buttons(card).map((b) => b.text), ['✅ Allow once', '♾ Always allow', '❌ Deny']);
  const listed = JSON.parse((await hearth(['approvals', 'list', '--json', ...cli])).stdout) as { pending: { id: string; argv: string[]; cwd: string }[] };
  assert.equal(listed.pending.length, 1);
  assert.deepEqual(listed.pending[0]!.argv, ['sh', '-c', 'echo "$GREETING from ask"']);
  assert.equal((await tap(alice, card, /Allow once/)).params['text'], 'Done');
  const done = await running;
  assert.equal(done.code, 0, done.stderr);
  assert.equal(done.stdout, 'hi from ask\n');
  await waitUntil(() => edits(card).length === 1, 10_000, 'exec card edited');
  assert.match(text(edits(card)[0]), /Allowed once by telegram:@alice$/);
  // The first answer won: the CLI now learns who decided.
  const late = await hearth(['approvals', 'deny', listed.pending[0]!.id, ...cli]);
  assert.match(late.stderr, /^hearth: .*already decided: allow-once by telegram:@alice/);

  // Allow once means once: the same command asks again. Nobody answers → denied; the card says expired.
  const op = await admin();
  const shorter = await hearth(['approvals', 'timeout', '5', ...cli]);
  assert.equal(shorter.stdout, 'Exec approvals wait 5 s for an answer; then the command is denied.\n', shorter.stderr);
  assert.match((await hearth(['approvals', 'timeout', '1', ...cli])).stderr, /^hearth: the approval window must be 5 to 600 seconds/);
  const b2 = api.sentTo(alice.id).length;
  const unanswered = hearth(['nodes', 'run', askNode, '--cwd', '/tmp', '--env', 'GREETING=hi', ...cli, '--', 'sh', '-c', 'echo "$GREETING from ask"']);
  const card2 = await nextMessage(alice.id, b2, /Exec approval/);
  const denied = await unanswered;
  assert.equal(denied.code, 126);
  // First the line saying whom it waits for (how to allow it), then the denial.
  assert.match(denied.stderr, /^hearth: tg-ask asks an operator to allow this command .*`hearth approvals allow [0-9a-f-]+`/);
  assert.match(denied.stderr, /^hearth: .*exec denied: nobody approved sh in time/m);
  await waitUntil(() => edits(card2).length === 1, 10_000, 'expired card edited');
  assert.match(text(edits(card2)[0]), /Expired without an answer$/);
  assert.equal((await tap(alice, card2, /Allow once/)).params['text'], 'Expired');

  // Always allow (from the CLI this time) adds exactly that argv + cwd.
  await op.call('exec.approval.settings', { timeoutMs: 60_000 });
  const always = hearth(['nodes', 'run', askNode, '--cwd', '/tmp', ...cli, '--', 'echo', 'always']);
  await waitUntil(async () => (JSON.parse((await hearth(['approvals', 'list', '--json', ...cli])).stdout) as { pending: unknown[] }).pending.length === 1, 15_000, 'the request');
  const allow = await hearth(['approvals', 'allow', '--latest', '--always', ...cli]);
  assert.equal(allow.code, 0, allow.stderr);
  assert.match(allow.stdout, /^Allowed echo always on tg-ask in \/tmp, and always/);
  assert.equal((await always).stdout, 'always\n');
  const saved = JSON.parse(readFileSync(join(dir, 'exec-approved.json'), 'utf8')) as { runs: unknown[] };
  assert.deepEqual(saved.runs, [{ argv: ['echo', 'always'], cwd: '/tmp' }]);
  const again = await hearth(['nodes', 'run', askNode, '--cwd', '/tmp', ...cli, '--', 'echo', 'always']);
  assert.equal(again.stdout, 'always\n');
  // Same program, another argument or directory: asks again (denied here, from the CLI).
  const other = hearth(['nodes', 'run', askNode, '--cwd', '/', ...cli, '--', 'echo', 'always']);
  await waitUntil(async () => (JSON.parse((await hearth(['approvals', 'list', '--json', ...cli])).stdout) as { pending: unknown[] }).pending.length === 1, 15_000, 'a new request');
  assert.equal((await hearth(['approvals', 'deny', '--latest', ...cli])).code, 0);
  const refused = await other;
  assert.equal(refused.code, 126);
  assert.match(refused.stderr, /exec denied by cli@127\.0\.0\.1/);
  op.close();
});

test('409 conflict → state conflict with the fix → recovers by itself', async () => {
  api.failNext('getUpdates', BOT_API_ERRORS.conflict, 2);
  await say(alice, '/help'); // ends the long poll in flight so the next one meets the conflict
  await waitUntil(async () => (await status()).state === 'conflict', 15_000, 'conflict state');
  const s = await status();
  assert.match(s.lastError ?? '', /409 Conflict: terminated by other getUpdates request.*Stop the other Hearth gateway or bot using the same token/);
  const health = JSON.parse((await hearth(['health', '--json', ...cli])).stdout) as { hearth: { modules: Record<string, { state: string }> } };
  assert.equal(health.hearth.modules['telegram']?.state, 'degraded');
  await waitUntil(async () => (await status()).state === 'polling', 20_000, 'recovery');
  assert.match(text(await say(alice, '/help')), /Hearth commands/);
});

test('429 → waits retry_after before polling again', async () => {
  api.failNext('getUpdates', BOT_API_ERRORS.tooMany(2));
  const n = api.callsOf('getUpdates').length;
  await say(alice, '/help');
  await waitUntil(() => api.callsOf('getUpdates').length >= n + 2, 20_000, 'polling after the 429');
  const calls = api.callsOf('getUpdates').slice(n);
  // calls[0] got the 429; the next one came only after retry_after (2 s).
  assert.ok(calls[1]!.at - calls[0]!.at >= 1_900, `waited ${calls[1]!.at - calls[0]!.at} ms`);
  await waitUntil(async () => (await status()).state === 'polling', 10_000, 'polling again');
});

test('restart: resumes after the last handled update, nothing is handled twice; a message sent while it was down is answered once', async () => {
  const handled = api.callsOf('getUpdates').at(-1)!.params['offset'] as number;
  await gw.stop();
  const before = api.sentTo(alice.id).length;
  const missed = api.userSays(alice, '/status');
  await startGateway(gw.stateDir);
  await nextMessage(alice.id, before, /Hearth/);
  assert.ok(missed >= handled, 'the missed update comes after the handled ones');
  const resumed = api.callsOf('getUpdates').filter((c) => (c.params['offset'] as number) === missed);
  assert.ok(resumed.length >= 1, 'the restarted gateway asked from the first unhandled update');
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(api.sentTo(alice.id).slice(before).length, 1, 'answered exactly once');
});

test('off: stops polling and deletes the token', async () => {
  const r = await hearth(['telegram', 'off', ...cli]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(join(gw.stateDir, 'telegram.json')), false);
  assert.equal((await status()).state, 'disabled');
  assert.equal(await botListens(), false, 'the bot\'s operator left the connections with it');
});
