/** Series colours (Grafana's classic palette) and value → colour scales. */
import type { Threshold } from '../model.ts';

export const PALETTE = [
  '#7eb26d',
  '#eab839',
  '#6ed0e0',
  '#ef843c',
  '#e24d42',
  '#1f78c1',
  '#ba43a9',
  '#705da0',
  '#508642',
  '#cca300',
  '#447ebc',
  '#c15c17',
  '#890f02',
  '#0a437c',
  '#6d1f62',
  '#584477',
];

export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length]!;

/** Thresholds as Grafana reads them: each colour applies from its value upward. */
export function thresholdColor(value: number, thresholds: Threshold[] | undefined, base = '#37872d'): string {
  let color = base;
  for (const t of [...(thresholds ?? [])].sort((a, b) => a.value - b.value))
    if (value >= t.value) color = normalize(t.color);
  return color;
}

const NAMED: Record<string, string> = {
  green: '#37872d',
  red: '#c4162a',
  yellow: '#e0b400',
  orange: '#fa6400',
  blue: '#1f60c4',
  purple: '#8f3bb8',
};

/** Accepts #rgb, #rrggbb or a few Grafana colour names. */
export function normalize(c: string): string {
  if (NAMED[c]) return NAMED[c]!;
  if (/^#[0-9a-f]{3}$/i.test(c)) return '#' + [...c.slice(1)].map((d) => d + d).join('');
  return /^#[0-9a-f]{6}$/i.test(c) ? c.toLowerCase() : '#888888';
}

const SCALE = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];

/** Sequential blue scale for heatmaps, t in [0, 1]. */
export function scaleColor(t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(u));
  const f = u - i;
  const a = SCALE[i]!;
  const b = SCALE[i + 1]!;
  const ch = (k: number) => {
    const va = parseInt(a.slice(k, k + 2), 16);
    const vb = parseInt(b.slice(k, k + 2), 16);
    return Math.round(va + (vb - va) * f)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${ch(1)}${ch(3)}${ch(5)}`;
}

/** Black or white text, whichever reads better on `bg`. */
export function textOn(bg: string): string {
  const [r, g, b] = [1, 3, 5].map((k) => parseInt(bg.slice(k, k + 2), 16));
  return 0.299 * r! + 0.587 * g! + 0.114 * b! > 150 ? '#222222' : '#ffffff';
}
