// The CLI against a hostile or broken gateway (test/helpers/hostile-gateway.ts): whatever the
// gateway sends, a command ends with one `hearth: <what happened>; <what to do>` line and a
// non-zero exit — never a stack trace, an "unexpected error", a hang or `undefined`.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { startHostileGateway, type HostileGateway, type HostileOptions } from '../helpers/hostile-gateway.ts';
import { spawnHearth, tempDir } from '../helpers/processes.ts';

const dirs: string[] = [];
const gateways: HostileGateway[] = [];
after(async () => {
  for (const g of gateways) await g.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function hostile(opts: HostileOptions): Promise<HostileGateway> {
  const g = await startHostileGateway(opts);
  gateways.push(g);
  return g;
}

/** Runs the built CLI (asynchronously: the hostile gateway lives in this process). */
async function hearth(args: string[], limitMs = 60_000): Promise<{ code: number | null; out: string }> {
  const dir = tempDir('hearth-hostile-cli-');
  dirs.push(dir);
  const p = spawnHearth(args, { HEARTH_STATE_DIR: dir, HEARTH_DEBUG: undefined });
  const kill = setTimeout(() => p.child.kill('SIGKILL'), limitMs);
  const code = await p.exited;
  clearTimeout(kill);
  return { code, out: p.output() };
}

/** The one-line failure every case must end with. */
function assertOneLineFailure(r: { code: number | null; out: string }, pattern: RegExp): void {
  assert.notEqual(r.code, 0, r.out);
  assert.notEqual(r.code, null, `killed: the command hung\n${r.out}`);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${r.out}`);
  assert.match(lines[0]!, /^hearth: /);
  assert.doesNotMatch(r.out, /unexpected error|HEARTH_DEBUG|undefined|\n\s+at /, r.out);
  assert.match(lines[0]!, pattern);
}

test('a result out of contract names the method and the fix, for every kind of read', async () => {
  let answer: unknown = null;
  const g = await hostile({ onRequest: (c, req) => (c.reply(req, answer), true) });
  const cases: [string[], unknown, RegExp][] = [
    [['nodes', 'list'], null, /answered node\.list .*\(at root: must be object\).*update Hearth on both ends, or check --url/],
    [['nodes', 'list'], { ts: 1, nodes: [{ nodeId: 5 }] }, /answered node\.list .*\/nodes\/0/],
    [['health'], [], /answered health/],
    [['status', '--deep'], 'x'.repeat(100_000), /answered status/],
    [['alerts'], { ts: 1, alerts: 'none' }, /answered hearth\.alerts\.list/],
    [['devices', 'list'], {}, /answered device\.pair\.list/],
  ];
  for (const [args, value, pattern] of cases) {
    answer = value;
    assertOneLineFailure(await hearth([...args, '--url', g.url, '--token', 'x']), pattern);
  }
});

test('a broken response frame to a call fails that call at once instead of at its deadline', async () => {
  // Extra top-level property: not a valid res frame (SPEC §3); without the fix the call waited 30 s and "timed out".
  const g = await hostile({ onRequest: (c, req) => (c.send({ type: 'res', id: req['id'], ok: true, payload: {}, bogus: 1 }), true) });
  const r = await hearth(['health', '--url', g.url, '--token', 'x']);
  assertOneLineFailure(r, /answered health .*unexpected property 'bogus'/);
});

test('a connect.challenge or hello-ok out of contract ends the handshake with one line', async () => {
  const nullChallenge = await hostile({ challenge: () => null });
  assertOneLineFailure(await hearth(['health', '--url', nullChallenge.url, '--token', 'x']), /connect\.challenge event .*must be object/);
  const noNonce = await hostile({ challenge: () => ({ ts: 'now' }) });
  assertOneLineFailure(await hearth(['nodes', 'list', '--url', noNonce.url, '--token', 'x']), /connect\.challenge/);
  const oddHello = await hostile({ hello: () => ({ type: 'hello-ok', protocol: '4' }) });
  assertOneLineFailure(await hearth(['health', '--url', oddHello.url, '--token', 'x']), /answered connect /);
  // A res to connect that is not even a valid frame: refused now, not after the 10 s handshake budget.
  const brokenFrame = await hostile({ hello: () => ({ raw: { type: 'res', id: '1:connect', ok: 'yes' } }) });
  assertOneLineFailure(await hearth(['health', '--url', brokenFrame.url, '--token', 'x']), /answered connect .*id and ok are required/);
});
