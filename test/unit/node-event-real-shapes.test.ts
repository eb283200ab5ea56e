// Every node.event the real OpenClaw node host sent in the recorded sessions (SPEC §8.4;
// test/fixtures/transcripts/real-node-events.jsonl, extracted from the captured transcripts)
// passes the contract's params and payload checks and gets the answer the real gateway gave; so
// do the stats and LAN cards a Hearth node collects.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectHostStats, lanInterfaces } from '../../src-main/core/agent/host-stats.ts';
import { loadValidators, validateMethod, validateNodeEventPayload } from '../../src-main/core/gateway/validate.ts';
import type { MethodContext } from '../../src-main/core/gateway/services.ts';
import { handleNodeEvent } from '../../src-main/core/nodes/node-event.ts';
import { HEARTH_INTERFACES_EVENT } from '../../src-shared/protocol/constants.ts';
import type { NodeEventParams } from '../../src-shared/protocol/contract/index.ts';
import { ROOT } from '../helpers/processes.ts';

const recorded = readFileSync(join(ROOT, 'test/fixtures/transcripts/real-node-events.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { source: string; params: NodeEventParams });

test('the recorded events cover what the real node host sends', () => {
  const events = new Set(recorded.map((r) => r.params.event));
  assert.deepEqual([...events].sort(), ['exec.finished', 'node.host.stats']);
});

test('every recorded node.event fits the contract and is answered as the real gateway answered it', async () => {
  await loadValidators();
  const stored: unknown[] = [];
  const warned: unknown[] = [];
  const ctx = {
    session: { deviceId: 'real-node' },
    gw: { clock: () => 1, log: { warn: (...a: unknown[]) => warned.push(a) }, nodes: { setHostStats: (_id: string, s: unknown) => stored.push(s) } },
  } as unknown as MethodContext;
  for (const { source, params } of recorded) {
    assert.equal(validateMethod('node.event', params), undefined, `${source}: params`);
    const payload = JSON.parse(params.payloadJSON!) as unknown;
    assert.deepEqual(validateNodeEventPayload(params.event, payload), { known: true }, `${source}: ${params.event} payload`);
    const answer = handleNodeEvent(params, ctx);
    if (params.event === 'node.host.stats') assert.deepEqual(answer, { ok: true, event: 'node.host.stats', handled: true, reason: 'updated' }, source);
    else assert.deepEqual(answer, { ok: true }, source);
  }
  assert.equal(stored.length, recorded.filter((r) => r.params.event === 'node.host.stats').length);
  assert.deepEqual(warned, []);
});

test("a Hearth node's own stats and LAN cards, collected on this machine, fit the contract", async () => {
  await loadValidators();
  const dir = mkdtempSync(join(tmpdir(), 'hearth-stats-'));
  try {
    assert.deepEqual(validateNodeEventPayload('node.host.stats', JSON.parse(JSON.stringify(await collectHostStats(dir)))), { known: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cards = { interfaces: lanInterfaces(), nodeTimeMs: Date.now() };
  assert.deepEqual(validateNodeEventPayload(HEARTH_INTERFACES_EVENT, JSON.parse(JSON.stringify(cards))), { known: true });
});
