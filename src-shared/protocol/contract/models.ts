/**
 * Local model services (`hearth.models.*`): what an endpoint is, what a probe learns, what the
 * gateway keeps per endpoint. Written once here for the gateway, the CLI and the Models screen.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Empty, Nullable, Open, Opt, Params, StringEnum, method } from './kit.ts';

const Num = Type.Number();

/** Server software behind an endpoint; `openai` is any other OpenAI-compatible server. */
export const ENDPOINT_KINDS = ['ollama', 'lmstudio', 'vllm', 'llamacpp', 'openai'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/**
 * `up`: answered its listing/health endpoints. `down`: refused or answered with an error.
 * `unresponsive`: accepted the connection but did not answer within the probe timeout.
 * `unreachable`: the node that hosts it is not connected. `unknown`: not probed yet.
 */
export const ENDPOINT_HEALTH = ['up', 'down', 'unresponsive', 'unreachable', 'unknown'] as const;
export type EndpointHealth = (typeof ENDPOINT_HEALTH)[number];

export const ModelInfoSchema = Open({
  /** The name clients put in `model`. */
  name: Type.String(),
  sizeBytes: Opt(Num),
  quantization: Opt(Type.String()),
  contextLength: Opt(Num),
  family: Opt(Type.String()),
  parameterSize: Opt(Type.String()),
  /** `llm`, `embeddings`, `vlm` where the server says. */
  type: Opt(Type.String()),
  /** In memory now (Ollama `/api/ps`, LM Studio `state`; always true for vLLM and llama.cpp). */
  loaded: Opt(Type.Boolean()),
  /** Bytes of the loaded model held in GPU memory (Ollama `size_vram`). */
  vramBytes: Opt(Num),
  /** Until when Ollama keeps it loaded. */
  expiresAt: Opt(Type.String()),
});
export type ModelInfo = Static<typeof ModelInfoSchema>;

/** An endpoint the gateway routes to, as shown by `hearth models list` and the Models screen. */
export const EndpointViewSchema = Open({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  /** Where it runs: the gateway's machine (null), or a node (by device id). */
  nodeId: Nullable(Type.String()),
  nodeName: Type.String(),
  /** `discovered` on a default port, `configured` with `hearth models add`, `openclaw` via a real OpenClaw node's ollama.* commands. */
  source: StringEnum(['discovered', 'configured', 'openclaw'] as const),
  kind: StringEnum(ENDPOINT_KINDS),
  /** 1 is tried first. */
  priority: Num,
  health: StringEnum(ENDPOINT_HEALTH),
  version: Opt(Type.String()),
  models: Type.Array(ModelInfoSchema),
  latencyMs: Opt(Num),
  error: Opt(Type.String()),
  checkedAtMs: Opt(Num),
  /** Excluded from routing until then after a failed request. */
  cooldownUntilMs: Opt(Num),
  requests: Num,
  failures: Num,
  lastServedAtMs: Opt(Num),
});
export type EndpointView = Static<typeof EndpointViewSchema>;

export const ModelsStatusSchema = Open({
  ts: Num,
  endpoints: Type.Array(EndpointViewSchema),
  /** Distinct model names on healthy endpoints. */
  liveModels: Num,
  refreshIntervalMs: Num,
  cooldownMs: Num,
  lastRefreshMs: Opt(Num),
});
export type ModelsStatus = Static<typeof ModelsStatusSchema>;

/** `hearth.models.list`: models by name, each with the endpoints that serve it. */
export const ModelListSchema = Open({
  ts: Num,
  models: Type.Array(Open({
    name: Type.String(),
    endpoints: Type.Array(Open({
      id: Type.String(), name: Type.String(), node: Type.String(), kind: StringEnum(ENDPOINT_KINDS),
      /** An endpoint's health, or `cooldown` while it is excluded after a failure. */
      health: Type.String(),
      priority: Num, loaded: Opt(Type.Boolean()), vramBytes: Opt(Num), sizeBytes: Opt(Num), quantization: Opt(Type.String()), contextLength: Opt(Num),
    })),
  })),
});
export type ModelList = Static<typeof ModelListSchema>;

export const ModelsSettingsSchema = Open({ refreshIntervalMs: Num, cooldownMs: Num, probeTimeoutMs: Num, firstByteTimeoutMs: Num });

/** Least and most of each models setting, in ms: for `hearth.models.settings` and the `models.*` settings alike. */
export const MODEL_SETTING_LIMITS = {
  refreshIntervalMs: [1000, 3_600_000], cooldownMs: [0, 3_600_000], probeTimeoutMs: [100, 30_000], firstByteTimeoutMs: [1000, 1_800_000],
} as const satisfies Record<keyof Static<typeof ModelsSettingsSchema>, readonly [number, number]>;
/** One models setting's value as a schema (its limits from MODEL_SETTING_LIMITS). */
export const modelSettingSchema = (key: keyof typeof MODEL_SETTING_LIMITS) =>
  Type.Integer({ minimum: MODEL_SETTING_LIMITS[key][0], maximum: MODEL_SETTING_LIMITS[key][1] });
export type ModelsSettings = Static<typeof ModelsSettingsSchema>;

const EndpointRef = Type.String({ minLength: 1, maxLength: 200 });

export const modelMethods = {
  'hearth.models.status': method(Empty, ModelsStatusSchema),
  'hearth.models.list': method(Empty, ModelListSchema),
  'hearth.models.refresh': method(Empty, ModelsStatusSchema),
  'hearth.models.add': method(
    Params({
      url: Type.String({ minLength: 1, maxLength: 2000 }),
      nodeId: Opt(Type.String({ minLength: 1 })),
      kind: Opt(Type.Union(ENDPOINT_KINDS.map((k) => Type.Literal(k)))),
      name: Opt(Type.String({ minLength: 1, maxLength: 80, pattern: '^[^@\\s]+$' })),
      priority: Opt(Type.Integer({ minimum: 1, maximum: 10_000 })),
    }),
    Open({ endpoint: EndpointViewSchema }),
  ),
  'hearth.models.remove': method(Params({ endpoint: EndpointRef }), Open({ removed: Type.String(), name: Type.String(), note: Opt(Type.String()) })),
  'hearth.models.reorder': method(Params({ ids: Type.Array(EndpointRef, { minItems: 1, maxItems: 500 }) }), ModelsStatusSchema),
  'hearth.models.setPriority': method(Params({ endpoint: EndpointRef, priority: Type.Integer({ minimum: 1, maximum: 10_000 }) }), ModelsStatusSchema),
  'hearth.models.settings': method(
    Params({
      cooldownMs: Opt(modelSettingSchema('cooldownMs')), refreshIntervalMs: Opt(modelSettingSchema('refreshIntervalMs')),
      probeTimeoutMs: Opt(modelSettingSchema('probeTimeoutMs')), firstByteTimeoutMs: Opt(modelSettingSchema('firstByteTimeoutMs')),
    }),
    ModelsSettingsSchema,
  ),
  'hearth.models.keys.create': method(
    Params({ name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }) }),
    Open({ id: Opt(Type.String()), name: Type.String(), key: Type.String(), createdAtMs: Opt(Num) }),
  ),
  'hearth.models.keys.list': method(
    Empty,
    Open({ keys: Type.Array(Open({ id: Opt(Type.String()), name: Type.String(), createdAtMs: Num, lastUsedAtMs: Nullable(Num) })) }),
  ),
  'hearth.models.keys.revoke': method(Params({ name: Type.String({ minLength: 1 }) }), Open({ revoked: Type.String() })),
  'hearth.models.uiKey': method(Empty, Open({ key: Type.String(), expiresAtMs: Num })),
};
