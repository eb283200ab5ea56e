// The pairing countdown never starts above the code's lifetime: the screen's clock ticks once a
// second, so the render right after a code arrives can see a `now` older than the code's receipt.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider } from '../../src-renderer/app/context.tsx';
import { createSetupStore, remainingMs } from '../../src-renderer/state/setup-store.ts';
import { appServices } from './app-services.ts';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('pairing countdown', () => {
  it('counts elapsed time only from receipt and never below zero', () => {
    const code = { receivedAtMs: 10_000, ttlMs: 600_000 };
    expect(remainingMs(code, 9_200)).toBe(600_000);
    expect(remainingMs(code, 10_000)).toBe(600_000);
    expect(remainingMs(code, 70_000)).toBe(540_000);
    expect(remainingMs(code, 700_000)).toBe(0);
  });

  it('shows 10:00, not 10:01, for a fresh 10-minute code seen by a clock that ticked before it arrived', async () => {
    const setup = createSetupStore();
    // The code arrived 800 ms after the screen's clock last ticked.
    setup.setState({ codes: { operator: { profile: 'operator', setupCode: 'abc', expiresAtMs: 0, receivedAtMs: Date.now() + 800, ttlMs: 600_000 } } });
    const s = appServices({ setup });
    window.location.hash = '#/pair/phone';
    render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
    expect((await screen.findByTestId('countdown')).textContent).toBe('Expires in 10:00');
  });
});
