// Live run output in the runs store: chunks of this run (only) appear while it runs, stderr
// apart; Cancel asks the gateway and the run ends as cancelled.
import { describe, expect, it } from 'vitest';
import { cancelRun, createRunsStore, PROGRESS_EVENT, runCommand } from '../../src-renderer/state/runs-store.ts';
import type { Invoker } from '../../src-renderer/state/invoker.ts';

/** A client whose node.invoke stays open until `finish`; events are pushed with `emit`. */
function streamingClient() {
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  let finish: (v: unknown) => void = () => {};
  const client: Invoker = {
    invoke: async <T,>(method: string, params?: unknown) => {
      calls.push({ method, params: params as Record<string, unknown> });
      if (method === 'node.invoke') return new Promise<T>((resolve) => { finish = resolve as (v: unknown) => void; });
      return { ok: true, cancelled: true } as T;
    },
    on: (event, h) => {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(h as (p: unknown) => void);
      return () => set.delete(h as (p: unknown) => void);
    },
  };
  const emit = (payload: unknown) => { for (const h of handlers.get(PROGRESS_EVENT) ?? []) h(payload); };
  return { client, calls, emit, finish: (v: unknown) => finish(v), listeners: () => handlers.get(PROGRESS_EVENT)?.size ?? 0 };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('streamed runs', () => {
  it('shows chunks of its own run while it runs, then the final result', async () => {
    const s = createRunsStore();
    const c = streamingClient();
    const done = runCommand(s, c.client, 'n1', { argv: ['sh', '-c', 'x'] });
    const params = c.calls[0]!.params;
    expect(params['stream']).toBe(true);
    const key = params['idempotencyKey'];
    c.emit({ idempotencyKey: key, seq: 0, stream: 'stdout', chunk: 'line 1\n' });
    c.emit({ idempotencyKey: 'someone-else', seq: 0, stream: 'stdout', chunk: 'not mine\n' });
    c.emit({ idempotencyKey: key, seq: 1, stream: 'stderr', chunk: 'warn\n' });
    await wait(80);
    let run = s.getState().live['n1']![0]!;
    expect(run).toMatchObject({ status: 'running', stdout: 'line 1\n', stderr: 'warn\n' });
    c.emit({ idempotencyKey: key, seq: 2, stream: 'stdout', chunk: 'line 2\n' });
    await wait(80);
    expect(s.getState().live['n1']![0]!.stdout).toBe('line 1\nline 2\n');
    c.finish({ payload: { exitCode: 0, timedOut: false, success: true, stdout: 'line 1\nline 2\n', stderr: 'warn\n', error: null } });
    run = await done;
    expect(run).toMatchObject({ status: 'done', exitCode: 0, stdout: 'line 1\nline 2\n' });
    expect(c.listeners()).toBe(0);
  });

  it('Cancel asks hearth.invoke.cancel and the run ends as cancelled', async () => {
    const s = createRunsStore();
    const c = streamingClient();
    const done = runCommand(s, c.client, 'n1', { argv: ['sleep', '100'] });
    const id = s.getState().live['n1']![0]!.id;
    await cancelRun(s, c.client, 'n1', id);
    expect(c.calls[1]).toEqual({ method: 'hearth.invoke.cancel', params: { idempotencyKey: id } });
    expect(s.getState().live['n1']![0]!.cancelling).toBe(true);
    c.finish({ payload: { exitCode: 143, timedOut: false, success: false, stdout: '', stderr: '', error: null, cancelled: true } });
    expect((await done).status).toBe('cancelled');
    expect(s.getState().live['n1']![0]!.cancelling).toBe(false);
  });
});
