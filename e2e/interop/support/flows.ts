/**
 * CLI steps shared by the interop suites: find a pending request with either CLI, and run
 * `system.run` through the real CLI's `gateway call node.invoke` (its `nodes invoke` refuses it).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { parseJsonOutput, runOpenclawOk } from '../../../scripts/peer/openclaw.ts';
import { pollUntil } from '../../../scripts/peer/proc.ts';
import { runHearthOk } from './hearth.ts';
import { pendingFor, type PendingEntry } from './pairing-docs.ts';

/** What system.run returns (SPEC §9.1). */
export interface RunPayload {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  success?: boolean;
}

/** The argv every suite runs: prints `hi`, exits 3. */
export const HI_EXIT_3 = ['sh', '-c', 'echo hi; exit 3'];

/** `openclaw gateway call node.invoke` with system.run; returns the result payload. */
export async function openclawInvokeRun(gatewayArgs: string[], env: NodeJS.ProcessEnv, nodeId: string, argv: string[] = HI_EXIT_3): Promise<RunPayload> {
  const params = { nodeId, command: 'system.run', params: { command: argv }, idempotencyKey: randomUUID() };
  const out = await runOpenclawOk(['gateway', 'call', 'node.invoke', ...gatewayArgs, '--params', JSON.stringify(params), '--json'], env);
  const res = parseJsonOutput<{ ok?: boolean; payload?: RunPayload; payloadJSON?: string }>(out);
  assert.equal(res.ok, true, `node.invoke answered ${out}`);
  return res.payload ?? (res.payloadJSON ? (JSON.parse(res.payloadJSON) as RunPayload) : {});
}

/** Polls an `openclaw … --json` list command until `id` (hex id or display name) has a pending request of `layer`. */
export function openclawPending(listArgs: string[], env: NodeJS.ProcessEnv, id: string, layer: 'device' | 'node', timeoutMs = 90_000): Promise<PendingEntry> {
  return pollUntil(`a pending ${layer} request for ${id} in \`openclaw ${listArgs.join(' ')}\``, timeoutMs, async () =>
    pendingFor(parseJsonOutput(await runOpenclawOk(listArgs, env)), id, layer),
  );
}

/** Polls a `hearth … --json` list command until `id` has a pending request of `layer`. */
export function hearthPending(listArgs: string[], env: NodeJS.ProcessEnv, id: string, layer: 'device' | 'node', timeoutMs = 90_000): Promise<PendingEntry> {
  return pollUntil(`a pending ${layer} request for ${id} in \`hearth ${listArgs.join(' ')}\``, timeoutMs, async () =>
    pendingFor(JSON.parse(await runHearthOk(listArgs, env)), id, layer),
  );
}
