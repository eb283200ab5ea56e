/** The shapes of `hearth.models.*` the UI reads (mirrors src-main/core/models/types.ts). */
export type EndpointHealth = 'up' | 'down' | 'unresponsive' | 'unreachable' | 'unknown';

export interface ModelInfo {
  name: string;
  sizeBytes?: number;
  quantization?: string;
  contextLength?: number;
  loaded?: boolean;
  vramBytes?: number;
  type?: string;
}

export interface EndpointView {
  id: string;
  name: string;
  url: string;
  nodeId: string | null;
  nodeName: string;
  source: 'discovered' | 'configured' | 'openclaw';
  kind: string;
  priority: number;
  health: EndpointHealth;
  version?: string;
  models: ModelInfo[];
  latencyMs?: number;
  error?: string;
  cooldownUntilMs?: number;
  requests: number;
}

export interface ModelsStatus {
  ts: number;
  endpoints: EndpointView[];
  liveModels: number;
  refreshIntervalMs: number;
  cooldownMs: number;
}
