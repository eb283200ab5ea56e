// The topology's geometry on a phone: for 1..12 nodes no edge runs through a box other than its
// own two ends, no two boxes overlap, everything fits the view box, and the edge ends on borders.
import { describe, expect, it } from 'vitest';
import { allBoxes, layoutTopology, segmentHitsRect, VIEW_W, type Point, type Rect } from '../../src-renderer/ui/topology-layout.ts';

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const onBorder = (p: Point, r: Rect) =>
  (p.x >= r.x && p.x <= r.x + r.w && (p.y === r.y || p.y === r.y + r.h)) || (p.y >= r.y && p.y <= r.y + r.h && (p.x === r.x || p.x === r.x + r.w));

describe('segmentHitsRect', () => {
  const r = { x: 10, y: 10, w: 20, h: 20 };
  it('sees a crossing, ignores a miss and a touch of the border', () => {
    expect(segmentHitsRect({ x: 0, y: 20 }, { x: 40, y: 20 }, r)).toBe(true);
    expect(segmentHitsRect({ x: 0, y: 0 }, { x: 40, y: 40 }, r)).toBe(true);
    expect(segmentHitsRect({ x: 0, y: 5 }, { x: 40, y: 5 }, r)).toBe(false);
    expect(segmentHitsRect({ x: 20, y: 0 }, { x: 20, y: 10 }, r)).toBe(false);
    expect(segmentHitsRect({ x: 20, y: 15 }, { x: 20, y: 15.2 }, r)).toBe(true);
  });
});

describe('layoutTopology', () => {
  for (let n = 1; n <= 12; n++) {
    for (const extras of [{ withModels: true, withStorage: true }, { withModels: false, withStorage: false }]) {
      it(`${n} node(s)${extras.withModels ? ' with models and storage' : ''}: edges cross no other box`, () => {
        const l = layoutTopology({ nodeCount: n, ...extras });
        const boxes = allBoxes(l);
        expect(l.nodes).toHaveLength(n);
        // Every box inside the view box, none overlapping another.
        for (const b of boxes) {
          expect(b.rect.x).toBeGreaterThanOrEqual(0);
          expect(b.rect.x + b.rect.w).toBeLessThanOrEqual(VIEW_W);
          expect(b.rect.y).toBeGreaterThanOrEqual(0);
          expect(b.rect.y + b.rect.h).toBeLessThanOrEqual(l.height);
        }
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          expect(overlap(boxes[i]!.rect, boxes[j]!.rect), `${boxes[i]!.name} overlaps ${boxes[j]!.name}`).toBe(false);
        }
        const edges: Array<{ points: Point[]; ends: [string, string] }> = [
          ...l.nodes.map((s) => ({ points: s.edge, ends: ['gateway', `node${s.index}`] as [string, string] })),
          { points: l.chainEdges[0]!, ends: ['phone', 'relay'] },
          { points: l.chainEdges[1]!, ends: ['relay', 'gateway'] },
          ...(l.modelsEdge ? [{ points: l.modelsEdge, ends: ['gateway', 'models'] as [string, string] }] : []),
        ];
        for (const e of edges) {
          const from = boxes.find((b) => b.name === e.ends[0])!.rect;
          const to = boxes.find((b) => b.name === e.ends[1])!.rect;
          expect(onBorder(e.points[0]!, from), `${e.ends.join('→')} starts on ${e.ends[0]}'s border`).toBe(true);
          expect(onBorder(e.points.at(-1)!, to), `${e.ends.join('→')} ends on ${e.ends[1]}'s border`).toBe(true);
          for (let k = 0; k + 1 < e.points.length; k++) {
            for (const b of boxes) {
              // Its own end boxes are only touched at the border (checked by the hit test too).
              expect(segmentHitsRect(e.points[k]!, e.points[k + 1]!, b.rect), `edge ${e.ends.join('→')} segment ${k} crosses ${b.name}`).toBe(false);
            }
          }
        }
      });
    }
  }

  it('puts five nodes in a full row of three and a centred row of two', () => {
    const l = layoutTopology({ nodeCount: 5, withModels: false, withStorage: false });
    expect(new Set(l.nodes.map((s) => s.row))).toEqual(new Set([0, 1]));
    const row1 = l.nodes.filter((s) => s.row === 1).map((s) => s.cx);
    expect((row1[0]! + row1[1]!) / 2).toBeCloseTo(VIEW_W / 2);
  });
});
