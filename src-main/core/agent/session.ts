/**
 * One admitted connection (after hello-ok): the node's announcements (SPEC §8.2), periodic host
 * stats, invocation events, and a watchdog that drops a silent connection (2 × tickIntervalMs).
 */
import type { GatewayConnection } from '../../../src-shared/client/connection.ts';
import type { Logger } from '../logger.ts';
import { HEARTH_INTERFACES_EVENT } from '../../../src-shared/protocol/constants.ts';
import { collectHostStats, lanInterfaces } from './host-stats.ts';
import type { Invocations } from './invoke.ts';
import { backoffDelay, type BackoffPolicy } from '../../../src-shared/client/backoff.ts';
import { tickPolicy } from '../../../src-shared/client/tick-policy.ts';

export interface SessionContext {
  conn: GatewayConnection;
  logger: Logger;
  stateDir: string;
  deviceId: string;
  hostStatsIntervalMs: number;
  invocations: Invocations;
  /** The gateway says the node's command surface awaits approval (message), or approved it (undefined). */
  onSurfaceNotice(message: string | undefined): void;
}

export interface Session {
  /** Resolves when the connection closed, for whatever reason. */
  readonly done: Promise<{ code: number; reason: string }>;
}

/** Longest pause between runner-inventory retries while the command surface awaits approval. */
/** Retrying the inventory while the gateway has not approved the commands: 0.5 s doubling to 10 s. */
const INVENTORY_RETRY: BackoffPolicy = { initialMs: 500, maxMs: 10_000, jitter: 0.2 };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function startSession(ctx: SessionContext): Session {
  const { conn, logger } = ctx;
  const timers: ReturnType<typeof setInterval>[] = [];
  let surfaceNoticeShown = false;

  const sendStats = async () => {
    try {
      const stats = await collectHostStats(ctx.stateDir);
      await conn.call('node.event', { event: 'node.host.stats', payloadJSON: JSON.stringify(stats) });
      // Hearth's own event (a real OpenClaw gateway answers it as unhandled, which is harmless).
      await conn.call('node.event', { event: HEARTH_INTERFACES_EVENT, payloadJSON: JSON.stringify({ interfaces: lanInterfaces(), nodeTimeMs: Date.now() }) });
    } catch (err) {
      logger.debug('host stats not accepted', { error: (err as Error).message });
    }
  };
  const announce = (method: 'node.skills.update' | 'node.pluginTools.update', params: object) =>
    conn.call(method, params).then(() => true, (err: Error) => {
      logger.debug(`${method} not accepted`, { error: err.message });
      return false;
    });

  // Like the real node host, keep re-sending the runner inventory while the gateway says the
  // command surface awaits approval; its first success means the commands were approved.
  let inventoryTimer: ReturnType<typeof setTimeout> | undefined;
  let inventoryAttempt = 0;
  const sendInventory = async (): Promise<void> => {
    if (inventoryTimer) clearTimeout(inventoryTimer);
    inventoryTimer = undefined;
    try {
      await conn.call('node.runnerInventory.update', { protocolFeatures: [], workerHost: { enabled: false } });
      if (surfaceNoticeShown) {
        surfaceNoticeShown = false;
        logger.info('the gateway approved this node\'s commands');
        ctx.onSurfaceNotice(undefined);
      }
    } catch (err) {
      const message = (err as Error).message;
      if (!conn.isOpen || !/approv/i.test(message)) return; // other failures are not worth retrying
      if (!surfaceNoticeShown) {
        surfaceNoticeShown = true;
        logger.info(`the gateway has not approved this node's commands yet: ${message}`);
        ctx.onSurfaceNotice(message);
      }
      const delay = backoffDelay(inventoryAttempt++, INVENTORY_RETRY);
      inventoryTimer = setTimeout(() => void sendInventory(), delay);
    }
  };

  void sendStats();
  void sendInventory();
  void announce('node.skills.update', { skills: [] });
  void announce('node.pluginTools.update', { tools: [] });
  timers.push(setInterval(() => void sendStats(), ctx.hostStatsIntervalMs));

  // Closes with 4000 "tick timeout" after two tick intervals of inbound silence, as reference
  // clients do (SPEC §2); the interval is the gateway's, kept within a sane range (tick-policy.ts).
  const tick = tickPolicy(conn.hello.policy?.tickIntervalMs);
  if (tick.problem) logger.warn(tick.problem);
  const limit = tick.silenceLimitMs;
  timers.push(setInterval(() => {
    if (Date.now() - conn.lastFrameAtMs > limit) {
      logger.warn(`no frame from the gateway for ${Math.round(limit / 1000)} s; reconnecting`);
      conn.close(4000, 'tick timeout');
    }
  }, Math.max(50, Math.min(limit / 4, 5_000))));

  // What the contract made the connection drop goes to the log (once per event name at warn,
  // then debug), not to stderr; a request with a usable id is refused to the gateway.
  const reported = new Set<string>();
  const offs = [
    conn.onContractError((err) => {
      if (err.subject === 'node.invoke.request') void ctx.invocations.refuseMalformed(err.value, err.problem);
      if (reported.has(err.subject)) logger.debug(err.message);
      else {
        reported.add(err.subject);
        logger.warn(`${err.message} (further ones are logged at debug level)`);
      }
    }),
    conn.on('node.invoke.request', (payload) => void ctx.invocations.handleRequest(payload)),
    conn.on('node.invoke.cancel', (payload) => ctx.invocations.handleCancel(payload)),
    conn.on('node.pair.resolved', (payload) => {
      if (!isObj(payload) || payload['nodeId'] !== ctx.deviceId) return;
      if (payload['decision'] === 'approved') {
        inventoryAttempt = 0;
        void sendInventory();
      }
    }),
    conn.on('shutdown', (payload) => {
      const reason = isObj(payload) && typeof payload['reason'] === 'string' ? payload['reason'] : 'shutdown';
      logger.info(`the gateway is shutting down (${reason}); will reconnect`);
    }),
  ];

  const done = new Promise<{ code: number; reason: string }>((resolve) => {
    const finish = (code: number, reason: string) => {
      for (const t of timers) clearInterval(t);
      if (inventoryTimer) clearTimeout(inventoryTimer);
      for (const off of offs) off();
      resolve({ code, reason });
    };
    if (!conn.isOpen) finish(1006, 'closed before the session started');
    else conn.onClose(finish);
  });
  return { done };
}
