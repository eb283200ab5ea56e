/**
 * Stand-ins for model servers that cannot run here (Ollama, vLLM, LM Studio), replaying the
 * shapes their documentation and public recordings show: Ollama `/api/tags`, `/api/ps` (with
 * `size_vram`, `expires_at`), `/api/version`, NDJSON `/api/chat` and its OpenAI-compatible `/v1`;
 * vLLM `/v1/models` (`owned_by: "vllm"`, `max_model_len`), `/version`, `/health`; LM Studio
 * `/v1/models` and `/api/v0/models` (`state: loaded|not-loaded`). Chat answers name the stand-in,
 * so a test sees which endpoint served it. `silent` accepts connections and never answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';

export type StandInKind = 'ollama' | 'vllm' | 'lmstudio';

export interface StandIn {
  kind: StandInKind;
  port: number;
  url: string;
  /** Chat/completion requests answered. */
  served: number;
  /** Stops listening and cuts every connection (a crashed server). */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

const GiB = 2 ** 30;

function ollamaTags(models: string[]) {
  return {
    models: models.map((name, i) => ({
      name, model: name, modified_at: '2026-11-20T10:00:00.000000+01:00', size: (2 + i) * GiB, digest: `sha256:${String(i).repeat(64).slice(0, 64)}`,
      details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
    })),
  };
}

function ollamaPs(models: string[]) {
  const name = models[0]!;
  return { models: [{ name, model: name, size: 3 * GiB, digest: 'sha256:' + '0'.repeat(64), details: { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' }, expires_at: '2026-12-01T12:34:56.789+01:00', size_vram: 2.5 * GiB, context_length: 4096 }] };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
  });
}

function json(res: ServerResponse, status: number, v: unknown): void {
  const body = JSON.stringify(v);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface StandInOptions {
  models: string[];
  /** A name in chat answers (default: the kind). */
  label?: string;
  port?: number;
  /** Accept TCP and never answer. */
  silent?: boolean;
}

export async function startStandIn(kind: StandInKind, opts: StandInOptions): Promise<StandIn> {
  const label = opts.label ?? kind;
  const sockets = new Set<Socket>();
  const self: StandIn = { kind, port: opts.port ?? 0, url: '', served: 0, kill: async () => {}, restart: async () => {} };

  const chat = async (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.parse((await readBody(req)) || '{}') as { model?: string; stream?: boolean };
    if (!opts.models.includes(body.model ?? '')) return json(res, 404, { error: { message: `model "${body.model}" not found`, type: 'not_found_error' } });
    self.served++;
    const id = `chatcmpl-${label}-${self.served}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      return json(res, 200, { id, object: 'chat.completion', created, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: `answer from ${label}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const piece of ['answer', ' from', ` ${label}`]) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
    }
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    res.end('data: [DONE]\n\n');
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/completions')) return void chat(req, res);
    if (kind === 'ollama') {
      if (path === '/api/version') return json(res, 200, { version: '0.5.7' });
      if (path === '/api/tags') return json(res, 200, ollamaTags(opts.models));
      if (path === '/api/ps') return json(res, 200, ollamaPs(opts.models));
      if (path === '/v1/models') return json(res, 200, { object: 'list', data: opts.models.map((m) => ({ id: m, object: 'model', created: 1732000000, owned_by: 'library' })) });
      if (path === '/api/chat' && req.method === 'POST') {
        return void readBody(req).then((raw) => {
          const b = JSON.parse(raw || '{}') as { model?: string };
          self.served++;
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          for (const w of ['answer', ' from', ` ${label}`]) res.write(`${JSON.stringify({ model: b.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: w }, done: false })}\n`);
          res.end(`${JSON.stringify({ model: b.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done_reason: 'stop', done: true, total_duration: 4935886791, load_duration: 534986708, prompt_eval_count: 26, eval_count: 3 })}\n`);
        });
      }
    } else if (kind === 'vllm') {
      if (path === '/version') return json(res, 200, { version: '0.6.4.post1' });
      if (path === '/health') { res.writeHead(200); return void res.end(); }
      if (path === '/v1/models') return json(res, 200, { object: 'list', data: opts.models.map((m) => ({ id: m, object: 'model', created: 1732000000, owned_by: 'vllm', root: m, parent: null, max_model_len: 8192, permission: [] })) });
    } else {
      if (path === '/v1/models') return json(res, 200, { object: 'list', data: opts.models.map((m) => ({ id: m, object: 'model', owned_by: 'organization_owner' })) });
      if (path === '/api/v0/models') {
        return json(res, 200, { object: 'list', data: opts.models.map((m, i) => ({ id: m, object: 'model', type: 'llm', publisher: 'lmstudio-community', arch: 'qwen2', compatibility_type: 'gguf', quantization: 'Q4_K_M', state: i === 0 ? 'loaded' : 'not-loaded', max_context_length: 32768 })) });
      }
    }
    json(res, 404, { error: 'not found' });
  };

  let server: Server | NetServer;
  const listen = async (): Promise<void> => {
    server = opts.silent ? createNetServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); }) : createServer(handler);
    server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(self.port, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    self.port = typeof addr === 'object' && addr ? addr.port : self.port;
    self.url = `http://127.0.0.1:${self.port}`;
  };
  await listen();
  self.kill = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  };
  self.restart = listen;
  return self;
}

/**
 * The same stand-in in its own process: tests that run the CLI synchronously (spawnSync) block
 * their own event loop, so a server living in the test process could not answer meanwhile.
 * `kill` is a real crash (SIGKILL); `restart` starts a new process on the same port.
 */
export async function startStandInProcess(kind: StandInKind, opts: StandInOptions): Promise<StandIn> {
  const self: StandIn = { kind, port: opts.port ?? 0, url: '', served: 0, kill: async () => {}, restart: async () => {} };
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(process.execPath, [new URL(import.meta.url).pathname, kind, JSON.stringify({ ...opts, port: self.port })], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child!.once('exit', (code) => reject(new Error(`stand-in ${kind} exited (${code})`)));
    });
    self.port = port;
    self.url = `http://127.0.0.1:${port}`;
  };
  await launch();
  self.kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  self.restart = launch;
  return self;
}

if (process.argv[1] === new URL(import.meta.url).pathname && process.argv[2]) {
  const s = await startStandIn(process.argv[2] as StandInKind, JSON.parse(process.argv[3] ?? '{}') as StandInOptions);
  process.stdout.write(`listening ${s.port}\n`);
}
