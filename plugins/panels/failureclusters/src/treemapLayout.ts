/**
 * Two-level treemap geometry: groups (error types) fill the panel, each keeps a header band for
 * its name when it is tall enough, and its signatures fill the rest. The flat `tiles` list is in
 * reading order (group by group, largest first), which is also the keyboard order.
 */
import type { ClusterModel, Signature } from './clusterModel';
import { squarify, type Rect } from './squarify';

export interface GroupBox {
  type: string;
  count: number;
  index: number;
  rect: Rect;
  showHeader: boolean;
}

export interface Tile {
  key: string;
  group: number;
  signature: Signature;
  rect: Rect;
}

const HEADER = 18;
const GAP = 1;

export function treemapLayout(model: ClusterModel, width: number, height: number) {
  const groupRects = squarify(
    model.groups.map((g) => g.count),
    { x: 0, y: 0, w: width, h: height }
  );
  const groups: GroupBox[] = [];
  const tiles: Tile[] = [];
  model.groups.forEach((g, gi) => {
    const rect = groupRects[gi];
    if (!rect) {
      return;
    }
    const showHeader = rect.h >= HEADER * 2.5 && rect.w >= 48;
    groups.push({ type: g.type, count: g.count, index: gi, rect, showHeader });
    const inner = {
      x: rect.x + GAP,
      y: rect.y + (showHeader ? HEADER : GAP),
      w: Math.max(0, rect.w - 2 * GAP),
      h: Math.max(0, rect.h - (showHeader ? HEADER : GAP) - GAP),
    };
    const leaves = squarify(
      g.signatures.map((s) => s.count),
      inner
    );
    g.signatures.forEach((signature, si) => {
      const r = leaves[si];
      if (r) {
        tiles.push({ key: `${g.type}\u0000${signature.message}`, group: gi, signature, rect: r });
      }
    });
  });
  return { groups, tiles };
}
