import { squarify } from './squarify';

describe('squarify', () => {
  it('fills the rectangle with areas proportional to the values, inside its bounds', () => {
    const values = [6, 6, 4, 3, 2, 2, 1];
    const rects = squarify(values, { x: 10, y: 20, w: 600, h: 400 });
    const total = values.reduce((a, b) => a + b, 0);
    rects.forEach((r, i) => {
      expect(r).toBeDefined();
      expect(r!.w * r!.h).toBeCloseTo((values[i]! / total) * 600 * 400, 6);
      expect(r!.x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(r!.y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(r!.x + r!.w).toBeLessThanOrEqual(610 + 1e-9);
      expect(r!.y + r!.h).toBeLessThanOrEqual(420 + 1e-9);
    });
  });

  it('keeps tiles near square for equal values', () => {
    const rects = squarify([1, 1, 1, 1], { x: 0, y: 0, w: 100, h: 100 });
    for (const r of rects) {
      expect(Math.max(r!.w / r!.h, r!.h / r!.w)).toBeLessThanOrEqual(1.0001);
    }
  });

  it('gives no tile to zero or negative values and handles an empty rectangle', () => {
    expect(squarify([3, 0, -1], { x: 0, y: 0, w: 10, h: 10 }).map((r) => r !== undefined)).toEqual([true, false, false]);
    expect(squarify([3], { x: 0, y: 0, w: 0, h: 10 })).toEqual([undefined]);
  });
});
