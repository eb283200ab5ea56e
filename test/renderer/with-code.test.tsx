// Backticked commands in messages: shown as code, never broken after the hyphen of a short word
// (a browser would: "--" at a line's end, "latest" below), the text itself unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { WithCode } from '../../src-renderer/ui/WithCode.tsx';

afterEach(cleanup);

describe('WithCode', () => {
  it('keeps short hyphenated words of a command whole, and the text as written', () => {
    const { container } = render(<p><WithCode text="or run `hearth nodes approve --latest` on the gateway" /></p>);
    const code = container.querySelector('code')!;
    expect(container.textContent).toBe('or run hearth nodes approve --latest on the gateway');
    expect(code.textContent).toBe('hearth nodes approve --latest');
    expect([...code.querySelectorAll('.nowrap')].map((s) => s.textContent)).toEqual(['--latest']);
  });

  it('leaves words without a hyphen, and long ones (a URL), free to break where they must', () => {
    const url = 'https://home-pc.tailnet-1234.ts.net:18789/#setup=abcdef0123456789';
    const { container } = render(<p><WithCode text={`open \`${url}\``} /></p>);
    expect(container.querySelector('code')!.textContent).toBe(url);
    expect(container.querySelectorAll('.nowrap')).toHaveLength(0);
    const tunnel = render(<p><WithCode text="`ssh -N -R 18789:127.0.0.1:18789 vps`" /></p>);
    expect([...tunnel.container.querySelectorAll('.nowrap')].map((s) => s.textContent)).toEqual(['-N', '-R']);
  });
});
