/**
 * Where the topology's boxes go and how its edges run, as plain geometry (unit-tested: no edge
 * crosses a box other than its own two ends, for 1..12 nodes on a phone).
 *
 * The chain (this device → path → gateway) is a column in the middle; the models box sits to the
 * gateway's upper right. Nodes sit in rows of three under the gateway, like an org chart: a trunk
 * leaves the gateway's bottom border, a horizontal bus runs in the free channel above each row,
 * each node hangs off its bus by a short drop to its top border, and the buses are joined by a
 * riser in the gap between the first two columns (rows that have a row below are always full,
 * so that gap always exists). Every edge is a polyline of axis-parallel segments that run only
 * through channels and gaps, never through a box.
 */

export const VIEW_W = 360;
/** Node boxes: three a row, wide enough for a path and round trip ("WireGuard 123 ms", "本机回环 5.8 毫秒"). */
export const BOX_W = 110;
export const BOX_H = 50;
/** Node boxes have a third line (the path to the gateway and its round trip). */
export const NODE_H = 60;
/** Horizontal space between node boxes (the riser runs in the middle of it). */
export const COL_GAP = 12;
export const PER_ROW = 3;
/** Vertical distance between the centres of two rows (channel = ROW_H - BOX_H). */
export const ROW_H = 84;
/** The chain boxes (phone, path, gateway) are wider: their labels are longer. */
export const CHAIN_W = 168;
export const MODELS_W = 84;

export interface Rect { x: number; y: number; w: number; h: number }
export interface Point { x: number; y: number }

/** A box's rectangle from its centre. */
export function rectAt(cx: number, cy: number, w: number, h = BOX_H): Rect {
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}

export interface NodeSlot { index: number; row: number; cx: number; cy: number; rect: Rect; edge: Point[] }

export interface TopologyLayout {
  width: number;
  height: number;
  phone: Rect;
  relay: Rect;
  gateway: Rect;
  models: Rect | undefined;
  storage: Rect | undefined;
  /** phone → relay, relay → gateway: border to border. */
  chainEdges: Point[][];
  /** gateway right border → models box left border. */
  modelsEdge: Point[] | undefined;
  nodes: NodeSlot[];
}

export interface LayoutInput {
  nodeCount: number;
  withModels: boolean;
  withStorage: boolean;
}

const centreX = (r: Rect) => r.x + r.w / 2;
const centreY = (r: Rect) => r.y + r.h / 2;

/** Lays out the diagram for `nodeCount` nodes in the fixed-width view box. */
export function layoutTopology({ nodeCount, withModels, withStorage }: LayoutInput): TopologyLayout {
  const cx = VIEW_W / 2;
  const yPhone = 34;
  const phone = rectAt(cx, yPhone, CHAIN_W);
  const relay = rectAt(cx, yPhone + ROW_H, CHAIN_W);
  const gateway = rectAt(cx, yPhone + 2 * ROW_H, CHAIN_W);
  const models = withModels ? rectAt(VIEW_W - 4 - MODELS_W / 2, centreY(gateway) - ROW_H / 2 + 6, MODELS_W) : undefined;
  const yNodes = centreY(gateway) + ROW_H + 10;
  const rows = Math.max(1, Math.ceil(nodeCount / PER_ROW));
  const pitch = BOX_W + COL_GAP;
  // The riser runs down the middle of the gap left of the centre column.
  const riserX = cx - pitch / 2;
  const gwBottom: Point = { x: cx, y: gateway.y + gateway.h };

  const nodes: NodeSlot[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const row = Math.floor(i / PER_ROW);
    const inRow = Math.min(PER_ROW, nodeCount - row * PER_ROW);
    const col = i % PER_ROW;
    const ncx = cx + (col - (inRow - 1) / 2) * pitch;
    const ncy = yNodes + row * ROW_H;
    const rect = rectAt(ncx, ncy, BOX_W, NODE_H);
    const busY = (r: number) => yNodes + r * ROW_H - NODE_H / 2 - (ROW_H - NODE_H) / 2;
    const edge: Point[] = [gwBottom, { x: cx, y: busY(0) }];
    if (row > 0) {
      // Along row 0's bus to the riser, down the riser to this row's bus.
      edge.push({ x: riserX, y: busY(0) }, { x: riserX, y: busY(row) });
    }
    edge.push({ x: ncx, y: busY(row) }, { x: ncx, y: rect.y });
    nodes.push({ index: i, row, cx: ncx, cy: ncy, rect, edge: dedupe(edge) });
  }
  const lastRowY = yNodes + (rows - 1) * ROW_H;
  const storage = withStorage ? rectAt(cx, lastRowY + ROW_H, CHAIN_W) : undefined;
  const height = storage ? centreY(storage) + BOX_H / 2 + 12 : lastRowY + NODE_H / 2 + 12;
  const chainEdges: Point[][] = [
    [{ x: cx, y: phone.y + phone.h }, { x: cx, y: relay.y }],
    [{ x: cx, y: relay.y + relay.h }, { x: cx, y: gateway.y }],
  ];
  const modelsEdge = models ? [{ x: gateway.x + gateway.w, y: centreY(gateway) - 8 }, { x: models.x, y: centreY(models) }] : undefined;
  return { width: VIEW_W, height, phone, relay, gateway, models, storage, chainEdges, modelsEdge, nodes };
}

/** Drops consecutive duplicate points (a node straight under the trunk has no horizontal leg). */
function dedupe(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1]!.x || p.y !== points[i - 1]!.y);
}

/** SVG path data for a polyline. */
export function pathData(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * Whether segment a→b passes through the inside of rectangle r (touching its border from
 * outside does not count). Liang–Barsky clipping against the rectangle shrunk by `inset`.
 */
export function segmentHitsRect(a: Point, b: Point, r: Rect, inset = 0.5): boolean {
  const x0 = r.x + inset, x1 = r.x + r.w - inset, y0 = r.y + inset, y1 = r.y + r.h - inset;
  if (x1 <= x0 || y1 <= y0) return false;
  const dx = b.x - a.x, dy = b.y - a.y;
  let t0 = 0, t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) { if (t > t1) return false; if (t > t0) t0 = t; }
    else { if (t < t0) return false; if (t < t1) t1 = t; }
    return true;
  };
  return clip(-dx, a.x - x0) && clip(dx, x1 - a.x) && clip(-dy, a.y - y0) && clip(dy, y1 - a.y) && t0 < t1;
}

/** Every rectangle of the layout, named, for overlap checks. */
export function allBoxes(l: TopologyLayout): Array<{ name: string; rect: Rect }> {
  const out = [
    { name: 'phone', rect: l.phone }, { name: 'relay', rect: l.relay }, { name: 'gateway', rect: l.gateway },
    ...l.nodes.map((n) => ({ name: `node${n.index}`, rect: n.rect })),
  ];
  if (l.models) out.push({ name: 'models', rect: l.models });
  if (l.storage) out.push({ name: 'storage', rect: l.storage });
  return out;
}

export { centreX, centreY };
