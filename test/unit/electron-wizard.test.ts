import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeSetupCode } from '../../src-shared/protocol/setup-code.ts';
import type { WizardView } from '../../src-shared/ipc/types.ts';
import type { NodeAgentStatus } from '../../src-main/core/agent/options.ts';
import { classifyGatewayError } from '../../src-main/electron/wizard/classify.ts';
import { normalizeGatewayUrl } from '../../src-main/electron/wizard/gateway-url.ts';
import { initialWizard, reduceWizard, type AnyWizardEvent, type WizardEffect } from '../../src-main/electron/wizard/machine.ts';

const NOW = 1_800_000_000_000;
const ctx = { now: NOW };
const phone = { phoneUrl: 'http://100.64.0.1:18789/#setup=abc', qrSvg: '<svg/>', expiresAtMs: NOW + 600_000 };

/** Runs events from a start view and returns the last view plus every effect in order. */
function run(events: AnyWizardEvent[], from: WizardView = initialWizard()) {
  let view = from;
  const effects: WizardEffect[] = [];
  for (const e of events) {
    const t = reduceWizard(view, e, ctx);
    view = t.view;
    effects.push(...t.effects);
  }
  return { view, effects };
}

function status(state: NodeAgentStatus['state'], extra: Partial<NodeAgentStatus> = {}): AnyWizardEvent {
  return { type: 'agent-status', status: { state, deviceId: 'd'.repeat(64), fingerprint: 'AB:CD:EF:01', gatewayUrl: 'ws://10.0.0.2:18789', ...extra } };
}

const goodCode = encodeSetupCode({ url: 'ws://10.0.0.2:18789', bootstrapToken: 't'.repeat(43), expiresAtMs: NOW + 300_000 });
const oldCode = encodeSetupCode({ url: 'ws://10.0.0.2:18789', bootstrapToken: 't'.repeat(43), expiresAtMs: NOW - 1 });

describe('wizard: gateway path', () => {
  it('goes role → options → starting → token (shown once) → QR → done, with the right effects', () => {
    const r = run([
      { type: 'choose-role', role: 'gateway' },
      { type: 'gateway-submit', port: 18790, bind: 'lan', publicUrl: ' http://home.tailnet.ts.net:18790 ' },
      { type: 'gateway-started', gatewayUrl: 'ws://0.0.0.0:18790', token: 'secret-token', phone },
      { type: 'token-copied' },
    ]);
    assert.equal(r.view.step, 'gateway-token');
    assert.ok(r.view.step === 'gateway-token' && r.view.copied && r.view.token === 'secret-token');
    assert.deepEqual(r.effects, [
      { type: 'start-gateway', port: 18790, bind: 'lan', publicUrl: 'http://home.tailnet.ts.net:18790' },
      { type: 'copy', text: 'secret-token' },
    ]);
    const after = run([{ type: 'token-acknowledged' }], r.view);
    assert.equal(after.view.step, 'gateway-qr');
    assert.ok(!JSON.stringify(after.view).includes('secret-token'), 'the token leaves the state once acknowledged');
    const refreshed = run([{ type: 'refresh-code' }, { type: 'phone-code', phone: { ...phone, phoneUrl: 'http://x/#setup=new' } }], after.view);
    assert.deepEqual(refreshed.effects, [{ type: 'mint-phone-code' }]);
    assert.ok(refreshed.view.step === 'gateway-qr' && refreshed.view.phone.phoneUrl.endsWith('new'));
    const done = run([{ type: 'finish' }], refreshed.view);
    assert.equal(done.view.step, 'done');
    assert.deepEqual(done.effects, [{ type: 'complete', role: 'gateway' }]);
  });

  it('rejects a bad public URL in place and keeps the typed values', () => {
    const r = run([{ type: 'choose-role', role: 'gateway' }, { type: 'gateway-submit', port: 1234, bind: 'tailnet', publicUrl: 'ftp://x' }]);
    assert.equal(r.view.step, 'gateway-options');
    assert.ok(r.view.step === 'gateway-options' && r.view.error && r.view.port === 1234 && r.view.bind === 'tailnet');
    assert.deepEqual(r.effects, []);
  });

  it('explains a port in use and retries with the same options', () => {
    const err = new Error('port 18789 on 127.0.0.1 is already in use — another gateway is probably running (check with `hearth status`)');
    const r = run([
      { type: 'choose-role', role: 'gateway' },
      { type: 'gateway-submit', port: 18789, bind: 'loopback', publicUrl: '' },
      { type: 'gateway-failed', reason: classifyGatewayError(err), detail: err.message },
    ]);
    assert.ok(r.view.step === 'gateway-failed');
    assert.equal(r.view.failure.reason, 'port-in-use');
    assert.match(r.view.failure.nextStep, /another port/);
    const retry = run([{ type: 'retry' }], r.view);
    assert.deepEqual(retry.effects, [{ type: 'start-gateway', port: 18789, bind: 'loopback', publicUrl: '' }]);
    assert.equal(run([{ type: 'back' }], r.view).view.step, 'gateway-options');
  });

  it('classifies the lock refusal as another gateway running', () => {
    assert.equal(classifyGatewayError(new Error('another Hearth gateway (pid 42) is already running with state dir /x; one gateway per host')), 'gateway-running');
    assert.equal(classifyGatewayError(Object.assign(new Error('listen'), { code: 'EADDRINUSE' })), 'port-in-use');
    assert.equal(classifyGatewayError('weird'), 'unknown');
  });

  it('ignores events that do not belong to the step (a window cannot skip ahead)', () => {
    const r = run([{ type: 'finish' }, { type: 'token-acknowledged' }, status('connected')]);
    assert.deepEqual(r.view, { step: 'choose-role' });
    assert.deepEqual(r.effects, []);
  });
});

describe('wizard: node path', () => {
  it('browses, picks a discovered gateway, pastes a code and completes on connected', () => {
    const gw = { name: 'Hearth on home-pc', url: 'ws://10.0.0.2:18789', host: '10.0.0.2', port: 18789, hearth: true };
    const r = run([
      { type: 'choose-role', role: 'node' },
      { type: 'discovery-updated', gateways: [gw], scanning: false },
      { type: 'select-gateway', url: gw.url },
      { type: 'submit-code', code: ` ${goodCode} ` },
      status('connecting'),
      status('connected'),
    ]);
    assert.equal(r.view.step, 'done');
    assert.deepEqual(r.effects, [
      { type: 'start-discovery' },
      { type: 'start-node', url: 'ws://10.0.0.2:18789', setupCode: goodCode },
      { type: 'stop-discovery' },
      { type: 'complete', role: 'node' },
    ]);
  });

  it('accepts a pasted setup code (or phone link) straight in the address box', () => {
    const r = run([
      { type: 'choose-role', role: 'node' },
      { type: 'input-changed', input: `http://10.0.0.2:18789/#setup=${goodCode}` },
      { type: 'submit-input' },
    ]);
    assert.equal(r.view.step, 'node-connecting');
    assert.deepEqual(r.effects.at(-1), { type: 'start-node', url: 'ws://10.0.0.2:18789', setupCode: `http://10.0.0.2:18789/#setup=${goodCode}` });
  });

  it('explains an address that is not one, inline', () => {
    const r = run([{ type: 'choose-role', role: 'node' }, { type: 'input-changed', input: 'not an address' }, { type: 'submit-input' }]);
    assert.ok(r.view.step === 'node-find' && /does not look right/.test(r.view.error ?? ''));
  });

  it('shows the fingerprint while waiting for approval, then completes', () => {
    const r = run([
      { type: 'choose-role', role: 'node' },
      { type: 'input-changed', input: '10.0.0.2' },
      { type: 'submit-input' },
      { type: 'wait-for-approval' },
      status('pairing-required', { requestId: 'req-1', errorCode: 'PAIRING_REQUIRED', message: 'pairing required' }),
    ]);
    assert.ok(r.view.step === 'node-waiting-approval');
    assert.equal(r.view.fingerprint, 'AB:CD:EF:01');
    assert.equal(r.view.requestId, 'req-1');
    assert.deepEqual(r.effects.at(-1), { type: 'start-node', url: 'ws://10.0.0.2:18789' });
    assert.equal(run([status('connected')], r.view).view.step, 'done');
  });

  it('refuses an expired code before touching the network, and Retry asks for a new one', () => {
    const r = run([{ type: 'choose-role', role: 'node' }, { type: 'select-gateway', url: '10.0.0.2:18789' }, { type: 'submit-code', code: oldCode }]);
    assert.ok(r.view.step === 'node-failed');
    assert.equal(r.view.failure.reason, 'expired');
    assert.match(r.view.failure.nextStep, /fresh code/);
    assert.ok(!r.effects.some((e) => e.type === 'start-node'));
    const retry = run([{ type: 'retry' }], r.view);
    assert.deepEqual(retry.view, { step: 'node-pair', gatewayUrl: 'ws://10.0.0.2:18789', code: '' });
  });

  it('says when the pasted text is not a setup code', () => {
    const r = run([{ type: 'choose-role', role: 'node' }, { type: 'select-gateway', url: 'ws://10.0.0.2:18789' }, { type: 'submit-code', code: 'hello' }]);
    assert.ok(r.view.step === 'node-pair' && /not a setup code/.test(r.view.error ?? ''));
  });

  it('explains a wrong code (gateway refusal) and stops the agent', () => {
    const r = run([
      { type: 'choose-role', role: 'node' }, { type: 'select-gateway', url: 'ws://10.0.0.2:18789' }, { type: 'submit-code', code: goodCode },
      status('error', { errorCode: 'AUTH_BOOTSTRAP_TOKEN_INVALID', message: 'unauthorized: bootstrap token invalid' }),
    ]);
    assert.ok(r.view.step === 'node-failed');
    assert.equal(r.view.failure.reason, 'wrong-code');
    assert.equal(r.view.failure.detail, 'unauthorized: bootstrap token invalid');
    assert.deepEqual(r.effects.at(-1), { type: 'stop-node' });
  });

  it('explains an unreachable gateway and Retry tries the same code again', () => {
    const r = run([
      { type: 'choose-role', role: 'node' }, { type: 'select-gateway', url: 'ws://10.0.0.9:18789' }, { type: 'submit-code', code: goodCode },
      status('backoff', { message: 'cannot reach the gateway at ws://10.0.0.9:18789 (is it running?); retrying in 1 s.' }),
    ]);
    assert.ok(r.view.step === 'node-failed');
    assert.equal(r.view.failure.reason, 'unreachable');
    assert.match(r.view.failure.nextStep, /Retry/);
    const retry = run([{ type: 'retry' }], r.view);
    assert.deepEqual(retry.effects, [{ type: 'start-node', url: 'ws://10.0.0.9:18789', setupCode: goodCode }]);
  });

  it('maps auth refusals and rejection to their own explanations', () => {
    const base = run([{ type: 'choose-role', role: 'node' }, { type: 'select-gateway', url: 'ws://h:1' }, { type: 'wait-for-approval' }]).view;
    const auth = run([status('error', { errorCode: 'AUTH_TOKEN_MISSING', message: 'unauthorized' })], base).view;
    assert.ok(auth.step === 'node-failed' && auth.failure.reason === 'auth-required');
    const rej = run([status('error', { message: 'pairing request rejected by the owner' })], base).view;
    assert.ok(rej.step === 'node-failed' && rej.failure.reason === 'rejected');
  });

  it('back from connecting stops the agent; back from the list stops discovery', () => {
    const connecting = run([{ type: 'choose-role', role: 'node' }, { type: 'select-gateway', url: 'ws://h:1' }, { type: 'wait-for-approval' }]).view;
    assert.deepEqual(run([{ type: 'back' }], connecting).effects, [{ type: 'stop-node' }]);
    const find = run([{ type: 'choose-role', role: 'node' }]).view;
    assert.deepEqual(run([{ type: 'back' }], find), { view: { step: 'choose-role' }, effects: [{ type: 'stop-discovery' }] });
  });
});

describe('gateway address normalisation', () => {
  it('accepts what people type', () => {
    assert.equal(normalizeGatewayUrl('home-pc'), 'ws://home-pc:18789');
    assert.equal(normalizeGatewayUrl('10.0.0.2:1234'), 'ws://10.0.0.2:1234');
    assert.equal(normalizeGatewayUrl('http://home-pc:18789/some/path'), 'ws://home-pc:18789');
    assert.equal(normalizeGatewayUrl('https://home.tailnet.ts.net'), 'wss://home.tailnet.ts.net');
    assert.equal(normalizeGatewayUrl('ws://[::1]:5'), 'ws://[::1]:5');
    assert.equal(normalizeGatewayUrl('ftp://x'), undefined);
    assert.equal(normalizeGatewayUrl(''), undefined);
    assert.equal(normalizeGatewayUrl('a b'), undefined);
  });
});

describe('agent status classification', () => {
  it('reads the shared client\'s "no gateway" texts (local and remote) as unreachable', async () => {
    const { classifyAgentStatus } = await import('../../src-main/electron/wizard/classify.ts');
    const { noGatewayMessage } = await import('../../src-shared/client/failure.ts');
    for (const url of ['ws://127.0.0.1:9', 'ws://192.168.1.20:18789', 'ws://gateway.local']) {
      const status = { state: 'backoff', deviceId: 'd', fingerprint: 'f', gatewayUrl: url, message: `${noGatewayMessage(url)}; retrying in 46 ms.`, runningInvocations: 0 } as unknown as NodeAgentStatus;
      const r = classifyAgentStatus(status);
      assert.ok(r.kind === 'failed' && r.reason === 'unreachable', `${url}: ${JSON.stringify(r)}`);
    }
  });
});
