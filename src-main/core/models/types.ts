/**
 * Local model services: what an endpoint is, what a probe learns about it, and what the gateway
 * keeps per endpoint (health, latency, cooldown, traffic) for routing and the Models screen.
 */

/** Server software behind an endpoint; `openai` is any other OpenAI-compatible server. */
export type EndpointKind = 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' | 'openai';
export const ENDPOINT_KINDS: readonly EndpointKind[] = ['ollama', 'lmstudio', 'vllm', 'llamacpp', 'openai'];

/**
 * `up`: answered its listing/health endpoints. `down`: refused or answered with an error.
 * `unresponsive`: accepted the connection but did not answer within the probe timeout.
 * `unreachable`: the node that hosts it is not connected. `unknown`: not probed yet.
 */
export type EndpointHealth = 'up' | 'down' | 'unresponsive' | 'unreachable' | 'unknown';

export interface ModelInfo {
  /** The name clients put in `model`. */
  name: string;
  sizeBytes?: number;
  quantization?: string;
  contextLength?: number;
  family?: string;
  parameterSize?: string;
  /** `llm`, `embeddings`, `vlm` where the server says. */
  type?: string;
  /** In memory now (Ollama `/api/ps`, LM Studio `state`; always true for vLLM and llama.cpp). */
  loaded?: boolean;
  /** Bytes of the loaded model held in GPU memory (Ollama `size_vram`). */
  vramBytes?: number;
  /** Until when Ollama keeps it loaded. */
  expiresAt?: string;
}

/** What one probe of one endpoint found (the node command returns these too). */
export interface ProbeResult {
  url: string;
  kind: EndpointKind;
  health: Exclude<EndpointHealth, 'unreachable' | 'unknown'>;
  version?: string;
  models: ModelInfo[];
  /** Round trip of the cheapest listing call, milliseconds. */
  latencyMs?: number;
  error?: string;
  checkedAtMs: number;
}

/** An endpoint the gateway routes to, as shown by `hearth models list` and the Models screen. */
export interface EndpointView {
  id: string;
  name: string;
  url: string;
  /** Where it runs: the gateway's machine, or a node (by device id). */
  nodeId: string | null;
  nodeName: string;
  /** `discovered` on a default port, `configured` with `hearth models add`, `openclaw` via a real OpenClaw node's ollama.* commands. */
  source: 'discovered' | 'configured' | 'openclaw';
  kind: EndpointKind;
  /** 1 is tried first. */
  priority: number;
  health: EndpointHealth;
  version?: string;
  models: ModelInfo[];
  latencyMs?: number;
  error?: string;
  checkedAtMs?: number;
  /** Excluded from routing until then after a failed request. */
  cooldownUntilMs?: number;
  requests: number;
  failures: number;
  lastServedAtMs?: number;
}

export interface ModelsStatus {
  ts: number;
  endpoints: EndpointView[];
  /** Distinct model names on healthy endpoints. */
  liveModels: number;
  refreshIntervalMs: number;
  cooldownMs: number;
  lastRefreshMs?: number;
}

/** Default ports looked at on every machine, in the order they are probed. */
export const DEFAULT_PORTS: readonly { kind: EndpointKind; port: number }[] = [
  { kind: 'ollama', port: 11434 },
  { kind: 'lmstudio', port: 1234 },
  { kind: 'vllm', port: 8000 },
  { kind: 'llamacpp', port: 8080 },
];

/**
 * `HEARTH_MODELS_PORTS=ollama=11434,llamacpp=8080` replaces the default ports (an empty value
 * turns local discovery off). Read on the gateway and on every node; invalid entries are skipped.
 */
export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): { kind: EndpointKind; port: number }[] {
  const raw = env['HEARTH_MODELS_PORTS'];
  if (raw === undefined) return [...DEFAULT_PORTS];
  const out: { kind: EndpointKind; port: number }[] = [];
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, p] = part.split('=');
    const port = Number(p);
    if (ENDPOINT_KINDS.includes(k as EndpointKind) && Number.isInteger(port) && port > 0 && port < 65536) out.push({ kind: k as EndpointKind, port });
  }
  return out;
}
