/**
 * The models module against a REAL llama.cpp `llama-server` (built by scripts/llama-server.sh,
 * tiny random-weight model): discovery on its port, inventory, /v1/models, a streamed chat through
 * the gateway whose chunks match the server's own, a non-streamed chat, completions and
 * embeddings — directly on the gateway machine and through a Hearth node (server on the node's
 * loopback, relayed over the node's connection; the gateway has no route to it otherwise).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { cli, pairNode } from '../helpers/hardening.ts';
import { llamaServerPaths, startLlamaServer, type LlamaServer } from '../helpers/llama-server.ts';
import { freePort, spawnHearth, tempDir, waitUntil, type Proc } from '../helpers/processes.ts';

const paths = llamaServerPaths();
const skip = 'missing' in paths ? paths.missing : false;
const TOKEN = 'llama-test-token-0123456789';

interface Chunk { object: string; model: string; choices: { index: number; delta: { role?: string; content?: string | null }; finish_reason: string | null }[] }

/** The data events of an SSE body, `[DONE]` kept as a string. */
function sse(text: string): (Chunk | '[DONE]')[] {
  return text.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => {
    const d = b.slice(6).trim();
    return d === '[DONE]' ? '[DONE]' : (JSON.parse(d) as Chunk);
  });
}

/** What must be equal between the server's own stream and the relayed one (ids and times differ per request). */
const shape = (events: (Chunk | '[DONE]')[]) => events.map((e) => (e === '[DONE]' ? e : { object: e.object, model: e.model, choices: e.choices }));

const CHAT = { model: 'hearth-tiny', messages: [{ role: 'user', content: 'Say something' }], max_tokens: 8, temperature: 0, seed: 7 };

async function post(base: string, path: string, body: object, token?: string) {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
}

/** Reads a streamed response, counting network reads (proves chunk-by-chunk delivery, not one buffered blob). */
async function readStream(r: Response): Promise<{ text: string; reads: number }> {
  const reader = r.body!.getReader();
  const dec = new TextDecoder();
  let text = '';
  let reads = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reads++;
    text += dec.decode(value, { stream: true });
  }
  return { text, reads };
}

async function checkEverything(gwBase: string, llama: LlamaServer, endpointPattern: RegExp) {
  // Streamed chat: same chunks as the server's own stream.
  const direct = await readStream(await post(llama.url, '/v1/chat/completions', { ...CHAT, stream: true }));
  const viaRes = await post(gwBase, '/v1/chat/completions', { ...CHAT, stream: true }, TOKEN);
  assert.equal(viaRes.status, 200);
  assert.match(viaRes.headers.get('content-type') ?? '', /text\/event-stream/);
  assert.match(viaRes.headers.get('x-hearth-endpoint') ?? '', endpointPattern);
  const via = await readStream(viaRes);
  assert.deepEqual(shape(sse(via.text)), shape(sse(direct.text)));
  assert.ok(sse(via.text).length >= 4, 'a real stream of several chunks');
  // Chunks are relayed as they are made, not held to the end: the stream arrives in several reads.
  // A loaded machine can leave this reader asleep until a fast model is done, so one read alone
  // proves nothing: a relay that held the body to the end gives one read on every try.
  const reads = [via.reads];
  while (Math.max(...reads) < 2 && reads.length < 4) {
    reads.push((await readStream(await post(gwBase, '/v1/chat/completions', { ...CHAT, stream: true }, TOKEN))).reads);
  }
  assert.ok(Math.max(...reads) >= 2, `chunks arrive as they are made (reads per try: ${reads.join(', ')})`);

  // Non-streamed chat.
  const d2 = (await (await post(llama.url, '/v1/chat/completions', CHAT)).json()) as { choices: { message: { content: string } }[] };
  const v2r = await post(gwBase, '/v1/chat/completions', CHAT, TOKEN);
  assert.equal(v2r.status, 200);
  const v2 = (await v2r.json()) as { object: string; choices: { message: { content: string } }[]; usage: { completion_tokens: number } };
  assert.equal(v2.object, 'chat.completion');
  assert.equal(v2.choices[0]!.message.content, d2.choices[0]!.message.content);
  assert.ok(v2.usage.completion_tokens > 0);

  // Text completion and embeddings.
  const c = await post(gwBase, '/v1/completions', { model: 'hearth-tiny', prompt: 'Once', max_tokens: 4, temperature: 0 }, TOKEN);
  assert.equal(c.status, 200);
  assert.equal(((await c.json()) as { object: string }).object, 'text_completion');
  const de = (await (await post(llama.url, '/v1/embeddings', { model: 'hearth-tiny', input: 'hello' })).json()) as { data: { embedding: number[] }[] };
  const ve = await post(gwBase, '/v1/embeddings', { model: 'hearth-tiny', input: 'hello' }, TOKEN);
  assert.equal(ve.status, 200);
  const vej = (await ve.json()) as { data: { embedding: number[] }[] };
  assert.equal(vej.data[0]!.embedding.length, de.data[0]!.embedding.length);
  assert.deepEqual(vej.data[0]!.embedding, de.data[0]!.embedding);
}

describe('real llama.cpp llama-server', { skip }, () => {
  let llama: LlamaServer;
  before(async () => {
    if ('missing' in paths) return;
    llama = await startLlamaServer(paths);
  });
  after(async () => {
    await llama?.stop();
  });

  describe('on the gateway machine', () => {
    let gw: Proc;
    let port = 0;
    let stateDir = '';
    before(async () => {
      stateDir = tempDir('hearth-llama-gw-');
      port = await freePort();
      // The server's port stands in for llama.cpp's default 8080: found by discovery, not configured.
      gw = spawnHearth(['gateway', '--port', String(port), '--token', TOKEN, '--state-dir', stateDir], { HEARTH_MODELS_PORTS: `llamacpp=${llama.port}` });
      await gw.waitFor(/listening on/);
    });
    after(async () => {
      await gw?.stop();
      rmSync(stateDir, { recursive: true, force: true });
    });

    test('discovery and inventory: kind, version, model, context, latency', async () => {
      const ref = { url: `ws://127.0.0.1:${port}`, token: TOKEN };
      let ep: { name: string; kind: string; version?: string; health: string; latencyMs?: number; nodeId: string | null; models: { name: string; contextLength?: number; sizeBytes?: number; quantization?: string; loaded?: boolean }[] } | undefined;
      await waitUntil(() => {
        const r = cli(ref, ['models', 'status', '--json']);
        ep = (JSON.parse(r.stdout) as { endpoints: NonNullable<typeof ep>[] }).endpoints[0];
        return ep?.health === 'up';
      }, 20_000, 'the llama-server to be discovered');
      assert.equal(ep!.kind, 'llamacpp');
      assert.equal(ep!.nodeId, null);
      assert.match(ep!.version ?? '', /^b\d+-[0-9a-f]+$/, 'build_info from /props');
      assert.ok((ep!.latencyMs ?? -1) >= 0);
      assert.deepEqual(ep!.models.map((m) => [m.name, m.contextLength, m.quantization, m.loaded]), [['hearth-tiny', 256, 'F16', true]], 'context per request: -c 512 over -np 2 slots (/props)');
      assert.ok((ep!.models[0]!.sizeBytes ?? 0) > 1_000_000);
      const list = (await (await fetch(`http://127.0.0.1:${port}/v1/models`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { data: { id: string; owned_by: string; hearth: { endpoints: { node: string }[] } }[] };
      assert.deepEqual(list.data.map((m) => [m.id, m.owned_by, m.hearth.endpoints[0]!.node]), [['hearth-tiny', 'llamacpp', 'gateway']]);
    });

    test('streamed chat (chunks match the server), chat, completions, embeddings through the gateway', async () => {
      await checkEverything(`http://127.0.0.1:${port}`, llama, /^gateway\/llamacpp:/);
    });
  });

  describe('through a Hearth node (server on the node loopback, relayed over its connection)', () => {
    let gw: Proc;
    let node: Proc | undefined;
    let port = 0;
    let stateDir = '';
    let nodeDir = '';
    before(async () => {
      stateDir = tempDir('hearth-llama-gw2-');
      nodeDir = tempDir('hearth-llama-node-');
      port = await freePort();
      // The gateway does not look at the server's port itself: only the node can see it.
      gw = spawnHearth(['gateway', '--port', String(port), '--token', TOKEN, '--state-dir', stateDir], { HEARTH_MODELS_PORTS: '' });
      await gw.waitFor(/listening on/);
      node = (await pairNode({ url: `ws://127.0.0.1:${port}`, token: TOKEN }, 'laptop', nodeDir, [], { HEARTH_MODELS_PORTS: `llamacpp=${llama.port}` })).proc;
    });
    after(async () => {
      await node?.stop();
      await gw?.stop();
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(nodeDir, { recursive: true, force: true });
    });

    test('the node reports its loopback llama-server and the gateway relays everything', async () => {
      const ref = { url: `ws://127.0.0.1:${port}`, token: TOKEN };
      await waitUntil(() => {
        const r = cli(ref, ['models', 'status', '--json']);
        const eps = (JSON.parse(r.stdout) as { endpoints: { nodeName: string; health: string; kind: string }[] }).endpoints;
        return eps.some((e) => e.nodeName === 'laptop' && e.kind === 'llamacpp' && e.health === 'up');
      }, 20_000, 'the node to inventory its llama-server');
      await checkEverything(`http://127.0.0.1:${port}`, llama, /^laptop\/llamacpp:/);
    });

    test('a client that goes away mid-stream cancels the relay; the next request is served', async () => {
      const r = await post(`http://127.0.0.1:${port}`, '/v1/chat/completions', { ...CHAT, max_tokens: 200, stream: true }, TOKEN);
      const reader = r.body!.getReader();
      await reader.read();
      await reader.cancel();
      const again = await post(`http://127.0.0.1:${port}`, '/v1/chat/completions', CHAT, TOKEN);
      assert.equal(again.status, 200);
    });
  });
});
