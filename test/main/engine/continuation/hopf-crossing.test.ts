/**
 * Hopf detection when the crossing pair is not the complex pair nearest the imaginary axis, and
 * when two crossings (or a crossing and a neutral saddle) share one interval of the branch.
 * These are properties of the detector on coarse intervals, so the traces here run without the
 * test-function step control (which would shorten the steps near the axis; see close-hopf.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Branch, Complex, SpecialPoint } from '@shared/continuation/types';
import { hopfTestSign } from '../../../../src-main/engine/continuation/stability';
import { tinyModel, trace } from './tiny-models';

const labels = (b: Branch) => b.special.map((s) => s.label);
/** Real part of the complex eigenvalue nearest the imaginary axis. */
const nearestToAxis = (eigs: Complex[]) => eigs.filter(([, im]) => im > 0).reduce((best, [re]) => (Math.abs(re) < Math.abs(best) ? re : best), Infinity);
/** The two branch points on either side of a special point. */
const bracket = (b: Branch, s: SpecialPoint) => [b.points[s.index], b.points[s.index + 1]];
/** Steps controlled by the corrector only, so the intervals stay as coarse as dsMax allows. */
const coarse = { testFunctionStepControl: false };

// Stuart–Landau oscillator in (x, y) (Hopf at p = h, omega = 1, l1 = -2 with Kuznetsov's
// normalisation, see known-answers.test.ts) beside another block in (u, w).
const SL = { x: '(p - h)*x - y - x*(x^2 + y^2)', y: 'x + (p - h)*y - y*(x^2 + y^2)' };

describe('a weakly damped pair nearer the axis than the crossing pair', () => {
  // u' = c u - 3 w, w' = 3 u + c w: a pair c +- 3i that never crosses (c < 0).
  const def = tinyModel(
    'sl_damped',
    { x: 0, y: 0, u: 0, w: 0 },
    { p: 0.3712, c: -0.5, h: 0 },
    {
      ...SL,
      u: 'c*u - 3*w',
      w: '3*u + c*w',
    },
  );
  for (const c of [-0.5, -0.01, -0.001]) {
    for (const dsMax of [0.04, 0.013]) {
      it(`c = ${c}, dsMax = ${dsMax}: HB1 at p = 0 with omega = 1, l1 = -2; stable exactly for p < 0`, () => {
        const r = trace(def, 'p', [-1, 1], { params: { c }, settings: { dsMax }, engine: coarse });
        expect(r.status).toBe('ok');
        const b = r.branch!;
        expect(labels(b)).toEqual(['HB1']);
        const hb = b.special[0];
        expect(hb.converged).toBe(true);
        expect(Math.abs(hb.p)).toBeLessThan(1e-10);
        expect(Math.abs(hb.omega! - 1)).toBeLessThan(1e-9);
        expect(Math.abs(hb.l1! + 2)).toBeLessThan(1e-6);
        expect(hb.criticality).toBe('supercritical');
        for (const pt of b.points) if (Math.abs(pt.p) > 1e-12) expect(pt.stable).toBe(pt.p < 0);
        const [pa, pb] = bracket(b, hb);
        expect(pa.p).toBeLessThan(-1e-4);
        expect(pb.p).toBeGreaterThan(1e-4);
        // Where the damped pair is nearer the axis at both ends, the pair nearest the axis keeps its
        // sign across the crossing: a detector watching only that pair would miss this Hopf point.
        if (Math.min(-pa.p, pb.p) > -c) expect(Math.sign(nearestToAxis(pa.eigenvalues))).toBe(Math.sign(nearestToAxis(pb.eigenvalues)));
      });
    }
  }

  it('the case the nearest pair hides occurs in the runs above (the test exercises it)', () => {
    const b = trace(def, 'p', [-1, 1], { params: { c: -0.001 }, settings: { dsMax: 0.04 }, engine: coarse }).branch!;
    const [pa, pb] = bracket(b, b.special[0]);
    expect(Math.min(-pa.p, pb.p)).toBeGreaterThan(0.001);
  });
});

describe('a neutral saddle and a Hopf point in the same interval', () => {
  // u' = w, w' = u + (p - h - 0.003) w: real eigenvalues with sum p - h - 0.003 (a neutral saddle
  // at p = h + 0.003), beside the Hopf point at p = h = 0.0042; the start puts both between two points.
  const def = tinyModel(
    'sl_saddle',
    { x: 0, y: 0, u: 0, w: 0 },
    { p: -0.9 + 0.0012, h: 0.0042 },
    {
      ...SL,
      u: 'w',
      w: 'u + (p - h - 0.003)*w',
    },
  );
  it('reports the Hopf point (and only it), although the bialternate product does not change sign', () => {
    const b = trace(def, 'p', [-1, 1], { settings: { dsMax: 0.01 }, engine: coarse }).branch!;
    expect(labels(b)).toEqual(['HB1']);
    const hb = b.special[0];
    expect(hb.converged).toBe(true);
    expect(Math.abs(hb.p - 0.0042)).toBeLessThan(1e-10);
    expect(Math.abs(hb.omega! - 1)).toBeLessThan(1e-9);
    expect(hb.criticality).toBe('supercritical');
    const [pa, pb] = bracket(b, hb);
    expect(pa.p).toBeLessThan(0.0042);
    expect(pb.p).toBeGreaterThan(0.0072);
    expect(hopfTestSign(pa.eigenvalues)).toBe(hopfTestSign(pb.eigenvalues));
  });
});

describe('two Hopf points in the same interval', () => {
  // A second oscillator with frequency 3 and a positive cubic term crosses at p = h + 0.003
  // (l1 = 2 / 3, subcritical).
  const def = tinyModel(
    'sl_two',
    { x: 0, y: 0, u: 0, w: 0 },
    { p: -0.9 + 0.0012, h: 0.0042 },
    {
      ...SL,
      u: '(p - h - 0.003)*u - 3*w + u*(u^2 + w^2)',
      w: '3*u + (p - h - 0.003)*w + w*(u^2 + w^2)',
    },
  );
  it('reports both, in order along the branch, each with its own frequency and criticality', () => {
    const b = trace(def, 'p', [-1, 1], { settings: { dsMax: 0.01 }, engine: coarse }).branch!;
    expect(labels(b)).toEqual(['HB1', 'HB2']);
    const [h1, h2] = b.special;
    expect(h1.index).toBe(h2.index);
    for (const [hb, p, omega, l1] of [
      [h1, 0.0042, 1, -2],
      [h2, 0.0072, 3, 2 / 3],
    ] as const) {
      expect(hb.converged).toBe(true);
      expect(Math.abs(hb.p - p)).toBeLessThan(1e-10);
      expect(Math.abs(hb.omega! - omega)).toBeLessThan(1e-9);
      expect(Math.abs(hb.l1! - l1)).toBeLessThan(1e-6);
    }
    expect(hopfTestSign(b.points[h1.index].eigenvalues)).toBe(hopfTestSign(b.points[h1.index + 1].eigenvalues));
  });
});
