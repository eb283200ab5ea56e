/**
 * Local model services: what an endpoint is, what a probe learns about it, and what the gateway
 * keeps per endpoint (health, latency, cooldown, traffic) for routing and the Models screen.
 */

// The shapes the gateway, the CLI and the Models screen share are written once, in the contract.
import { ENDPOINT_KINDS, type EndpointHealth, type EndpointKind, type ModelInfo } from '../../../src-shared/protocol/contract/models.ts';

export { ENDPOINT_KINDS };
export type { EndpointHealth, EndpointKind, EndpointView, ModelInfo, ModelsStatus } from '../../../src-shared/protocol/contract/models.ts';

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
