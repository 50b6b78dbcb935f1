/** SVG path strings for circle sectors and ring segments (angles in radians, 0 = 3 o'clock, clockwise on the page). */
const pt = (cx: number, cy: number, r: number, a: number) =>
  `${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`;

export function sectorPath(cx: number, cy: number, r: number, a0: number, a1: number): string {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return `M ${cx} ${cy} L ${pt(cx, cy, r, a0)} A ${r} ${r} 0 ${large} 1 ${pt(cx, cy, r, a1)} Z`;
}

export function ringPath(cx: number, cy: number, r0: number, r1: number, a0: number, a1: number): string {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return `M ${pt(cx, cy, r1, a0)} A ${r1} ${r1} 0 ${large} 1 ${pt(cx, cy, r1, a1)} L ${pt(cx, cy, r0, a1)} A ${r0} ${r0} 0 ${large} 0 ${pt(cx, cy, r0, a0)} Z`;
}
