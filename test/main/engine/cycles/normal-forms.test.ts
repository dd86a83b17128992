/**
 * Cycle families of normal forms whose cycles are known in closed form (polar form written in
 * Cartesian coordinates, rho = x^2 + y^2, angular speed omega):
 *
 * - Stuart–Landau (Hopf normal form) r' = r (s mu - r^2) ... with s = +1 (supercritical): cycles
 *   r = sqrt(mu) for mu > 0, period 2 pi / omega, nontrivial multiplier exp(-2 mu T) (stable);
 *   written with r' = r (mu + r^2) (subcritical): r = sqrt(-mu) for mu < 0, multiplier exp(-2 mu T) > 1.
 * - Bautin normal form r' = r (mu + 2 r^2 - r^4): cycles at r^2 = 1 -+ sqrt(1 + mu); the family born
 *   subcritically at mu = 0 folds at mu = -1 (LPC, r = 1) and returns as r^2 = 1 + sqrt(1 + mu);
 *   nontrivial multiplier exp(4 r^2 (1 - r^2) T).
 * - A family ending at infinite period: r' = r (mu - r^2), theta' = 1 - r sin(theta) (Cartesian:
 *   x' = x (mu - rho) - y (1 - y), y' = y (mu - rho) + x (1 - y)): born at the Hopf point mu = 0 with
 *   omega = 1, cycles r = sqrt(mu) of period 2 pi / sqrt(1 - mu), which diverges at mu = 1 where a
 *   saddle-node appears on the cycle (a homoclinic orbit of a saddle-node, SNIC).
 * - A torus (Neimark–Sacker) bifurcation: the supercritical Stuart–Landau cycle (x, y) beside a
 *   second oscillator (z, w) = 0 with linear part (mu - 1/2) +- i omega2, uncoupled: its multipliers
 *   exp((mu - 1/2 +- i omega2) T) leave the unit circle at mu = 1/2 at the angle omega2 T.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../../src-main/engine/compile';
import { traceCycles } from '../../../../src-main/engine/cycles/trace-cycles';
import { tinyModel } from '../continuation/tiny-models';

const OMEGA = 2;
const T = (2 * Math.PI) / OMEGA;
const planar = (name: string, radial: string) =>
  compileModel(tinyModel(name, { x: 0, y: 0 }, { mu: 0, om: OMEGA }, { x: `x*(${radial}) - om*y`, y: `y*(${radial}) + om*x` }));

describe('Stuart–Landau cycles', () => {
  it('supercritical: radius sqrt(mu), period 2 pi / omega, multipliers 1 and exp(-2 mu T), stable, to the range end', () => {
    const model = planar('sl_super', 'mu - (x^2 + y^2)');
    const res = traceCycles(model, { param: 'mu', start: { x: [0, 0], p: 0, omega: OMEGA }, bounds: [-1, 1], at: [0.25, 0.64] });
    expect(res.status).toBe('ok');
    expect(res.end.reason).toBe('bound');
    expect(res.points[res.points.length - 1].p).toBe(1);
    expect(res.points.length).toBeGreaterThan(5);
    for (const pt of res.points) {
      expect(pt.p).toBeGreaterThan(0);
      const r = Math.sqrt(pt.p);
      // Refined extrema of the collocation polynomial: the radius itself, not the mesh values.
      expect(Math.abs(pt.max[0] - r)).toBeLessThan(1e-8);
      expect(Math.abs(pt.min[1] + r)).toBeLessThan(1e-8);
      expect(Math.abs(pt.period - T)).toBeLessThan(1e-9);
      expect(pt.trivialError).toBeLessThan(1e-9);
      const mu2 = pt.multipliers[1];
      expect(Math.abs(mu2[0] - Math.exp(-2 * pt.p * T))).toBeLessThan(1e-7);
      expect(mu2[1]).toBe(0);
      expect(pt.stable).toBe(true);
    }
    expect(res.special.map((s) => s.kind)).toEqual(['UZ', 'UZ']);
    expect(res.special.map((s) => s.point.p)).toEqual([0.25, 0.64]);
    expect(Math.abs(res.special[0].point.max[0] - 0.5)).toBeLessThan(1e-8);
    expect(Math.abs(res.special[1].point.max[0] - 0.8)).toBeLessThan(1e-8);
  });

  it('subcritical: the family goes to mu < 0 by itself, unstable, radius sqrt(-mu)', () => {
    const model = planar('sl_sub', 'mu + (x^2 + y^2)');
    const res = traceCycles(model, { param: 'mu', start: { x: [0, 0], p: 0, omega: OMEGA }, bounds: [-0.5, 0.5] });
    expect(res.status).toBe('ok');
    expect(res.end.reason).toBe('bound');
    expect(res.points[res.points.length - 1].p).toBe(-0.5);
    for (const pt of res.points) {
      expect(pt.p).toBeLessThan(0);
      expect(Math.abs(pt.max[0] - Math.sqrt(-pt.p))).toBeLessThan(1e-8);
      expect(pt.stable).toBe(false);
      expect(Math.abs(pt.multipliers[1][0] / Math.exp(-2 * pt.p * T) - 1)).toBeLessThan(1e-7);
    }
    expect(res.special).toEqual([]);
  });

  it('ends at the Hopf point where a family shrinks back: mu (1 - mu) - r^2 has cycles for 0 < mu < 1', () => {
    const model = planar('sl_closed', 'mu*(1 - mu) - (x^2 + y^2)');
    const res = traceCycles(model, { param: 'mu', start: { x: [0, 0], p: 0, omega: OMEGA }, bounds: [-1, 2] });
    expect(res.end.reason).toBe('hopf');
    expect(Math.abs(res.end.p! - 1)).toBeLessThan(1e-4);
    // Through the largest cycle at mu = 1/2 (radius 1/2), with the fold of the parameter there
    // not an LPC (the amplitude still changes): r^2 = mu (1 - mu) is not a fold in mu of the family.
    const rmax = Math.max(...res.points.map((p) => p.max[0]));
    expect(Math.abs(rmax - 0.5)).toBeLessThan(1e-3);
    for (const pt of res.points) expect(Math.abs(pt.max[0] - Math.sqrt(pt.p * (1 - pt.p)))).toBeLessThan(1e-8);
    expect(res.special.filter((s) => s.kind !== 'UZ')).toEqual([]);
  });
});

describe('Bautin normal form: a fold of cycles at mu = -1', () => {
  const model = planar('bautin', 'mu + 2*(x^2 + y^2) - (x^2 + y^2)^2');
  const res = traceCycles(model, { param: 'mu', start: { x: [0, 0], p: 0, omega: OMEGA }, bounds: [-2, 1] });

  it('locates the LPC at mu = -1, r = 1, and nothing else', () => {
    expect(res.status).toBe('ok');
    expect(res.special.map((s) => s.kind)).toEqual(['LPC']);
    const lpc = res.special[0];
    expect(lpc.converged).toBe(true);
    expect(Math.abs(lpc.point.p + 1)).toBeLessThan(1e-9);
    expect(Math.abs(lpc.point.max[0] - 1)).toBeLessThan(1e-4);
    // At the fold the nontrivial multiplier is 1 too.
    expect(Math.abs(lpc.point.multipliers[1][0] - 1)).toBeLessThan(1e-4);
  });

  it('follows r^2 = 1 -+ sqrt(1 + mu) with the exact multipliers: unstable before the fold, stable after, to mu = 1', () => {
    expect(res.end.reason).toBe('bound');
    expect(res.points[res.points.length - 1].p).toBe(1);
    const k = res.special[0].index;
    let worstR = 0;
    let worstMu = 0;
    for (let i = 0; i < res.points.length; i++) {
      const pt = res.points[i];
      const s = pt.max[0] ** 2;
      const branch = i <= k ? 1 - Math.sqrt(1 + pt.p) : 1 + Math.sqrt(1 + pt.p);
      worstR = Math.max(worstR, Math.abs(s - branch));
      // Relative accuracy where the multiplier is not below rounding of the monodromy (about 1e-12).
      const exact = Math.exp(4 * s * (1 - s) * T);
      const mu2 = pt.multipliers[1][0];
      worstMu = Math.max(worstMu, exact > 1e-6 ? Math.abs(mu2 / exact - 1) : Math.abs(mu2 - exact) > 1e-11 ? 1 : 0);
      expect(pt.stable).toBe(i > k);
      expect(Math.abs(pt.period - T)).toBeLessThan(1e-9);
    }
    expect(worstR).toBeLessThan(1e-7);
    expect(worstMu).toBeLessThan(1e-5);
  });
});

describe('a torus bifurcation of cycles (NS) at mu = 1/2', () => {
  const OMEGA2 = 0.7;
  const model = compileModel(
    tinyModel(
      'torus',
      { x: 0, y: 0, z: 0, w: 0 },
      { mu: 0, om: OMEGA, om2: OMEGA2 },
      {
        x: 'x*(mu - (x^2 + y^2)) - om*y',
        y: 'y*(mu - (x^2 + y^2)) + om*x',
        z: 'z*(mu - 0.5 - (z^2 + w^2)) - om2*w',
        w: 'w*(mu - 0.5 - (z^2 + w^2)) + om2*z',
      },
    ),
  );
  const res = traceCycles(model, { param: 'mu', start: { x: [0, 0, 0, 0], p: 0, omega: OMEGA }, bounds: [-1, 1] });

  it('locates NS at mu = 1/2 with the angle omega2 T, stable before and unstable after', () => {
    expect(res.status).toBe('ok');
    expect(res.special.map((s) => s.kind)).toEqual(['NS']);
    const ns = res.special[0];
    expect(ns.converged).toBe(true);
    expect(Math.abs(ns.point.p - 0.5)).toBeLessThan(1e-8);
    const theta = Math.atan2(Math.sin(OMEGA2 * T), Math.cos(OMEGA2 * T));
    expect(Math.abs(ns.info!.theta - Math.abs(theta))).toBeLessThan(1e-6);
    for (let i = 1; i < res.points.length; i++) expect(res.points[i].stable).toBe(i <= ns.index);
    // The pair's modulus exp((mu - 1/2) T) along the family.
    for (const pt of res.points) {
      const pair = pt.multipliers.filter((m) => m[1] !== 0);
      expect(pair.length).toBe(2);
      expect(Math.abs(Math.hypot(...pair[0]) / Math.exp((pt.p - 0.5) * T) - 1)).toBeLessThan(1e-6);
    }
  });
});

describe('a family whose period diverges (saddle-node on the cycle at mu = 1)', () => {
  const model = compileModel(tinyModel('snic', { x: 0, y: 0 }, { mu: 0 }, { x: 'x*(mu - (x^2 + y^2)) - y*(1 - y)', y: 'y*(mu - (x^2 + y^2)) + x*(1 - y)' }));
  const res = traceCycles(model, { param: 'mu', start: { x: [0, 0], p: 0, omega: 1 }, bounds: [-1, 2] });

  it('ends saying the period diverges, just before mu = 1, with the exact periods on the way', () => {
    expect(res.status).toBe('ok');
    expect(res.end.reason).toBe('period');
    expect(res.end.message).toMatch(/homoclinic/);
    const last = res.points[res.points.length - 1];
    expect(last.p).toBeGreaterThan(0.99);
    expect(last.p).toBeLessThan(1);
    let worst = 0;
    for (const pt of res.points) {
      if (pt.p > 0.99) continue;
      worst = Math.max(worst, Math.abs((pt.period * Math.sqrt(1 - pt.p)) / (2 * Math.PI) - 1));
      expect(Math.abs(pt.max[0] - Math.sqrt(pt.p))).toBeLessThan(1e-6);
    }
    expect(worst).toBeLessThan(1e-8);
    expect(res.special).toEqual([]);
  });
});

describe('starts that fail and cancellation', () => {
  const model = planar('sl_calls', 'mu - (x^2 + y^2)');

  it('refuses a point that is not a Hopf point, with a message, without throwing', () => {
    const res = traceCycles(model, { param: 'mu', start: { x: [0, 0], p: 0, omega: 3 }, bounds: [-1, 1] });
    expect(res.status).toBe('noStart');
    expect(res.message).toMatch(/not a Hopf point/);
    expect(res.points).toEqual([]);
    const outside = traceCycles(model, { param: 'mu', start: { x: [0, 0], p: 0, omega: OMEGA }, bounds: [0.5, 1] });
    expect(outside.status).toBe('noStart');
    expect(outside.message).toMatch(/range of mu/);
  });

  it('stops when cancelled, keeping the points so far, and reports each point as it comes', () => {
    let seen = 0;
    const res = traceCycles(
      model,
      { param: 'mu', start: { x: [0, 0], p: 0, omega: OMEGA }, bounds: [-1, 1] },
      { onPoint: () => seen++, isCancelled: () => seen >= 4 },
    );
    expect(res.status).toBe('cancelled');
    expect(res.end.reason).toBe('cancelled');
    expect(res.points.length).toBe(seen);
    expect(seen).toBe(4);
  });
});
