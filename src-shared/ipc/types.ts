/**
 * Domain types the desktop window and the main process share: the machine's role, update
 * channels and the first-run wizard's states and events (the reducer lives in
 * src-main/electron/wizard/; the window only renders {@link WizardView} and sends {@link WizardEvent}).
 */

/** What this machine is: the home hub, or a node that runs work for one. */
export type HostRole = 'gateway' | 'node';
export type UpdateChannel = 'stable' | 'beta';
/** Mirrors `ExecSecurity` of the core config (src-shared cannot import from src-main). */
export type ExecSecurity = 'deny' | 'allowlist' | 'ask' | 'full';
export type GatewayBind = 'loopback' | 'lan' | 'tailnet';

/** Why pairing or starting failed; each has a title, an explanation and a next step. */
export type WizardFailureReason =
  | 'unreachable' | 'wrong-code' | 'expired' | 'invalid-code' | 'invalid-url' | 'rejected' | 'auth-required'
  | 'port-in-use' | 'gateway-running' | 'unknown';

/** A failure as the wizard shows it. */
export interface WizardFailure {
  reason: WizardFailureReason;
  title: string;
  message: string;
  nextStep: string;
  /** Raw detail for the curious (error message from the gateway or the OS). */
  detail?: string;
}

/** A gateway seen on the LAN by mDNS. */
export interface DiscoveredGateway {
  name: string;
  url: string;
  host: string;
  port: number;
  /** True when the TXT record says it is a Hearth gateway (not only an OpenClaw one). */
  hearth: boolean;
  version?: string;
}

export type WizardView =
  | { step: 'choose-role' }
  | { step: 'gateway-options'; port: number; bind: GatewayBind; publicUrl: string; error?: string }
  | { step: 'gateway-starting'; port: number; bind: GatewayBind; publicUrl: string }
  | { step: 'gateway-failed'; failure: WizardFailure; port: number; bind: GatewayBind; publicUrl: string }
  /** The token is held only in this step: shown once, then dropped from state. */
  | { step: 'gateway-token'; gatewayUrl: string; token: string; copied: boolean; phone: PhonePairing }
  | { step: 'gateway-qr'; gatewayUrl: string; phone: PhonePairing }
  | { step: 'node-find'; discovered: DiscoveredGateway[]; scanning: boolean; input: string; error?: string }
  | { step: 'node-pair'; gatewayUrl: string; code: string; error?: string }
  /** `code` is what the user pasted ('' when waiting for approval), kept so Retry can reuse it. */
  | { step: 'node-connecting'; gatewayUrl: string; via: 'code' | 'approval'; code: string }
  | { step: 'node-waiting-approval'; gatewayUrl: string; via: 'code' | 'approval'; code: string; fingerprint: string; deviceId: string; requestId?: string; message?: string }
  | { step: 'node-failed'; gatewayUrl: string; via: 'code' | 'approval'; code: string; failure: WizardFailure }
  | { step: 'done'; role: HostRole; summary: string };

/** How the phone joins: a link with a one-time setup code, also drawn as a QR code. */
export interface PhonePairing {
  phoneUrl: string;
  /** SVG markup of the QR code for `phoneUrl`. */
  qrSvg: string;
  expiresAtMs: number;
  /** Set when the phone probably cannot reach this URL (e.g. loopback-only gateway). */
  warning?: string;
}

/** Events the window (or the host running effects) sends to the wizard. */
export type WizardEvent =
  | { type: 'choose-role'; role: HostRole }
  | { type: 'back' }
  | { type: 'gateway-submit'; port: number; bind: GatewayBind; publicUrl: string }
  | { type: 'token-copied' }
  | { type: 'token-acknowledged' }
  | { type: 'refresh-code' }
  | { type: 'finish' }
  | { type: 'input-changed'; input: string }
  | { type: 'select-gateway'; url: string }
  | { type: 'submit-input' }
  | { type: 'submit-code'; code: string }
  | { type: 'wait-for-approval' }
  | { type: 'retry' };
