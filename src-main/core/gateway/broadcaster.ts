/**
 * Broadcast events with a per-connection `seq`, and targeted events without one (SPEC §3).
 * Which sessions receive an event is decided here, once, from the event's audience.
 */
import type { EventName, PayloadOf } from '../../../src-shared/protocol/contract/index.ts';
import type { EventFrame } from '../../../src-shared/protocol/frames.ts';
import { sendAfterHeld } from './held-acks.ts';
import { hasScope, send, type Session } from './session.ts';

/**
 * Who may receive a broadcast: everyone, operators holding a scope, nodes too — or only the node
 * the event is about (`nodes: 'subject'`), which keeps per-node events O(1) per node and keeps
 * nodes from learning about each other.
 */
export type Audience = {
  operators: string | 'any';
  nodes: boolean | 'subject';
  ui?: boolean;
  /** Sent to one session with {@link Broadcaster.sendTo}, never broadcast; declared so hello-ok lists it. */
  targeted?: boolean;
};

/** The audience of a targeted event (connect.challenge, node.invoke.request, …): one session only. */
export const TARGETED: Audience = { operators: 'any', nodes: 'subject', targeted: true };

/** Broadcasts of an event nobody declared (a bug, but never a crash) go to readers only. */
const UNDECLARED: Audience = { operators: 'operator.read', nodes: false };

export class Broadcaster {
  readonly sessions = new Set<Session>();
  readonly stateVersion = { presence: 0, health: 0 };
  private readonly taps = new Set<(event: string, payload: unknown) => void>();

  /**
   * Listens in-process to every broadcast (alert sources, notifiers) without being a session;
   * returns the unsubscribe function.
   */
  tap(listener: (event: string, payload: unknown) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  /** Audiences of the events modules declared (core modules and feature modules alike). */
  private readonly audiences: Record<string, Audience> = {};

  /** Adds the audiences of module events (the module registry has already refused duplicates). */
  addAudiences(audiences: Record<string, Audience>): void {
    Object.assign(this.audiences, audiences);
  }

  add(s: Session): void {
    this.sessions.add(s);
  }

  remove(s: Session): void {
    this.sessions.delete(s);
  }

  private receives(s: Session, audience: Audience, subject: string | undefined): boolean {
    if (s.role === 'node') return audience.nodes === 'subject' ? subject !== undefined && s.deviceId === subject : audience.nodes;
    // UI-only events are not sent to one-shot CLI connections, which never listen for them.
    if (audience.ui && (s.client.mode === 'cli' || s.client.mode === 'probe')) return false;
    if (audience.operators === 'any') return true;
    return hasScope(s.scopes, audience.operators) || (audience.operators === 'operator.pairing' && hasScope(s.scopes, 'operator.admin'));
  }

  /**
   * Sends a broadcast event to every session in its audience, each with its own next `seq`.
   * The payload is serialised once; only the `seq` differs per session. Typed by the contract
   * (src-shared/protocol/contract/events.ts): emitting a payload of the wrong shape, or an event
   * the contract does not name, fails `tsc` — the gateway's side of the check every client
   * repeats at run time on what it receives.
   */
  broadcast<E extends EventName>(event: E, payload: PayloadOf<E>, opts: { stateVersion?: boolean; subject?: string } = {}): void {
    for (const tap of this.taps) {
      try {
        tap(event, payload);
      } catch {
        // An in-process listener must never break delivery to the sessions.
      }
    }
    const audience = (Object.hasOwn(this.audiences, event) ? this.audiences[event] : undefined) ?? UNDECLARED;
    let head: string | undefined;
    let tail = '';
    for (const s of this.sessions) {
      if (!this.receives(s, audience, opts.subject)) continue;
      if (s.socket.readyState !== s.socket.OPEN) continue;
      if (head === undefined) {
        const frame: EventFrame = { type: 'event', event, payload };
        if (opts.stateVersion) frame.stateVersion = { ...this.stateVersion };
        const json = JSON.stringify(frame);
        head = `${json.slice(0, -1)},"seq":`;
        tail = '}';
      }
      sendAfterHeld(s.socket, head + String(++s.seq) + tail);
    }
  }

  /** A targeted event (no seq), e.g. node.invoke.request; typed by the contract like {@link broadcast}. */
  sendTo<E extends EventName>(s: Session, event: E, payload: PayloadOf<E>): void {
    send(s, { type: 'event', event, payload });
  }
}
