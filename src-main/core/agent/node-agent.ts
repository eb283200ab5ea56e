/**
 * The node agent's connection loop: connect with the right credential, wait for approval
 * without ever giving up, serve invocations while admitted, and reconnect with capped,
 * jittered backoff after drops or silence.
 */
import { join } from 'node:path';
import { GatewayConnection } from '../../../src-shared/client/connection.ts';
import { commandsPendingStatus } from '../../../src-shared/protocol/surface-pending.ts';
import { internalErrorText } from './internal-error.ts';
import { ConnectRejectedError } from '../../../src-shared/client/errors.ts';
import { unreachableMessage } from '../../../src-shared/client/failure.ts';
import type { MethodName, ParamsOf, ResultOf } from '../../../src-shared/protocol/contract/index.ts';
import type { SocketFactory, SocketLike } from '../../../src-shared/client/socket.ts';
import { shortFingerprint } from '../../../src-shared/protocol/device-auth.ts';
import { decodeSetupCode, setupCodeUrls, type SetupCodePayload } from '../../../src-shared/protocol/setup-code.ts';
import { loadOrCreateIdentity, signerFor } from '../identity/identity-file.ts';
import type { Logger } from '../logger.ts';
import { wsSocketFactory } from '../net/ws-socket.ts';
import { stateFiles } from '../paths.ts';
import { acquireStateLock, type LockRefusal, type StateLock } from '../gateway/state-lock.ts';
import { backoffDelay } from '../../../src-shared/client/backoff.ts';
import { DEFAULT_BACKOFF, type BackoffSchedules } from './backoff.ts';
import { NODE_CAPS, NODE_COMMANDS, buildClientInfo } from './client-info.ts';
import type { AgentCommand } from '../modules/agent-commands.ts';
import { agentCommands } from '../modules/catalog.ts';
import { chooseAuth, explainRefusal, type AuthSource } from './credentials.ts';
import { authRefusalDelay, authRefusalMessage, DEFAULT_AUTH_FAILURE_EXIT, isCredentialRefusal } from './auth-refusals.ts';
import { addApprovedRun, loadApprovedRuns } from './exec/approved-runs.ts';
import type { ExecPolicy } from './exec/policy.ts';
import { ProcessRunGuard } from './exec/run-guard.ts';
import { Invocations } from './invoke.ts';
import { NodeStateFile } from './node-state.ts';
import type { NodeAgent, NodeAgentOptions, NodeAgentStatus } from './options.ts';
import { startSession } from './session.ts';

const secs = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

/** Why a second agent on one state dir does not start, and what to do instead. */
const nodeAgentRefusal: LockRefusal = (owner, stateDir) => new Error(
  `another Hearth node agent (pid ${owner.pid}: the Hearth app, the service from \`hearth node install\`, or another \`hearth node run\`) already runs with state dir ${stateDir}; ` +
  'two agents with one identity would keep replacing each other at the gateway — stop that one first, or give this one its own --state-dir (it then pairs as a new node)',
);

export class NodeAgentRuntime implements NodeAgent {
  private readonly opts: NodeAgentOptions;
  private readonly logger: Logger;
  /** The address in use (or being tried) right now: one of `urls`. */
  private url: string;
  private readonly urls: string[];
  private urlIndex = 0;
  private readonly setup: SetupCodePayload | undefined;
  private readonly state: NodeStateFile;
  private readonly identityPath: string;
  private readonly signer: ReturnType<typeof signerFor>;
  private readonly schedules: BackoffSchedules;
  private readonly socketFactory: SocketFactory;
  private readonly invocations: Invocations;
  private readonly guard: ProcessRunGuard;
  private readonly clock: () => number;
  private execPolicy: ExecPolicy;
  private readonly approvedRunsPath: string;
  private readonly extraCommands: ReadonlyMap<string, AgentCommand>;
  private current: NodeAgentStatus;
  private conn: GatewayConnection | undefined;
  private socket: SocketLike | undefined;
  private wake: (() => void) | undefined;
  private attempt = 0;
  /** Credential refusals in a row (reset by an admitted connect). */
  private authRefusals = 0;
  /** Set when the agent gave up on a refused credential: the final message. */
  private gaveUp: string | undefined;
  private stopped = false;
  private readonly lock: StateLock;
  private loop: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private readonly announcedRequests = new Set<string>();
  private lastLogged = '';
  private lastAuthMessage: string | undefined;

  constructor(opts: NodeAgentOptions) {
    this.opts = opts;
    this.logger = opts.logger;
    this.clock = opts.clock ?? Date.now;
    if (opts.setupCode !== undefined) {
      this.setup = decodeSetupCode(opts.setupCode);
      if (!this.setup) throw new Error('the setup code is not valid (expected the code shown by the gateway, or an oc-pair:// link)');
    }
    const candidates = opts.urls?.length ? opts.urls : opts.url ? [opts.url] : this.setup ? setupCodeUrls(this.setup) : [];
    this.urls = [...new Set(candidates)];
    const url = this.urls[0];
    if (!url) throw new Error('no gateway URL: pass the gateway URL (e.g. ws://host:18789) or a setup code');
    this.url = url;
    const files = stateFiles(opts.stateDir);
    this.identityPath = files.nodeIdentity;
    const identity = loadOrCreateIdentity(files.nodeIdentity);
    this.signer = signerFor(identity);
    this.state = new NodeStateFile(files.nodeState);
    if (this.state.loadProblem) this.logger.warn(this.state.loadProblem);
    if (this.setup && this.setup.expiresAtMs < this.clock() && !this.deviceToken() && !opts.token && !opts.password) {
      this.logger.warn('the setup code has expired; the gateway will refuse it — create a new one on the gateway');
    }
    this.schedules = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.approvedRunsPath = join(opts.stateDir, 'exec-approved.json');
    const approved = loadApprovedRuns(this.approvedRunsPath);
    if (approved.problem) this.logger.warn(approved.problem);
    this.execPolicy = { security: opts.exec.security, allowlist: [...opts.exec.allowlist], approvedRuns: approved.runs };
    const extra = new Map<string, AgentCommand>();
    for (const c of opts.commands ?? agentCommands()) {
      if (NODE_COMMANDS.includes(c.name) || extra.has(c.name)) throw new Error(`node command ${c.name} is registered twice`);
      extra.set(c.name, c);
    }
    this.extraCommands = extra;
    const base = opts.socketFactory ?? wsSocketFactory();
    // Remember the latest socket so stop() can abort a handshake in progress.
    this.socketFactory = (u) => (this.socket = base(u));
    // One agent per state dir (its identity): a second would keep replacing this one at the gateway.
    this.lock = acquireStateLock(files.nodeLock, opts.stateDir, nodeAgentRefusal);
    this.guard = new ProcessRunGuard(opts.stateDir, (m) => this.logger.warn(m));
    this.invocations = new Invocations({
      guard: this.guard,
      deviceId: identity.deviceId,
      logger: this.logger,
      execPolicy: () => this.execPolicy,
      call: <M extends MethodName>(method: M, params: ParamsOf<M>, options?: { timeoutMs?: number }) =>
        (this.conn?.isOpen ? (this.conn.callRaw(method, params, options) as Promise<ResultOf<M>>) : Promise.reject(new Error('not connected to the gateway'))),
      callJSON: (method, paramsJSON, options) => (this.conn?.isOpen ? this.conn.callJSON(method, paramsJSON, options) : Promise.reject(new Error('not connected to the gateway'))),
      callBinary: (method, params, parts, options) => (this.conn?.isOpen ? this.conn.callBinary(method, params, parts, options) : Promise.reject(new Error('not connected to the gateway'))),
      rememberApprovedRun: (run) => {
        this.execPolicy = { ...this.execPolicy, approvedRuns: addApprovedRun(this.approvedRunsPath, this.execPolicy.approvedRuns ?? [], run) };
      },
      runTuning: opts.killGraceMs !== undefined ? { killGraceMs: opts.killGraceMs } : {},
      commands: this.extraCommands,
      ...(opts.onRun ? { onRun: opts.onRun } : {}),
    });
    this.current = this.baseStatus('connecting', { message: `Connecting to ${url}.` });
  }

  /** Starts the loop; called once by startNodeAgent. */
  start(): void {
    this.emit();
    this.logger.info(`node ${this.current.fingerprint} starting; gateway ${this.url}`, { deviceId: this.signer.deviceId, exec: this.execPolicy.security });
    this.loop = this.sweep().then(() => this.run()).then(() => this.finishGaveUp()).catch((err: Error) => {
      this.logger.error(`node agent loop failed: ${err.message}`);
      this.setStatus('error', { message: internalErrorText(err.message) });
    });
  }

  /** After giving up on a refused credential: release what stop() would, and say why it stopped. */
  private finishGaveUp(): void {
    if (this.gaveUp === undefined) return;
    this.stopping ??= Promise.resolve();
    this.guard.close();
    this.lock.release();
    this.setStatus('stopped', { message: this.gaveUp, gaveUp: true });
  }

  /** Kills what a previous agent on this state dir left running (it died before it could). */
  private async sweep(): Promise<void> {
    try {
      const killed = await this.guard.sweepLeftovers();
      if (killed.length > 0) {
        this.logger.warn(`stopped ${killed.length} command(s) a previous agent left running when it died: ${killed.map((k) => `${k.command} (pgid ${k.pgid})`).join(', ')}`);
      }
    } catch (err) {
      this.logger.warn(`could not check for commands a previous agent left running: ${(err as Error).message}`);
    }
  }

  get status(): NodeAgentStatus {
    return { ...this.current, runningInvocations: this.invocations.size };
  }

  setExecPolicy(exec: ExecPolicy): void {
    this.execPolicy = { security: exec.security, allowlist: [...exec.allowlist], approvedRuns: this.execPolicy.approvedRuns ?? [] };
    this.logger.info(`exec policy set to ${exec.security}`);
  }

  reconnectNow(): void {
    this.attempt = 0;
    this.wake?.();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      this.wake?.();
      const kills = this.invocations.cancelAll();
      this.conn?.close(1000, 'node stopping');
      try { this.socket?.close(1000, 'node stopping'); } catch { /* not open */ }
      await Promise.all([kills, this.loop]);
      this.guard.close();
      this.lock.release();
      this.setStatus('stopped', { message: 'Stopped.' });
      this.logger.info('node agent stopped');
    })();
    return this.stopping;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const { auth, source } = chooseAuth({
        token: this.opts.token,
        password: this.opts.password,
        deviceToken: this.deviceToken(),
        bootstrapToken: this.setup?.bootstrapToken,
      });
      // While waiting for approval or after a refusal, keep that explanation on screen.
      if (this.current.state === 'backoff') this.setStatus('connecting', { message: `Connecting to ${this.url}.` });
      let conn: GatewayConnection;
      try {
        conn = await GatewayConnection.open({
          url: this.url,
          client: buildClientInfo({ version: this.opts.version, displayName: this.opts.displayName, instanceId: this.state.instanceId }),
          role: 'node',
          scopes: [],
          caps: NODE_CAPS,
          commands: [...NODE_COMMANDS, ...this.extraCommands.keys()],
          pathEnv: process.env['PATH'] ?? '',
          auth,
          device: this.signer,
          socketFactory: this.socketFactory,
          connectTimeoutMs: this.opts.connectTimeoutMs ?? 15_000,
        });
      } catch (err) {
        if (this.stopped) break;
        // Nothing answered at this address: try the next one at once; back off after a full round.
        if (!(err instanceof ConnectRejectedError) && this.urlIndex + 1 < this.urls.length) {
          const next = this.urls[++this.urlIndex]!;
          this.logger.info(`${this.url} did not answer (${(err as Error).message}); trying ${next}`);
          this.url = next;
          continue;
        }
        const round = !(err instanceof ConnectRejectedError) && this.urls.length > 1;
        const delay = this.afterFailure(round ? new Error(`none of ${this.urls.join(', ')} answered (last: ${(err as Error).message})`) : (err as Error), source);
        if (round) this.useUrl(0);
        await this.sleep(delay);
        continue;
      }
      if (this.stopped) {
        conn.close(1000, 'node stopping');
        break;
      }
      const since = this.clock();
      this.admitted(conn);
      const session = startSession({
        conn,
        logger: this.logger,
        stateDir: this.opts.stateDir,
        deviceId: this.signer.deviceId,
        hostStatsIntervalMs: this.opts.hostStatsIntervalMs ?? 60_000,
        invocations: this.invocations,
        onSurfaceNotice: (message) => this.patchStatus(message
          ? { commandsPendingApproval: true, message: commandsPendingStatus(message) }
          : { commandsPendingApproval: false, message: `Connected to ${this.url}.` }),
      });
      const { code, reason } = await session.done;
      this.conn = undefined;
      if (this.stopped) break;
      const orphans = this.invocations.stopOrphans();
      // Prefer the first address again (the laptop may be back home).
      this.useUrl(0);
      if (this.clock() - since >= (this.opts.stableAfterMs ?? 30_000)) this.attempt = 0;
      const delay = backoffDelay(this.attempt++, this.schedules.drop);
      const stopped = orphans === 0 ? '' : orphans === 1
        ? '; stopped the command it had running here: its result can no longer reach anyone'
        : `; stopped the ${orphans} commands it had running here: their results can no longer reach anyone`;
      const what = `Connection to the gateway closed (${code}${reason ? ` ${reason}` : ''})${stopped}`;
      this.logger.warn(`${what}; reconnecting in ${secs(delay)}`);
      this.setStatus('backoff', { message: `${what}; reconnecting in ${secs(delay)}.`, nextRetryInMs: delay });
      await this.sleep(delay);
    }
  }

  /** The device token saved for this gateway under any of its addresses, the current one first. */
  private deviceToken(): string | undefined {
    for (const u of [this.url, ...this.urls]) {
      const t = this.state.deviceToken(u);
      if (t) return t;
    }
    return undefined;
  }

  private useUrl(index: number): void {
    this.urlIndex = index;
    this.url = this.urls[index]!;
  }

  private admitted(conn: GatewayConnection): void {
    this.conn = conn;
    this.authRefusals = 0;
    const auth = conn.hello.auth;
    if (auth?.deviceToken) {
      try {
        this.state.setDeviceToken(this.url, auth.deviceToken, auth.role ?? 'node', auth.issuedAtMs, this.clock());
      } catch (err) {
        this.logger.error(`could not save the device token to ${this.state.path}: ${(err as Error).message}`);
      }
    }
    this.lastLogged = '';
    this.logger.info(`connected to ${this.url} (auth ${auth?.method ?? 'unknown'}, protocol ${conn.hello.protocol})`);
    this.setStatus('connected', {
      message: `Connected to ${this.url}.`,
      ...(auth?.method ? { authMethod: auth.method } : {}),
      protocol: conn.hello.protocol,
      connectedAtMs: this.clock(),
      commandsPendingApproval: false,
    });
  }

  /** Sets the status for a failed connect and returns how long to wait. */
  private afterFailure(err: Error, source: AuthSource): number {
    if (!(err instanceof ConnectRejectedError)) {
      const delay = backoffDelay(this.attempt++, this.schedules.drop);
      // A socket that never opened: say why (nothing there, TLS mismatch, another program on the port).
      const unreachable = /^cannot reach the gateway at (\S+) \(is it running\?\): (.*)$/s.exec(err.message);
      const text = unreachable ? unreachableMessage(unreachable[1]!, unreachable[2]!) : err.message;
      this.logOnce(`${text}; retrying in ${secs(delay)}`, text);
      this.setStatus('backoff', { message: `${text}; retrying in ${secs(delay)}.`, nextRetryInMs: delay });
      return delay;
    }
    const hasOtherCredential = Boolean(this.opts.token || this.opts.password || this.setup);
    const info = explainRefusal(
      { code: err.code, message: err.message, details: err.details, retryAfterMs: err.retryAfterMs },
      { source, fingerprint: this.current.fingerprint, gatewayUrl: this.url, hasOtherCredential, identityPath: this.identityPath },
    );
    if (info.kind === 'pairing') {
      const delay = Math.max(info.retryAfterMs ?? 0, backoffDelay(this.attempt++, this.schedules.pairing));
      const key = info.requestId ?? 'pairing';
      if (!this.announcedRequests.has(key)) {
        this.announcedRequests.add(key);
        this.logger.warn(info.message, { requestId: info.requestId, fingerprint: this.current.fingerprint });
      }
      this.setStatus('pairing-required', {
        message: info.message, errorCode: info.code, nextRetryInMs: delay, ...(info.requestId ? { requestId: info.requestId } : {}),
        ...(info.heldOut ? { heldOut: info.heldOut } : {}),
      });
      return delay;
    }
    if (info.kind === 'stale-device-token' && source === 'device-token') {
      try {
        for (const u of this.urls) this.state.clearDeviceToken(u);
      } catch (e) {
        this.logger.error(`could not update ${this.state.path}: ${(e as Error).message}`);
      }
    }
    if (isCredentialRefusal(info) || (info.kind === 'rate-limited' && this.authRefusals > 0)) return this.credentialRefused(info, source);
    const schedule = info.kind === 'stale-device-token' && hasOtherCredential ? this.schedules.drop : this.schedules.refused;
    const delay = Math.max(info.retryAfterMs ?? 0, backoffDelay(this.attempt++, schedule));
    this.logOnce(`${info.message} Retrying in ${secs(delay)}.`, info.code);
    this.setStatus('error', { message: info.message, errorCode: info.code, nextRetryInMs: delay });
    return delay;
  }

  /**
   * The gateway refused the credential itself: retrying soon cannot help. Waits 5 s, 30 s, 2 min,
   * then every 10 min; says what is wrong once; under a service manager gives up after
   * `authFailureExit` refusals in a row (the loop ends, status `stopped` with `gaveUp`).
   */
  private credentialRefused(info: ReturnType<typeof explainRefusal>, source: AuthSource): number {
    this.authRefusals++;
    const origin = { source, secretSource: this.opts.secretSource, statePath: this.state.path };
    const message = info.kind === 'rate-limited' ? `${info.message} ${this.lastAuthMessage ?? ''}`.trim() : authRefusalMessage(info, origin, this.url);
    if (info.kind !== 'rate-limited') this.lastAuthMessage = message;
    const limit = this.opts.authFailureExit ?? DEFAULT_AUTH_FAILURE_EXIT;
    if (this.opts.serviceManager && limit > 0 && this.authRefusals >= limit) {
      this.gaveUp = `${this.lastAuthMessage ?? message} Gave up after ${this.authRefusals} refused attempts, so that ${this.opts.serviceManager} shows the failure (setting node.authFailureExit: ${limit}; 0 keeps retrying).`;
      this.logger.error(this.gaveUp, { code: info.code, refusals: this.authRefusals });
      this.stopped = true;
      return 0;
    }
    const delay = Math.max(info.retryAfterMs ?? 0, authRefusalDelay(this.authRefusals, this.opts.authRetryScale));
    // Said once per cause; the repeats only go to the debug log.
    this.logOnce(message, `auth|${info.code}`);
    this.setStatus('error', { message, errorCode: info.code, nextRetryInMs: delay });
    return delay;
  }

  /** Logs a warning when the situation changed; repeats of the same one go to debug. */
  private logOnce(message: string, key: string): void {
    if (key === this.lastLogged) this.logger.debug(message);
    else this.logger.warn(message);
    this.lastLogged = key;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private baseStatus(state: NodeAgentStatus['state'], extra: Partial<NodeAgentStatus>): NodeAgentStatus {
    return {
      state,
      deviceId: this.signer.deviceId,
      fingerprint: shortFingerprint(this.signer.deviceId),
      gatewayUrl: this.url,
      ...extra,
    };
  }

  private setStatus(state: NodeAgentStatus['state'], extra: Partial<NodeAgentStatus>): void {
    this.current = this.baseStatus(state, extra);
    this.emit();
  }

  private patchStatus(extra: Partial<NodeAgentStatus>): void {
    this.current = { ...this.current, ...extra };
    this.emit();
  }

  private emit(): void {
    try {
      this.opts.onStatus?.(this.status);
    } catch (err) {
      this.logger.warn(`status listener failed: ${(err as Error).message}`);
    }
  }
}
