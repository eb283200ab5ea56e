// A streamed run whose output has a hole (a chunk the gateway never sent): the runs store counts
// the missing chunks from the seqs, and the run's card says that what it shows is incomplete,
// in English and Chinese. Without it the page showed the output as if it were whole.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { AppProvider } from '../../src-renderer/app/context.tsx';
import { RunResult } from '../../src-renderer/ui/RunResult.tsx';
import { createRunsStore, PROGRESS_EVENT, runCommand, type RunRecord } from '../../src-renderer/state/runs-store.ts';
import type { Invoker } from '../../src-renderer/state/invoker.ts';
import { appServices } from './app-services.ts';

/** A client whose node.invoke answers once `finish` is called; progress events come from `emit`. */
function streamingClient() {
  const handlers = new Set<(p: unknown) => void>();
  let params: Record<string, unknown> = {};
  let finish: (v: unknown) => void = () => {};
  const client: Invoker = {
    invoke: async <T,>(method: string, p?: unknown) => {
      if (method !== 'node.invoke') return {} as T;
      params = p as Record<string, unknown>;
      return new Promise<T>((resolve) => { finish = resolve as (v: unknown) => void; });
    },
    on: (event, h) => {
      if (event !== PROGRESS_EVENT) return () => {};
      handlers.add(h as (p: unknown) => void);
      return () => handlers.delete(h as (p: unknown) => void);
    },
  };
  return { client, key: () => params['idempotencyKey'], emit: (p: unknown) => { for (const h of handlers) h(p); }, finish: (v: unknown) => finish(v) };
}

const streamedResult = { payload: { exitCode: 0, timedOut: false, success: true, stdout: '', stderr: '', error: null, streamed: true } };

afterEach(cleanup);

describe('a streamed run with a gap in its output', () => {
  it('counts the chunks that never came, and shows what did in order', async () => {
    const s = createRunsStore();
    const c = streamingClient();
    const done = runCommand(s, c.client, 'n1', { argv: ['seq', '5'] });
    await Promise.resolve();
    const key = c.key();
    c.emit({ idempotencyKey: key, seq: 0, stream: 'stdout', chunk: '1\n' });
    c.emit({ idempotencyKey: key, seq: 3, stream: 'stdout', chunk: '4\n' });
    c.emit({ idempotencyKey: key, seq: 4, stream: 'stdout', chunk: '5\n' });
    c.finish(streamedResult);
    const run = await done;
    expect(run.outputGap).toBe(2);
    expect(run.status).toBe('done');
    expect(s.getState().live['n1']![0]).toMatchObject({ outputGap: 2, stdout: '1\n4\n5\n' });
  });

  it('a run whose chunks all came has no gap', async () => {
    const s = createRunsStore();
    const c = streamingClient();
    const done = runCommand(s, c.client, 'n1', { argv: ['seq', '2'] });
    await Promise.resolve();
    c.emit({ idempotencyKey: c.key(), seq: 1, stream: 'stdout', chunk: '2\n' });
    c.emit({ idempotencyKey: c.key(), seq: 0, stream: 'stdout', chunk: '1\n' });
    c.finish(streamedResult);
    const run = await done;
    expect(run.outputGap).toBeUndefined();
    expect(s.getState().live['n1']![0]!.stdout).toBe('1\n2\n');
  });

  const record: RunRecord = { id: 'r1', nodeId: 'n1', command: ['seq', '5'], startedAtMs: 0, status: 'done', exitCode: 0, durationMs: 5, stdout: '1\n4\n5\n', stderr: '', outputGap: 2 };

  it.each([
    ['en', 'Part of this output never arrived from the gateway (missing pieces: 2), so what is shown is incomplete. Run the command again to see all of it.'],
    ['zh-CN', '部分输出没有从网关传来（缺少 2 段），下面显示的内容不完整。请重新运行该命令以查看完整输出。'],
  ] as const)('the card says so (%s)', (lang, text) => {
    render(<AppProvider value={appServices({ lang })}><RunResult run={record} /></AppProvider>);
    expect(screen.getByTestId('run-output-gap').textContent).toBe(text);
  });
});
