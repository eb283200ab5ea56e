/**
 * The first-run wizard as a pure state machine: `reduceWizard(view, event, ctx)` returns the
 * next view and the effects the host must run (start the gateway, start the node agent, browse
 * mDNS, copy text, finish). Effects report back as internal events (`gateway-started`,
 * `agent-status`, …) which a window can never send (see src-shared/ipc/validate.ts).
 */
import { DEFAULT_GATEWAY_PORT } from '../../../src-shared/protocol/constants.ts';
import { decodeSetupCode } from '../../../src-shared/protocol/setup-code.ts';
import type {
  DiscoveredGateway, GatewayBind, HostRole, PhonePairing, WizardEvent, WizardFailureReason, WizardView,
} from '../../../src-shared/ipc/types.ts';
import type { NodeAgentStatus } from '../../core/agent/options.ts';
import { classifyAgentStatus } from './classify.ts';
import { explainFailure } from './failures.ts';
import { normalizeGatewayUrl } from './gateway-url.ts';

/** Events only the host (not a window) produces: results of effects. */
export type WizardInternalEvent =
  | { type: 'gateway-started'; gatewayUrl: string; token: string; phone: PhonePairing }
  | { type: 'gateway-failed'; reason: WizardFailureReason; detail?: string }
  | { type: 'phone-code'; phone: PhonePairing }
  | { type: 'discovery-updated'; gateways: DiscoveredGateway[]; scanning?: boolean }
  | { type: 'agent-status'; status: NodeAgentStatus };

export type AnyWizardEvent = WizardEvent | WizardInternalEvent;

/** Side effects the host runs after a transition. */
export type WizardEffect =
  | { type: 'start-gateway'; port: number; bind: GatewayBind; publicUrl: string }
  | { type: 'mint-phone-code' }
  | { type: 'start-discovery' }
  | { type: 'stop-discovery' }
  | { type: 'start-node'; url: string; setupCode?: string }
  | { type: 'stop-node' }
  | { type: 'copy'; text: string }
  | { type: 'complete'; role: HostRole };

export interface WizardContext {
  now: number;
}

export interface WizardTransition {
  view: WizardView;
  effects: WizardEffect[];
}

/** Where every wizard starts. */
export function initialWizard(): WizardView {
  return { step: 'choose-role' };
}

const stay = (view: WizardView): WizardTransition => ({ view, effects: [] });
const go = (view: WizardView, ...effects: WizardEffect[]): WizardTransition => ({ view, effects });

/** Reasons after which Retry should ask for a new code rather than repeat the attempt. */
const NEEDS_NEW_CODE = new Set<WizardFailureReason>(['wrong-code', 'expired', 'invalid-code', 'auth-required']);

function validPublicUrl(text: string): boolean {
  if (text.trim() === '') return true;
  try {
    return ['http:', 'https:', 'ws:', 'wss:'].includes(new URL(text.trim()).protocol);
  } catch {
    return false;
  }
}

/** A failure shown next to the input instead of on its own page. */
function inlineError(reason: WizardFailureReason): string {
  const f = explainFailure(reason);
  return `${f.title}. ${f.message} ${f.nextStep}`;
}

/** Starts pairing with a pasted code: rejects garbage and expired codes before any network traffic. */
function pairWithCode(gatewayUrl: string | undefined, code: string, ctx: WizardContext, onBad: (error: string) => WizardTransition): WizardTransition {
  const decoded = decodeSetupCode(code);
  if (!decoded) return onBad(inlineError('invalid-code'));
  // The code carries the gateway's own idea of its URL; an address the user picked on the LAN wins.
  const url = gatewayUrl ?? normalizeGatewayUrl(decoded.url) ?? decoded.url;
  if (decoded.expiresAtMs <= ctx.now) {
    return go({ step: 'node-failed', gatewayUrl: url, via: 'code', code: code.trim(), failure: explainFailure('expired') });
  }
  return go({ step: 'node-connecting', gatewayUrl: url, via: 'code', code: code.trim() }, { type: 'start-node', url, setupCode: code.trim() });
}

function startGateway(port: number, bind: GatewayBind, publicUrl: string): WizardTransition {
  return go({ step: 'gateway-starting', port, bind, publicUrl }, { type: 'start-gateway', port, bind, publicUrl });
}

function connect(gatewayUrl: string, via: 'code' | 'approval', code: string): WizardTransition {
  const effect: WizardEffect = via === 'code' ? { type: 'start-node', url: gatewayUrl, setupCode: code } : { type: 'start-node', url: gatewayUrl };
  return go({ step: 'node-connecting', gatewayUrl, via, code }, effect);
}

/** Applies one event. Events that do not fit the current step leave it unchanged. */
export function reduceWizard(view: WizardView, event: AnyWizardEvent, ctx: WizardContext): WizardTransition {
  switch (view.step) {
    case 'choose-role':
      if (event.type !== 'choose-role') return stay(view);
      if (event.role === 'gateway') return go({ step: 'gateway-options', port: DEFAULT_GATEWAY_PORT, bind: 'loopback', publicUrl: '' });
      return go({ step: 'node-find', discovered: [], scanning: true, input: '' }, { type: 'start-discovery' });

    case 'gateway-options':
      if (event.type === 'back') return go({ step: 'choose-role' });
      if (event.type !== 'gateway-submit') return stay(view);
      if (!validPublicUrl(event.publicUrl)) {
        return stay({ ...view, port: event.port, bind: event.bind, publicUrl: event.publicUrl, error: 'The public URL must start with http://, https://, ws:// or wss://, e.g. http://home-pc.tailnet.ts.net:18789' });
      }
      return startGateway(event.port, event.bind, event.publicUrl.trim());

    case 'gateway-starting':
      if (event.type === 'gateway-started') return go({ step: 'gateway-token', gatewayUrl: event.gatewayUrl, token: event.token, copied: false, phone: event.phone });
      if (event.type === 'gateway-failed') {
        return go({ step: 'gateway-failed', failure: explainFailure(event.reason, event.detail), port: view.port, bind: view.bind, publicUrl: view.publicUrl });
      }
      return stay(view);

    case 'gateway-failed':
      if (event.type === 'back') return go({ step: 'gateway-options', port: view.port, bind: view.bind, publicUrl: view.publicUrl });
      if (event.type === 'retry') return startGateway(view.port, view.bind, view.publicUrl);
      return stay(view);

    case 'gateway-token':
      if (event.type === 'token-copied') return go({ ...view, copied: true }, { type: 'copy', text: view.token });
      // Shown once: the token leaves the state as soon as the user moves on.
      if (event.type === 'token-acknowledged') return go({ step: 'gateway-qr', gatewayUrl: view.gatewayUrl, phone: view.phone });
      if (event.type === 'phone-code') return stay({ ...view, phone: event.phone });
      return stay(view);

    case 'gateway-qr':
      if (event.type === 'refresh-code') return go(view, { type: 'mint-phone-code' });
      if (event.type === 'phone-code') return stay({ ...view, phone: event.phone });
      if (event.type === 'finish') {
        return go({ step: 'done', role: 'gateway', summary: `This machine is the gateway at ${view.gatewayUrl}. Hearth keeps running in the tray.` }, { type: 'complete', role: 'gateway' });
      }
      return stay(view);

    case 'node-find':
      switch (event.type) {
        case 'back':
          return go({ step: 'choose-role' }, { type: 'stop-discovery' });
        case 'discovery-updated':
          return stay({ ...view, discovered: event.gateways, scanning: event.scanning ?? view.scanning });
        case 'input-changed': {
          const { error: _error, ...rest } = view;
          return stay({ ...rest, input: event.input });
        }
        case 'select-gateway': {
          const url = normalizeGatewayUrl(event.url);
          if (!url) return stay({ ...view, error: inlineError('invalid-url') });
          return go({ step: 'node-pair', gatewayUrl: url, code: '' });
        }
        case 'submit-input': {
          const input = view.input.trim();
          // A pasted setup code (or phone link) already names the gateway: skip a step.
          if (decodeSetupCode(input)) return pairWithCode(undefined, input, ctx, (error) => stay({ ...view, error }));
          const url = normalizeGatewayUrl(input);
          if (!url) return stay({ ...view, error: inlineError('invalid-url') });
          return go({ step: 'node-pair', gatewayUrl: url, code: '' });
        }
        default:
          return stay(view);
      }

    case 'node-pair':
      if (event.type === 'back') return go({ step: 'node-find', discovered: [], scanning: true, input: view.gatewayUrl }, { type: 'start-discovery' });
      if (event.type === 'submit-code') return pairWithCode(view.gatewayUrl, event.code, ctx, (error) => stay({ ...view, code: event.code, error }));
      if (event.type === 'wait-for-approval') return connect(view.gatewayUrl, 'approval', '');
      return stay(view);

    case 'node-connecting':
    case 'node-waiting-approval': {
      if (event.type === 'back') return go({ step: 'node-pair', gatewayUrl: view.gatewayUrl, code: view.code }, { type: 'stop-node' });
      if (event.type !== 'agent-status') return stay(view);
      const outcome = classifyAgentStatus(event.status);
      const base = { gatewayUrl: view.gatewayUrl, via: view.via, code: view.code };
      switch (outcome.kind) {
        case 'progress':
          return stay(view);
        case 'paired':
          return go(
            { step: 'done', role: 'node', summary: `This machine is a node of ${view.gatewayUrl}. Hearth keeps running in the tray.` },
            { type: 'stop-discovery' }, { type: 'complete', role: 'node' },
          );
        case 'waiting': {
          const w: WizardView = { step: 'node-waiting-approval', ...base, fingerprint: outcome.fingerprint, deviceId: outcome.deviceId };
          if (outcome.requestId) w.requestId = outcome.requestId;
          if (outcome.message) w.message = outcome.message;
          return stay(w);
        }
        case 'failed':
          // A wrong code can also come back as "expired" by the clock; trust the clock.
          return go({ step: 'node-failed', ...base, failure: explainFailure(outcome.reason, outcome.detail) }, { type: 'stop-node' });
      }
      return stay(view);
    }

    case 'node-failed':
      if (event.type === 'back') return go({ step: 'node-pair', gatewayUrl: view.gatewayUrl, code: '' });
      if (event.type !== 'retry') return stay(view);
      if (NEEDS_NEW_CODE.has(view.failure.reason)) return go({ step: 'node-pair', gatewayUrl: view.gatewayUrl, code: '' });
      return connect(view.gatewayUrl, view.via, view.code);

    case 'done':
      return stay(view);
  }
}
