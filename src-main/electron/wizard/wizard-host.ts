/**
 * Runs the wizard: feeds events to the pure reducer, performs the effects it asks for with
 * injected services (role runtime, config file, mDNS browser, clipboard) and feeds their results
 * back as internal events. Events are processed one at a time, in order, even when an effect
 * reports back synchronously. No Electron import: tested under Node with fakes.
 */
import { randomBytes } from 'node:crypto';
import type { DiscoveredGateway, HostRole, PhonePairing, WizardView } from '../../../src-shared/ipc/types.ts';
import type { HearthConfig } from '../../core/config.ts';
import type { NodeAgentStatus } from '../../core/agent/options.ts';
import type { Logger } from '../../core/logger.ts';
import { classifyGatewayError } from './classify.ts';
import { initialWizard, reduceWizard, type AnyWizardEvent, type WizardEffect } from './machine.ts';

/** What the wizard needs from the rest of the app. */
export interface WizardServices {
  readConfig(): HearthConfig;
  writeConfig(cfg: HearthConfig): void;
  /** Starts the gateway role (gateway + own node); resolves with the gateway's ws:// URL. */
  startGateway(): Promise<{ url: string }>;
  /** Mints an operator setup code and builds the phone link + QR. */
  phonePairing(): Promise<PhonePairing>;
  startNode(target: { url: string; setupCode?: string }, onStatus: (s: NodeAgentStatus) => void): void;
  stopNode(): Promise<void>;
  browse(onChange: (gateways: DiscoveredGateway[]) => void): { stop(): Promise<void> };
  copyText(text: string): void;
  /** The wizard finished: persist the role and switch the window to the app. */
  complete(role: HostRole): Promise<void> | void;
  logger: Logger;
  clock?: () => number;
  /** How long the "scanning" spinner shows before the list is considered settled. */
  scanSettleMs?: number;
}

/** A fresh gateway token: 32 random bytes, base64url (43 chars, like OpenClaw's). */
export function generateGatewayToken(): string {
  return randomBytes(32).toString('base64url');
}

export class WizardHost {
  private current: WizardView;
  private readonly s: WizardServices;
  private readonly listeners = new Set<(v: WizardView) => void>();
  private readonly queue: AnyWizardEvent[] = [];
  private draining = false;
  private browser: { stop(): Promise<void> } | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private discovered: DiscoveredGateway[] = [];
  /** The gateway the node path connected to last, saved to the config on completion. */
  private nodeUrl: string | undefined;

  constructor(services: WizardServices, start: WizardView = initialWizard()) {
    this.s = services;
    this.current = start;
  }

  get view(): WizardView {
    return this.current;
  }

  onChange(listener: (v: WizardView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues an event; resolves with the view once it (and anything queued before) is applied. */
  async dispatch(event: AnyWizardEvent): Promise<WizardView> {
    this.queue.push(event);
    if (!this.draining) {
      this.draining = true;
      try {
        while (this.queue.length > 0) {
          const next = this.queue.shift()!;
          const t = reduceWizard(this.current, next, { now: (this.s.clock ?? Date.now)() });
          const changed = t.view !== this.current;
          this.current = t.view;
          if (changed) for (const l of this.listeners) l(this.current);
          for (const effect of t.effects) await this.run(effect);
        }
      } finally {
        this.draining = false;
      }
    }
    return this.current;
  }

  /** Stops discovery and forgets listeners (the wizard window closed). */
  async dispose(): Promise<void> {
    await this.stopDiscovery();
    this.listeners.clear();
  }

  private post(event: AnyWizardEvent): void {
    void this.dispatch(event);
  }

  private async run(effect: WizardEffect): Promise<void> {
    const s = this.s;
    try {
      switch (effect.type) {
        case 'start-gateway': {
          const cfg = s.readConfig();
          const token = generateGatewayToken();
          cfg.gateway.port = effect.port;
          cfg.gateway.bind = effect.bind;
          cfg.gateway.auth = { mode: 'token', token };
          if (effect.publicUrl) cfg.gateway.publicUrl = effect.publicUrl;
          else delete cfg.gateway.publicUrl;
          s.writeConfig(cfg);
          // Started in the background so the "starting" step renders; the result comes back as an event.
          void (async () => {
            try {
              const gw = await s.startGateway();
              const phone = await s.phonePairing();
              this.post({ type: 'gateway-started', gatewayUrl: gw.url, token, phone });
            } catch (err) {
              s.logger.warn('wizard: gateway did not start', { error: String(err) });
              this.post({ type: 'gateway-failed', reason: classifyGatewayError(err), detail: err instanceof Error ? err.message : String(err) });
            }
          })();
          return;
        }
        case 'mint-phone-code':
          this.post({ type: 'phone-code', phone: await s.phonePairing() });
          return;
        case 'start-discovery':
          await this.stopDiscovery();
          this.discovered = [];
          this.browser = s.browse((gateways) => {
            this.discovered = gateways;
            this.post({ type: 'discovery-updated', gateways });
          });
          this.settleTimer = setTimeout(() => this.post({ type: 'discovery-updated', gateways: this.discovered, scanning: false }), s.scanSettleMs ?? 4000);
          this.settleTimer.unref?.();
          return;
        case 'stop-discovery':
          await this.stopDiscovery();
          return;
        case 'start-node':
          await s.stopNode();
          this.nodeUrl = effect.url;
          s.startNode(effect.setupCode ? { url: effect.url, setupCode: effect.setupCode } : { url: effect.url }, (status) => this.post({ type: 'agent-status', status }));
          return;
        case 'stop-node':
          await s.stopNode();
          return;
        case 'copy':
          s.copyText(effect.text);
          return;
        case 'complete': {
          if (effect.role === 'node' && this.nodeUrl) {
            // Remember the gateway for the next start (the agent already stored its device token).
            const cfg = s.readConfig();
            cfg.node.url = this.nodeUrl;
            s.writeConfig(cfg);
          }
          await s.complete(effect.role);
          return;
        }
      }
    } catch (err) {
      s.logger.error('wizard effect failed', { effect: effect.type, error: String(err) });
    }
  }

  private async stopDiscovery(): Promise<void> {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    const b = this.browser;
    this.browser = undefined;
    await b?.stop();
  }
}
