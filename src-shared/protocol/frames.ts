/** The three frame shapes of the Gateway protocol and a strict parser for them (SPEC §3). */
import type { ErrorShape } from './errors.ts';

export interface RequestFrame {
  type: 'req';
  id: string;
  method: string;
  params?: unknown;
  traceparent?: string;
  expectedProfileId?: string;
}

export interface ResponseFrame {
  type: 'res';
  id: string;
  ok: boolean;
  payload?: unknown;
  error?: ErrorShape;
}

export interface EventFrame {
  type: 'event';
  event: string;
  payload?: unknown;
  seq?: number;
  stateVersion?: { presence: number; health: number };
  recipientProfileId?: string;
  /** Set on arrival for an event that came as a binary frame: its body, in pieces (binary-frame.ts). */
  body?: Uint8Array[];
}

export type Frame = RequestFrame | ResponseFrame | EventFrame;

export type FrameParseResult =
  | { ok: true; frame: Frame }
  | { ok: false; kind: 'not-json' | 'invalid-frame'; message: string; id?: string };

const REQ_KEYS = new Set(['type', 'id', 'method', 'params', 'traceparent', 'expectedProfileId']);
const RES_KEYS = new Set(['type', 'id', 'ok', 'payload', 'error']);
const EVENT_KEYS = new Set(['type', 'event', 'payload', 'seq', 'stateVersion', 'recipientProfileId']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unexpectedKey(obj: Record<string, unknown>, allowed: Set<string>): string | undefined {
  for (const k of Object.keys(obj)) if (!allowed.has(k)) return k;
  return undefined;
}

/**
 * Parses one text frame. Frames are closed objects: an unknown top-level property is an error,
 * as it is for the real gateway.
 */
export function parseFrame(text: string): FrameParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'not-json', message: 'frame is not valid JSON' };
  }
  return checkFrame(value);
}

/** The checks of {@link parseFrame} on a value already parsed (a binary frame's header). */
export function checkFrame(value: unknown): FrameParseResult {
  if (!isObject(value)) return { ok: false, kind: 'invalid-frame', message: 'invalid frame: expected a JSON object' };
  const id = typeof value['id'] === 'string' ? value['id'] : undefined;
  const fail = (message: string): FrameParseResult =>
    id === undefined ? { ok: false, kind: 'invalid-frame', message } : { ok: false, kind: 'invalid-frame', message, id };
  switch (value['type']) {
    case 'req': {
      const extra = unexpectedKey(value, REQ_KEYS);
      if (extra) return fail(`invalid request frame: unexpected property '${extra}'`);
      if (typeof value['id'] !== 'string' || value['id'] === '') return fail('invalid request frame: id must be a non-empty string');
      if (typeof value['method'] !== 'string' || value['method'] === '') return fail('invalid request frame: method must be a non-empty string');
      if (value['traceparent'] !== undefined && (typeof value['traceparent'] !== 'string' || value['traceparent'].length > 128)) {
        return fail('invalid request frame: traceparent must be a string of at most 128 characters');
      }
      return { ok: true, frame: value as unknown as RequestFrame };
    }
    case 'res': {
      const extra = unexpectedKey(value, RES_KEYS);
      if (extra) return fail(`invalid response frame: unexpected property '${extra}'`);
      if (typeof value['id'] !== 'string' || typeof value['ok'] !== 'boolean') return fail('invalid response frame: id and ok are required');
      if (value['error'] !== undefined) {
        const e = value['error'];
        if (!isObject(e) || typeof e['code'] !== 'string' || typeof e['message'] !== 'string') {
          return fail('invalid response frame: error must have string code and message');
        }
      }
      return { ok: true, frame: value as unknown as ResponseFrame };
    }
    case 'event': {
      const extra = unexpectedKey(value, EVENT_KEYS);
      if (extra) return fail(`invalid event frame: unexpected property '${extra}'`);
      if (typeof value['event'] !== 'string' || value['event'] === '') return fail('invalid event frame: event must be a non-empty string');
      if (value['seq'] !== undefined && !(Number.isInteger(value['seq']) && (value['seq'] as number) >= 0)) {
        return fail('invalid event frame: seq must be a non-negative integer');
      }
      return { ok: true, frame: value as unknown as EventFrame };
    }
    default:
      return fail('invalid frame: type must be "req", "res" or "event"');
  }
}

export function okResponse(id: string, payload?: unknown): ResponseFrame {
  return payload === undefined ? { type: 'res', id, ok: true } : { type: 'res', id, ok: true, payload };
}

export function errorResponse(id: string, error: ErrorShape): ResponseFrame {
  return { type: 'res', id, ok: false, error };
}
