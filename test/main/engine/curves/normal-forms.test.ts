/**
 * Fold and Hopf curves of normal forms whose curves are known in closed form.
 *
 * Cusp x' = a + b x - x^3: folds where f = 0 and f_x = b - 3 x^2 = 0, i.e. b = 3 x^2, a = -2 x^3
 * (so 4 b^3 = 27 a^2); the curve in (x, a, b) is smooth through the cusp point x = a = b = 0.
 *
 * Planar x' = y, y' = c + d x + x^2 + (x - q) y: equilibria (x, 0) with x^2 + d x + c = 0, trace
 * x - q and determinant -(d + 2 x); so the Hopf curve (trace 0, x = q) is c = -q^2 - d q with
 * kappa = omega^2 = -(d + 2 q): with d = -1 it is a Hopf curve for q < 1/2, a Bogdanov–Takens point
 * at q = 1/2 (kappa = 0) and neutral saddles (kappa < 0) beyond. Its folds (determinant 0,
 * x = -d/2) lie on c = d^2 / 4 for every q, with a Bogdanov–Takens point where also x = q.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { compileModel } from '../../../../src-main/engine/compile';
import { runContinuation } from '../../../../src-main/engine/continuation/run';
import { traceCurve } from '../../../../src-main/engine/curves/trace';
import { tinyModel } from '../continuation/tiny-models';

const cusp = compileModel(tinyModel('cusp', { x: 0 }, { a: 0, b: 1 }, { x: 'a + b*x - x^3' }));
const planar = compileModel(tinyModel('planar_bt', { x: 0, y: 0 }, { c: 0, d: -1, q: 0 }, { x: 'y', y: 'c + d*x + x^2 + (x - q)*y' }));

describe('fold curve of the cusp normal form', () => {
  const res = traceCurve(cusp, { kind: 'fold', params: ['a', 'b'], start: { x: [1], p: [-2, 3] }, bounds: { a: [-4, 4], b: [-1, 4] } });

  it('follows b = 3 x^2, a = -2 x^3 through the cusp to b = 4 at both ends', () => {
    expect(res.status).toBe('ok');
    expect(res.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    let worst = 0;
    for (const pt of res.points) {
      const [a, b] = pt.params;
      const x = pt.state[0];
      worst = Math.max(worst, Math.abs(b - 3 * x * x), Math.abs(a + 2 * x ** 3), Math.abs(4 * b ** 3 - 27 * a * a) / Math.max(1, 4 * b ** 3));
    }
    expect(worst).toBeLessThan(1e-9);
    const xs = res.points.map((pt) => pt.state[0]);
    // Both branches of the fold curve: x from -2/sqrt(3) to 2/sqrt(3), ends exactly on b = 4.
    expect(Math.min(...xs)).toBeCloseTo(-2 / Math.sqrt(3), 9);
    expect(Math.max(...xs)).toBeCloseTo(2 / Math.sqrt(3), 9);
    expect(res.points[0].params[1]).toBe(4);
    expect(res.points[res.points.length - 1].params[1]).toBe(4);
    // Passes the cusp: a point close to x = 0 with a, b near 0.
    expect(Math.min(...xs.map(Math.abs))).toBeLessThan(0.1);
  });

  it('locates the cusp point (CP) at a = b = 0, x = 0, and nothing else', () => {
    expect(res.special.map((s) => s.kind)).toEqual(['CP']);
    const cp = res.special[0];
    expect(cp.converged).toBe(true);
    expect(Math.max(Math.abs(cp.point.params[0]), Math.abs(cp.point.params[1]), Math.abs(cp.point.state[0]))).toBeLessThan(1e-9);
    const [xa, xb] = [res.points[cp.index].state[0], res.points[cp.index + 1].state[0]];
    expect(xa * xb).toBeLessThan(0);
  });

  it('locates the curve at given values of a, on both sides of the cusp', () => {
    const at = traceCurve(cusp, { kind: 'fold', params: ['a', 'b'], start: { x: [1], p: [-2, 3] }, bounds: { a: [-4, 4], b: [-1, 4] }, at: { a: [-1, 0.5] } });
    expect(at.located.length).toBe(2);
    for (const pt of at.located) {
      const [a, b] = pt.params;
      expect(b).toBeCloseTo(3 * Math.cbrt(a / 2) ** 2, 10);
    }
  });

  it('ends at a bound of the first parameter too', () => {
    const r = traceCurve(cusp, { kind: 'fold', params: ['a', 'b'], start: { x: [0.7], p: [-0.686, 1.47] }, bounds: { a: [-1, 1], b: [-1, 4] } });
    expect(r.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    const as = r.points.map((pt) => pt.params[0]);
    expect(Math.min(...as)).toBe(-1);
    expect(Math.max(...as)).toBe(1);
    expect(r.ends[0].message).toContain('a = ');
  });

  it('starts from the fold (LP) of a one-parameter branch in a', () => {
    const branch = runContinuation(cusp, {
      model: 'cusp',
      params: {},
      initial: { x: -1 },
      inputs: {},
      param: 'a',
      bounds: [-2, 2],
      settings: { ...DEFAULT_CONTINUATION },
    }).branch!;
    const lps = branch.special.filter((s) => s.type === 'LP');
    expect(lps.length).toBe(2);
    for (const lp of lps) {
      const r = traceCurve(cusp, { kind: 'fold', params: ['a', 'b'], start: { x: lp.x, p: [lp.p, 1] }, bounds: { a: [-4, 4], b: [-1, 2] } });
      expect(r.status).toBe('ok');
      const start = r.points[r.startIndex];
      expect(start.params[1]).toBe(1);
      expect(start.state[0] ** 2).toBeCloseTo(1 / 3, 10);
      for (const pt of r.points) expect(Math.abs(pt.params[1] - 3 * pt.state[0] ** 2)).toBeLessThan(1e-9);
    }
  });

  it('stops when cancelled, with what it has', () => {
    let seen = 0;
    const r = traceCurve(
      cusp,
      { kind: 'fold', params: ['a', 'b'], start: { x: [1], p: [-2, 3] }, bounds: { a: [-4, 4], b: [-1, 4] } },
      { onPoint: () => void seen++, isCancelled: () => seen >= 5 },
    );
    expect(r.status).toBe('cancelled');
    expect(r.points.length).toBe(6);
  });

  it('says so when there is no fold to start from, or the start is outside the ranges', () => {
    const linear = compileModel(tinyModel('linear', { x: 0 }, { a: 0, b: 1 }, { x: 'a - exp(b)*x' }));
    const r = traceCurve(linear, { kind: 'fold', params: ['a', 'b'], start: { x: [0], p: [0, 1] }, bounds: { a: [-4, 4], b: [-1, 4] } });
    expect(r.status).toBe('noStart');
    expect(r.message).toMatch(/fold/);
    expect(r.points).toEqual([]);
    const outside = traceCurve(cusp, { kind: 'fold', params: ['a', 'b'], start: { x: [1], p: [-2, 3] }, bounds: { a: [-1, 1], b: [-1, 4] } });
    expect(outside.status).toBe('noStart');
    expect(outside.message).toContain('a = -2 lies outside the range of a');
    // A fold far from the point given is not taken for it.
    const far = traceCurve(cusp, { kind: 'fold', params: ['a', 'b'], start: { x: [3], p: [0, 1] }, bounds: { a: [-4, 4], b: [-1, 4] } });
    expect(far.status).toBe('noStart');
  });
});

describe('Hopf curve of a planar system through a Bogdanov–Takens point', () => {
  const res = traceCurve(planar, {
    kind: 'hopf',
    params: ['q', 'c'],
    values: { d: -1 },
    start: { x: [0, 0], p: [0, 0], omega: 1 },
    bounds: { q: [-1, 1.5], c: [-5, 5] },
  });

  it('follows c = q - q^2 with kappa = 1 - 2 q, through kappa = 0 at q = 1/2', () => {
    expect(res.status).toBe('ok');
    expect(res.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    let worst = 0;
    for (const pt of res.points) {
      const [q, c] = pt.params;
      worst = Math.max(worst, Math.abs(c - (q - q * q)), Math.abs((pt.kappa as number) - (1 - 2 * q)), Math.abs(pt.state[0] - q), Math.abs(pt.state[1]));
      if ((pt.kappa as number) > 0) expect(pt.omega).toBeCloseTo(Math.sqrt(1 - 2 * q), 9);
      else expect(pt.omega).toBeNull();
    }
    expect(worst).toBeLessThan(1e-9);
    const qs = res.points.map((pt) => pt.params[0]);
    expect(Math.min(...qs)).toBe(-1);
    expect(Math.max(...qs)).toBe(1.5);
  });
});

describe('fold curve of the planar system through its Bogdanov–Takens point', () => {
  it('follows c = d^2 / 4, x = -d / 2 through d = -2q = -1 (a double zero eigenvalue)', () => {
    const res = traceCurve(planar, {
      kind: 'fold',
      params: ['d', 'c'],
      values: { q: 0.5 },
      start: { x: [0, 0], p: [0, 0] },
      bounds: { d: [-3, 2], c: [-1, 5] },
    });
    expect(res.status).toBe('ok');
    expect(res.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    let worst = 0;
    for (const pt of res.points) {
      const [d, c] = pt.params;
      worst = Math.max(worst, Math.abs(c - (d * d) / 4), Math.abs(pt.state[0] + d / 2), Math.abs(pt.state[1]));
    }
    expect(worst).toBeLessThan(1e-9);
    const ds = res.points.map((pt) => pt.params[0]);
    expect(Math.min(...ds)).toBe(-3);
    expect(Math.max(...ds)).toBe(2);
  });

  it('locates the Bogdanov–Takens point (BT) at d = -2q, c = q^2, x = q, and no cusp', () => {
    for (const q of [0.5, -0.3, 1.2]) {
      const res = traceCurve(planar, { kind: 'fold', params: ['d', 'c'], values: { q }, start: { x: [0, 0], p: [0, 0] }, bounds: { d: [-3, 3], c: [-1, 5] } });
      expect(
        res.special.map((s) => s.kind),
        `q = ${q}`,
      ).toEqual(['BT']);
      const bt = res.special[0];
      expect(bt.converged).toBe(true);
      const [d, c] = bt.point.params;
      expect(Math.max(Math.abs(d + 2 * q), Math.abs(c - q * q), Math.abs(bt.point.state[0] - q), Math.abs(bt.point.state[1]))).toBeLessThan(1e-9);
      const [da, db] = [res.points[bt.index].params[0], res.points[bt.index + 1].params[0]];
      expect((da + 2 * q) * (db + 2 * q)).toBeLessThan(0);
    }
    // With the BT point outside the range, none is reported.
    const none = traceCurve(planar, {
      kind: 'fold',
      params: ['d', 'c'],
      values: { q: 2 },
      start: { x: [0, 0], p: [0, 0] },
      bounds: { d: [-3, 3], c: [-1, 5] },
    });
    expect(none.special).toEqual([]);
  });
});
