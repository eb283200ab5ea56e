// The Models screen in zh-CN: the gateway machine and the server kind in words, a probe's errno
// line with its meaning, and the refresh and reorder failures in Chinese (they were shown raw).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AppProvider } from '../../src-renderer/app/context.tsx';
import { ModelsScreen } from '../../src-renderer/screens/Models.tsx';
import type { EndpointView, ModelsStatus } from '../../src-renderer/models/types.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { appServices } from './app-services.ts';

function endpoint(over: Partial<EndpointView>): EndpointView {
  return { id: 'e1', name: 'pc-ollama', url: 'http://127.0.0.1:11434', nodeId: null, nodeName: 'gateway', source: 'configured', kind: 'ollama', priority: 1, health: 'down', models: [], requests: 0, failures: 0, ...over };
}

const STATUS: ModelsStatus = {
  ts: 1, liveModels: 0, refreshIntervalMs: 30_000, cooldownMs: 60_000,
  endpoints: [
    endpoint({ error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:11434' }),
    endpoint({ id: 'e2', name: 'box-vllm', nodeId: 'n1', nodeName: 'box', kind: 'openai', priority: 2, url: 'http://127.0.0.1:8000' }),
  ],
};

afterEach(() => cleanup());

describe('Models screen in zh-CN', () => {
  it('names the gateway machine and the server kind in Chinese, and says what a probe error means', async () => {
    const s = appServices({ lang: 'zh-CN', invoke: vi.fn(async () => STATUS) });
    render(<AppProvider value={s}><ModelsScreen /></AppProvider>);
    const cards = await screen.findAllByTestId('endpoint-card');
    expect(cards[0]!.textContent).toContain('网关 · Ollama');
    expect(cards[1]!.textContent).toContain('box · OpenAI 兼容');
    expect(cards[0]!.textContent).toContain('连接被拒绝，那里没有服务在监听');
    expect(document.querySelector('[data-untranslated]')).toBeNull();
  });

  it('shows a failed refresh and a failed reorder in Chinese, not the English of the error', async () => {
    const invoke = vi.fn(async (method: string) => {
      if (method === 'hearth.models.refresh') throw new Error('not connected (calling hearth.models.refresh)');
      if (method === 'hearth.models.reorder') throw new ProtocolError({ code: 'INVALID_REQUEST', message: 'no model endpoint e1; see `hearth models status` for names and ids' });
      return STATUS;
    });
    render(<AppProvider value={appServices({ lang: 'zh-CN', invoke })}><ModelsScreen /></AppProvider>);
    await screen.findAllByTestId('endpoint-card');
    fireEvent.click(screen.getByTestId('models-refresh'));
    await waitFor(() => expect(screen.getByTestId('models-error').textContent).toBe('没有连接到网关；连接恢复后请再试一次'));
    fireEvent.click(screen.getAllByTestId('endpoint-down')[0]!);
    await waitFor(() => expect(screen.getByTestId('models-error').textContent).toContain('没有模型端点 e1（它可能刚被移除）；请刷新后再试'));
    expect(document.querySelector('[data-untranslated]')).toBeNull();
  });
});
