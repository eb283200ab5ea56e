// The topology's node boxes show the path and round trip whole on a phone, in both languages:
// every path the gateway reports, with round trips from sub-millisecond to over a second.
import { describe, expect, it } from 'vitest';
import { translate, type Lang } from '../../src-renderer/i18n/i18n.ts';
import { BOX_W } from '../../src-renderer/ui/topology-layout.ts';
import { clipToWidth, modelsBoxText, nodePathLine, shortRtt, THIRD_PX, THIRD_RIGHT, THIRD_X } from '../../src-renderer/ui/Topology.tsx';

const PATHS = ['loopback', 'lan', 'tailnet', 'wireguard', 'tunnel', 'internet'];
const RTTS = [0.4, 5.8, 9.96, 12.3, 123.4, 999.6, 1234];
const INNER = BOX_W - THIRD_X - THIRD_RIGHT;

describe('topology node box: path and round trip', () => {
  for (const lang of ['en', 'zh-CN'] as Lang[]) {
    it(`fits without an ellipsis (${lang})`, () => {
      const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(lang, k, v);
      for (const p of PATHS) {
        for (const ms of RTTS) {
          const line = nodePathLine(t, p, ms);
          expect(clipToWidth(line, INNER, THIRD_PX), line).toBe(line);
        }
      }
    });
  }

  it('keeps tenths below 10 ms and whole milliseconds above', () => {
    expect(shortRtt(5.84)).toBe(5.8);
    expect(shortRtt(0.4)).toBe(0.4);
    expect(shortRtt(12.3)).toBe(12);
    expect(shortRtt(123.6)).toBe(124);
    expect(nodePathLine((k, v) => translate('zh-CN', k, v), 'loopback', 5.8)).toBe('本机回环 5.8 毫秒');
    expect(nodePathLine((k, v) => translate('en', k, v), 'wireguard', 1234)).toBe('WireGuard 1.2 s');
    expect(nodePathLine((k, v) => translate('en', k, v), 'lan', undefined)).toBe('LAN');
  });

  it('still cuts what cannot fit, with an ellipsis', () => {
    const long = 'build-server-in-the-basement-rack-2';
    const cut = clipToWidth(long, INNER, THIRD_PX);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(long.length);
    expect(clipToWidth('客厅里那台放电影和备份照片用的旧电脑', INNER, THIRD_PX).endsWith('…')).toBe(true);
  });
});

describe('topology models box', () => {
  const zh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('zh-CN', k, v);
  const status = (liveModels: number, endpoints: number) => ({ ts: 1, liveModels, refreshIntervalMs: 1, cooldownMs: 1, endpoints: Array.from({ length: endpoints }, () => ({}) as never) });
  it('says the known model servers are all down instead of "none found"', () => {
    expect(modelsBoxText(zh, true, status(0, 2))).toBe('都不可用');
    expect(modelsBoxText(zh, true, status(0, 0))).toBe('未发现');
    expect(modelsBoxText(zh, true, status(3, 2))).toBe('3 个可用');
    expect(modelsBoxText((k, v) => translate('en', k, v), true, status(0, 1))).toBe('none up');
  });
});
