import { describe, expect, it } from 'vitest';
import { formatLoad } from '../../src-renderer/lib/format.ts';

describe('formatLoad', () => {
  it('shows a share of the cores up to full', () => {
    expect(formatLoad(0.42)).toBe('42%');
    expect(formatLoad(1)).toBe('100%');
  });
  it('caps an overloaded machine at 100%+ instead of figures like 1028%', () => {
    expect(formatLoad(10.28)).toBe('100%+');
  });
  it('shows a dash when there is no figure', () => {
    expect(formatLoad(undefined)).toBe('–');
    expect(formatLoad(Number.NaN)).toBe('–');
  });
});
