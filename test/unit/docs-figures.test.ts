// The figures the docs quote (limits, timeouts, sizes, retries) are the code's: each row builds
// the phrase a doc writes from the constant itself, so changing a constant without its sentence
// (or the other way round) fails here, naming the doc and the phrase to fix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import {
  HANDSHAKE_TIMEOUT_MS, MAX_CHUNKS_PER_BINARY_FRAME, MAX_PAYLOAD_BYTES, MAX_PREAUTH_PAYLOAD_BYTES, MAX_PROGRESS_CHUNK_BYTES, TICK_INTERVAL_MS,
} from '../../src-shared/protocol/constants.ts';
import { MAX_BINARY_HEADER_BYTES } from '../../src-shared/protocol/binary-frame.ts';
import { MAX_DISPLAY_NAME_CHARS } from '../../src-shared/text/control-chars.ts';
import { EXIT_DENIED, EXIT_NOT_LAUNCHED, EXIT_TIMEOUT } from '../../src-shared/client/invoke-result.ts';
import { CANCEL_WAIT_MS } from '../../src-shared/client/run-stream.ts';
import { HTTP_SERVER_OPTIONS } from '../../src-main/core/gateway/edge/index.ts';
import { DEFAULT_PER_ADDRESS_CAP, defaultTotalCap } from '../../src-main/core/gateway/edge/preauth-pool.ts';
import { HOST_LEARN_WAIT_MS } from '../../src-main/core/gateway/edge/host-allowlist.ts';
import { ACK_HOLD_MS } from '../../src-main/core/gateway/held-acks.ts';
import { AUDIT_FLUSH_MS } from '../../src-main/core/store/invocations.ts';
import { LOG_KEEP, LOG_MAX_BYTES } from '../../src-main/core/logging/rotating-file.ts';
import { CANCEL_KILL_GRACE_MS } from '../../src-main/core/agent/invoke.ts';
import { BINARY_FRAME_TARGET_BYTES } from '../../src-main/core/agent/exec/progress-stream.ts';
import { AUTH_GAVE_UP_EXIT_CODE, AUTH_REFUSAL_LADDER_MS, DEFAULT_AUTH_FAILURE_EXIT } from '../../src-main/core/agent/auth-refusals.ts';
import { DEFAULT_BACKOFF } from '../../src-main/core/agent/backoff.ts';
import { BACKOFF as TUNNEL_BACKOFF } from '../../src-main/core/remote/tunnel-backoff.ts';
import { DEFAULT_DEADLINE_MS } from '../../src-main/core/storage/probe-runner.ts';
import { HYSTERESIS_POINTS } from '../../src-main/core/storage/classify.ts';
import { HISTORY_KEEP_MS, RAW_KEEP_MS } from '../../src-main/core/storage/storage-store.ts';
import { NFS_PORT, SMB_PORT } from '../../src-main/core/storage/server-check.ts';
import { CODE_LENGTH, CODE_TTL_MS, MAX_PENDING_CODES } from '../../src-main/core/channels/telegram/pairing-codes.ts';
import { OUTSIDE_RECHECK_MS } from '../../src-main/electron/roles/outside-gateway.ts';
import { createAlertsModule } from '../../src-main/core/alerts/module.ts';
import { storageModule } from '../../src-main/core/storage/index.ts';
import { telegramModule } from '../../src-main/core/channels/telegram/index.ts';
import { approvalsModule } from '../../src-main/core/approvals/index.ts';
import type { FeatureModule } from '../../src-main/core/modules/types.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const KiB = 1024;
const MiB = 1024 * 1024;
const DAY = 86_400_000;
/** Always in seconds: "60 s", "120 s". */
const sec = (ms: number) => `${ms / 1000} s`;
/** 5000 → "5 s", 120000 → "2 min", 600000 → "10 min" (how the docs write durations). */
const dur = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** [doc, phrase it must contain]. */
const FIGURES: [string, string][] = [
  ['README.md', `Frames before \`hello-ok\` may be at most ${MAX_PREAUTH_PAYLOAD_BYTES / KiB} KiB`],
  ['README.md', `the request head must arrive within ${dur(HTTP_SERVER_OPTIONS.headersTimeout!)} of connecting and the body\n  within ${dur(HTTP_SERVER_OPTIONS.requestTimeout!)}`],
  ['README.md', `a WebSocket must send \`connect\` within ${dur(HANDSHAKE_TIMEOUT_MS)}`],
  ['README.md', `a quarter of the descriptor limit, ${defaultTotalCap(0)} to ${defaultTotalCap(1e9)}, each for local and remote peers; ${DEFAULT_PER_ADDRESS_CAP} per remote address`],
  ['README.md', `(${LOG_MAX_BYTES / MiB} MB × ${LOG_KEEP})`],
  ['README.md', `backoff ${dur(TUNNEL_BACKOFF.transient.firstMs)} → ${sec(TUNNEL_BACKOFF.transient.capMs)}`],
  ['docs/protocol.md', `Max payload ${MAX_PAYLOAD_BYTES / MiB} MiB once admitted`],
  ['docs/protocol.md', `\`tick\` every ${dur(TICK_INTERVAL_MS)}`],
  ['docs/protocol.md', `waits ${AUTH_REFUSAL_LADDER_MS.slice(0, 2).map(dur).join(', ')},\n${dur(AUTH_REFUSAL_LADDER_MS[2]!)}, then every ${dur(AUTH_REFUSAL_LADDER_MS[3]!)}`],
  ['docs/protocol.md', `it exits with code ${AUTH_GAVE_UP_EXIT_CODE}`],
  ['docs/protocol.md', `default ${DEFAULT_AUTH_FAILURE_EXIT}; 0 = never`],
  ['docs/protocol.md', `(≤ ${MAX_PROGRESS_CHUNK_BYTES / KiB} KiB, ordered by \`seq\``],
  ['docs/protocol.md', `header length (≤ ${MAX_BINARY_HEADER_BYTES})`],
  ['docs/protocol.md', `at most ${MAX_CHUNKS_PER_BINARY_FRAME}\n  per frame`],
  ['docs/protocol.md', `at most ${MAX_DISPLAY_NAME_CHARS}\n  characters`],
  ['docs/architecture.md', `\`AUDIT_FLUSH_MS\` = ${AUDIT_FLUSH_MS} ms`],
  ['docs/architecture.md', `or after ${ACK_HOLD_MS} ms (\`gateway/held-acks.ts\`)`],
  ['docs/architecture.md', `≤ ${MAX_PROGRESS_CHUNK_BYTES / KiB} KiB of UTF-8 each`],
  ['docs/architecture.md', `(up to ${BINARY_FRAME_TARGET_BYTES / KiB} KiB, at most\n   ${MAX_CHUNKS_PER_BINARY_FRAME} chunks)`],
  ['docs/architecture.md', `SIGKILL ${CANCEL_KILL_GRACE_MS} ms later`],
  ['docs/architecture.md', `leave after ${dur(CANCEL_WAIT_MS)} without confirmation`],
  ['docs/architecture.md', `(at most ${dur(HOST_LEARN_WAIT_MS)}) before the 421 decision`],
  ['docs/architecture.md', `(${LOG_MAX_BYTES / MiB} MB × ${LOG_KEEP})`],
  ['docs/architecture.md', `exit codes (${EXIT_TIMEOUT} timeout, ${EXIT_DENIED} refused, ${EXIT_NOT_LAUNCHED} not launched;`],
  ['src-main/cli/README.md', `${EXIT_TIMEOUT} timeout; ${EXIT_DENIED} refused by the node's exec policy; ${EXIT_NOT_LAUNCHED} not`],
  ['src-main/core/agent/README.md', `SIGKILL ${CANCEL_KILL_GRACE_MS} ms later (\`CANCEL_KILL_GRACE_MS\`)`],
  ['src-main/core/agent/README.md', `(${AUTH_REFUSAL_LADDER_MS.slice(0, 3).map(dur).join(', ')}, then ${dur(AUTH_REFUSAL_LADDER_MS[3]!)})`],
  ['src-main/core/agent/README.md', `(exit ${AUTH_GAVE_UP_EXIT_CODE})`],
  ['src-main/core/agent/README.md', `retries ${dur(DEFAULT_BACKOFF.pairing.initialMs)} → ${dur(DEFAULT_BACKOFF.pairing.maxMs)}`],
  ['src-main/core/storage/README.md', `resolves at the deadline (default ${dur(DEFAULT_DEADLINE_MS)})`],
  ['src-main/core/storage/README.md', `(${SMB_PORT} SMB, ${NFS_PORT} NFS`],
  ['src-main/core/storage/README.md', `clear ${HYSTERESIS_POINTS} points lower`],
  ['src-main/core/storage/README.md', `raw samples (${RAW_KEEP_MS / DAY} days), hourly aggregates (${HISTORY_KEEP_MS / DAY} days)`],
  ['src-main/core/channels/telegram/README.md', `${CODE_LENGTH}-char codes (no 0/O/1/I), ${CODE_TTL_MS / 3_600_000} h, max ${MAX_PENDING_CODES} waiting`],
  ['src-main/electron/README.md', `Every ${dur(OUTSIDE_RECHECK_MS)} the lock is`],
];

test('every figure the docs quote is the constant the code uses', () => {
  const texts = new Map<string, string>();
  const missing: string[] = [];
  for (const [doc, phrase] of FIGURES) {
    if (!texts.has(doc)) texts.set(doc, readFileSync(join(ROOT, doc), 'utf8'));
    // Line breaks in the doc may fall anywhere: compare with whitespace folded.
    const fold = (s: string) => s.replace(/\s+/g, ' ');
    if (!fold(texts.get(doc)!).includes(fold(phrase))) missing.push(`${doc}: "${fold(phrase)}"`);
  }
  assert.deepEqual(missing, [], 'a doc no longer quotes the code\'s figure (fix the sentence or the constant)');
});

/** [doc, phrase with {} where the setting's default goes, module, key, how the doc writes the default]. */
const SETTINGS: [string, string, FeatureModule, string, (v: number) => string][] = [];
const alerts = createAlertsModule(() => { throw new Error('no alert bus in a docs test'); });
const storage = storageModule();
const telegram = telegramModule();
const approvals = approvalsModule();
SETTINGS.push(
  ['docs/architecture.md', 'reconciled every `alerts.checkIntervalMs` ({})', alerts, 'checkIntervalMs', dur],
  ['docs/architecture.md', 'after `alerts.nodeOfflineAfterMs` ({})', alerts, 'nodeOfflineAfterMs', sec],
  ['docs/architecture.md', '`alerts.diskPercent` ({} %) full', alerts, 'diskPercent', String],
  ['docs/architecture.md', '`alerts.diskCheckIntervalMs`, {})', alerts, 'diskCheckIntervalMs', sec],
  ['src-main/core/storage/README.md', 'setting `storage.intervalSec`, default {}', storage, 'intervalSec', (v) => `${v} s`],
  ['src-main/core/storage/README.md', '`storage.deadlineMs`, default {}', storage, 'deadlineMs', String],
  ['src-main/core/channels/telegram/README.md', 'grouped ({}, `telegram.alertGroupMs`)', telegram, 'alertGroupMs', dur],
  ['src-main/core/channels/telegram/README.md', 'rate-limited ({}, `telegram.alertIntervalMs`)', telegram, 'alertIntervalMs', sec],
  ['src-main/core/channels/telegram/README.md', '(`approvals.timeoutMs`, {}', approvals, 'timeoutMs', sec],
);

test('every setting default the docs quote is the one its module declares', () => {
  const missing: string[] = [];
  const fold = (s: string) => s.replace(/\s+/g, ' ');
  for (const [doc, phrase, mod, key, write] of SETTINGS) {
    const setting = mod.settings?.find((x) => x.key === key);
    assert.ok(setting, `${mod.name} declares no setting ${key}`);
    const expected = phrase.replace('{}', write(setting.default as number));
    if (!fold(readFileSync(join(ROOT, doc), 'utf8')).includes(fold(expected))) missing.push(`${doc}: "${expected}"`);
  }
  assert.deepEqual(missing, []);
});

test('the phrases follow a changed constant', () => {
  assert.equal(dur(120_000), '2 min');
  assert.equal(dur(15_000), '15 s');
  assert.equal(dur(400), '400 ms');
});
