/** Continuation on systems whose equilibria and bifurcations are known in closed form. */
import { describe, expect, it } from 'vitest';
import type { Branch } from '@shared/continuation/types';
import { tinyModel, trace } from './tiny-models';

const labels = (b: Branch) => b.special.map((s) => s.label);

describe("saddle-node x' = p - x^2", () => {
  const def = tinyModel('fold', { x: 1 }, { p: 1 }, { x: 'p - x^2' });
  const r = trace(def, 'p', [-1, 1]);
  const b = r.branch!;

  it('goes round the fold at p = 0, x = 0 and lands on the bound on both halves', () => {
    expect(r.status).toBe('ok');
    expect(labels(b)).toEqual(['LP1']);
    const lp = b.special[0];
    expect(lp.converged).toBe(true);
    expect(Math.abs(lp.p)).toBeLessThan(1e-10);
    expect(Math.abs(lp.x[0])).toBeLessThan(1e-10);
    expect(Math.abs(lp.eigenvalues[0][0])).toBeLessThan(1e-9);
    expect(b.points[0].p).toBe(1);
    expect(b.points[0].x[0]).toBeCloseTo(-1, 12);
    expect(b.points[b.points.length - 1].p).toBe(1);
    expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    // The fold lies between the points the index names.
    const [a, c] = [b.points[lp.index], b.points[lp.index + 1]];
    expect(Math.sign(a.x[0])).not.toBe(Math.sign(c.x[0]));
  });

  it('has the stable upper half and the unstable lower half, eigenvalue -2x', () => {
    for (const pt of b.points) {
      expect(pt.x[0] ** 2).toBeCloseTo(pt.p, 10);
      expect(pt.eigenvalues[0][0]).toBeCloseTo(-2 * pt.x[0], 9);
      expect(pt.stable).toBe(pt.x[0] > 0);
    }
    expect(b.points.filter((q) => q.stable).length).toBeGreaterThan(5);
    expect(b.points.filter((q) => !q.stable).length).toBeGreaterThan(5);
  });
});

describe("Hopf normal form x' = p x - w y + s x (x^2+y^2), y' = w x + p y + s y (x^2+y^2)", () => {
  const def = tinyModel('hopf', { x: 0.1, y: -0.2 }, { p: -0.5, w: 1, s: -1 }, { x: 'p*x - w*y + s*x*(x^2 + y^2)', y: 'w*x + p*y + s*y*(x^2 + y^2)' });
  // With <q, q> = 1 (Kuznetsov's eq. (3.20)): C(q, q, qb) = 4 s q, B = 0, so l1 = 4 s / (2 w) = 2 s / w.
  for (const [s, w] of [
    [-1, 1],
    [1, 1],
    [-1, 2],
    [0.5, 3],
  ]) {
    it(`s = ${s}, w = ${w}: one Hopf point at p = 0 with omega = w and l1 = 2 s / w`, () => {
      const r = trace(def, 'p', [-1, 1], { params: { s, w } });
      const b = r.branch!;
      expect(labels(b)).toEqual(['HB1']);
      const hb = b.special[0];
      expect(hb.converged).toBe(true);
      expect(Math.abs(hb.p)).toBeLessThan(1e-10);
      expect(hb.omega).toBeCloseTo(w, 10);
      expect(hb.period).toBeCloseTo((2 * Math.PI) / w, 9);
      expect(Math.abs(hb.l1! - (2 * s) / w)).toBeLessThan(1e-6);
      expect(hb.criticality).toBe(s < 0 ? 'supercritical' : 'subcritical');
      for (const pt of b.points) if (pt.p !== 0) expect(pt.stable).toBe(pt.p < 0);
    });
  }
});

describe('Hopf point with quadratic terms', () => {
  // x' = p x - y + a1 x^2 + a2 x y + a3 y^2 + c1 x^3, y' = x + p y + b1 x^2 + b2 x y + b3 y^2 + c2 y^3.
  // Guckenheimer & Holmes (eq. 3.4.11), for x' = -w y + f, y' = w x + g at p = 0 (w = 1):
  // 16 a = f_xxx + f_xyy + g_xxy + g_yyy + (f_xy (f_xx + f_yy) - g_xy (g_xx + g_yy) - f_xx g_xx + f_yy g_yy) / w,
  // and Kuznetsov's l1 with <q, q> = 1 is 2 a / w (both are the normal-form coefficient, in other scalings).
  const c = { a1: 0.7, a2: -1.3, a3: 0.4, b1: -0.6, b2: 0.9, b3: 1.1, c1: -0.8, c2: 0.3 };
  const def = tinyModel(
    'hopf2',
    { x: 0.01, y: 0 },
    { p: -0.3, ...c },
    {
      x: 'p*x - y + a1*x^2 + a2*x*y + a3*y^2 + c1*x^3',
      y: 'x + p*y + b1*x^2 + b2*x*y + b3*y^2 + c2*y^3',
    },
  );
  it('has the l1 of the planar formula (checks the quadratic terms of eq. (3.20))', () => {
    const b = trace(def, 'p', [-1, 1]).branch!;
    expect(labels(b)).toEqual(['HB1']);
    const [fxx, fxy, fyy, gxx, gxy, gyy] = [2 * c.a1, c.a2, 2 * c.a3, 2 * c.b1, c.b2, 2 * c.b3];
    const a = (6 * c.c1 + 6 * c.c2 + (fxy * (fxx + fyy) - gxy * (gxx + gyy) - fxx * gxx + fyy * gyy)) / 16;
    expect(Math.abs(b.special[0].l1! - 2 * a)).toBeLessThan(1e-9);
    expect(Math.abs(2 * a)).toBeGreaterThan(0.1); // the quadratic part matters here
  });
});

describe("pitchfork x' = p x - x^3", () => {
  const def = tinyModel('pitchfork', { x: 0 }, { p: -0.5 }, { x: 'p*x - x^3' });
  it('passes the branch point at p = 0 on the trivial branch, reporting it as BP (not LP)', () => {
    const r = trace(def, 'p', [-1, 1]);
    const b = r.branch!;
    expect(labels(b)).toEqual(['BP1']);
    expect(b.special[0].converged).toBe(true);
    expect(Math.abs(b.special[0].p)).toBeLessThan(1e-10);
    expect(b.points[0].p).toBe(-1);
    expect(b.points[b.points.length - 1].p).toBe(1);
    for (const pt of b.points) {
      expect(Math.abs(pt.x[0])).toBeLessThan(1e-12);
      if (pt.p !== 0) expect(pt.stable).toBe(pt.p < 0);
    }
  });

  // p = x^2 is a smooth curve through (0, 0): the parameter turns there and the trivial branch
  // crosses it, so (0, 0) is a branch point (BP), not a fold, whichever half the trace starts on.
  it.each([
    [0.5, 0.7],
    [0.5, -0.7],
    [0.25, 0.5],
  ])('from p = %s, x near %s on p = x^2: exactly one point, a BP at (0, 0), and both halves traced', (p0, x0) => {
    const r = trace(def, 'p', [-1, 1], { params: { p: p0 }, initial: { x: x0 } });
    const b = r.branch!;
    expect(r.status).toBe('ok');
    expect(b.special.map((s) => s.type)).toEqual(['BP']);
    const bp = b.special[0];
    expect(bp.label).toBe('BP1');
    expect(bp.converged).toBe(true);
    expect(Math.abs(bp.p)).toBeLessThan(1e-10);
    expect(Math.abs(bp.x[0])).toBeLessThan(1e-10);
    // The curve passes through x = 0 between the points the index names.
    expect(Math.sign(b.points[bp.index].x[0])).toBe(-Math.sign(b.points[bp.index + 1].x[0]));
    // Both ends on the bound p = 1, at x = -1 and x = 1.
    expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    const ends = [b.points[0], b.points[b.points.length - 1]];
    expect(ends.map((q) => q.p)).toEqual([1, 1]);
    expect(ends.map((q) => Math.round(q.x[0])).sort()).toEqual([-1, 1]);
    // Every point is on p = x^2, with eigenvalue p - 3 x^2 = -2 x^2 < 0 (stable) away from 0.
    for (const q of b.points) {
      expect(Math.abs(q.p - q.x[0] ** 2)).toBeLessThan(1e-12);
      expect(q.eigenvalues[0][0]).toBeCloseTo(-2 * q.x[0] ** 2, 10);
      if (Math.abs(q.x[0]) > 1e-6) expect(q.stable).toBe(true);
    }
  });
});

describe("neutral saddle x' = y, y' = x + p y", () => {
  const def = tinyModel('saddle', { x: 0.3, y: 0.1 }, { p: -0.5 }, { x: 'y', y: 'x + p*y' });
  it('crosses lambda1 + lambda2 = 0 with real eigenvalues and reports no Hopf point', () => {
    const b = trace(def, 'p', [-1, 1]).branch!;
    const sums = b.points.map((q) => q.eigenvalues[0][0] + q.eigenvalues[1][0]);
    expect(sums[0]).toBeLessThan(0);
    expect(sums[sums.length - 1]).toBeGreaterThan(0);
    for (const q of b.points) for (const [, im] of q.eigenvalues) expect(im).toBe(0);
    expect(b.special).toEqual([]);
    expect(b.points.every((q) => !q.stable)).toBe(true);
  });
});

describe("S-shaped curve x' = p + x - x^3/3", () => {
  const def = tinyModel('s', { x: 2 }, { p: 0 }, { x: 'p + x - x^3/3' });
  const b = trace(def, 'p', [-2, 2]).branch!;
  it('is traced through both folds, at p = -+2/3, x = +-1, in order along the branch', () => {
    expect(labels(b)).toEqual(['LP1', 'LP2']);
    const [lp1, lp2] = b.special;
    expect(lp1.index).toBeLessThan(lp2.index);
    for (const lp of b.special) {
      expect(lp.converged).toBe(true);
      expect(Math.abs(Math.abs(lp.p) - 2 / 3)).toBeLessThan(1e-10);
      expect(Math.abs(Math.abs(lp.x[0]) - 1)).toBeLessThan(1e-9);
    }
    expect(Math.sign(lp1.p)).toBe(-Math.sign(lp2.p));
    expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    expect(Math.abs(b.points[0].p)).toBe(2);
    expect(Math.abs(b.points[b.points.length - 1].p)).toBe(2);
  });

  it('switches stability at each fold (eigenvalue 1 - x^2)', () => {
    let switches = 0;
    for (let i = 0; i < b.points.length; i++) {
      const q = b.points[i];
      expect(q.eigenvalues[0][0]).toBeCloseTo(1 - q.x[0] ** 2, 9);
      expect(q.stable).toBe(Math.abs(q.x[0]) > 1);
      if (i > 0 && q.stable !== b.points[i - 1].stable) switches++;
    }
    expect(switches).toBe(2);
  });
});
