// The web UI over the real shared client (GatewayConnection, contract checks included) against a
// gateway that answers out of contract: the screen shows an error naming the method, never a
// blank screen or a crash further in.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider } from '../../src-renderer/app/context.tsx';
import { ingestNodeList, refreshNodes } from '../../src-renderer/state/nodes-store.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import type { Invoker } from '../../src-renderer/state/invoker.ts';
import { appServices } from './app-services.ts';
import { FakeGateway } from './fake-gateway.ts';

const conns: GatewayConnection[] = [];
afterEach(() => {
  for (const c of conns.splice(0)) c.close();
  cleanup();
  window.location.hash = '';
});

async function invokerFor(gw: FakeGateway): Promise<Invoker> {
  const conn = await GatewayConnection.open({
    url: 'ws://gw.test/', socketFactory: gw.factory, role: 'operator', scopes: ['operator.read'],
    client: { id: 'openclaw-control-ui', version: 't', platform: 'web', mode: 'ui' },
  });
  conns.push(conn);
  return { invoke: ((method: string, params?: unknown) => conn.callRaw(method, params ?? {})) as Invoker['invoke'] };
}

describe('results out of contract', () => {
  for (const [what, answer] of [
    ['nodes of the wrong type', { ts: 1, nodes: 'lots' }],
    ['a node entry missing its fields', { ts: 1, nodes: [{ nodeId: 'n1' }] }],
    ['no object at all', null],
  ] as const) {
    it(`node.list with ${what}: the nodes screen shows an error naming node.list`, async () => {
      const gw = new FakeGateway();
      gw.methods['node.list'] = () => answer;
      const client = await invokerFor(gw);
      const s = appServices({ invoke: (m, p) => client.invoke(m as 'node.list', p as Record<string, never>) });
      await refreshNodes(s.stores.nodes, client);
      window.location.hash = '#/nodes';
      render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toMatch(/node\.list does not match the Hearth contract \(at /);
      expect(screen.getByTestId('screen-nodes').textContent).not.toContain('undefined');
      expect(screen.queryAllByTestId('node-card')).toHaveLength(0);
    });
  }
});

describe('a system.run result out of contract', () => {
  it('the run ends as failed with a message naming system.run, not as a blank or "timed out" result', async () => {
    const gw = new FakeGateway();
    // timedOut "no" is truthy: read unchecked, this run was shown as a timeout.
    gw.methods['node.invoke'] = () => ({ ok: true, payload: { exitCode: 0, timedOut: 'no', success: 'yes', stdout: 5, stderr: {}, error: 7 } });
    const client = await invokerFor(gw);
    const s = appServices({ invoke: (m, p) => client.invoke(m as 'node.list', p as Record<string, never>) });
    ingestNodeList(s.stores.nodes, [{ nodeId: 'n1', displayName: 'lap', caps: [], commands: ['system.run'], sessionHost: false, nodePluginTools: [], approvalState: 'approved', paired: true, connected: true }], 0);
    window.location.hash = '#/nodes/n1';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    fireEvent.change(screen.getByTestId('run-command'), { target: { value: 'true' } });
    fireEvent.click(screen.getByTestId('run-submit'));
    await waitFor(() => expect(screen.getByTestId('run-result').textContent).toMatch(/answered system\.run with a result the Hearth contract does not allow \(at \/timedOut: must be boolean\)/));
    expect(screen.getByTestId('run-result').textContent).not.toMatch(/timed out|undefined/i);
  });
});
