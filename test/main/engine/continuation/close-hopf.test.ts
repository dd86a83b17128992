/**
 * Two Hopf points close together, with the default settings: the step is limited by the change of
 * the real parts of the complex pairs (palc.ts, testFunctionStepLimit), so a step the corrector
 * finds easy does not jump over the short unstable stretch between them. The controls trace the
 * same branches with that limit off (corrector-only step control): they miss both points.
 */
import { describe, expect, it } from 'vitest';
import type { Branch, Complex, SpecialPoint } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { LOCATE_TOL } from '../../../../src-main/engine/continuation/detect';
import { HOPF_FLOOR, STEP_FRACTION, testFunctionStepLimit, type TracedPoint } from '../../../../src-main/engine/continuation/palc';
import { tinyModel, trace } from './tiny-models';

const coarse = { testFunctionStepControl: false };
const labels = (b: Branch) => b.special.map((s) => s.label);
/** The eigenvalue pair of a located Hopf point: the two with |im| = omega. */
const criticalPair = (s: SpecialPoint): Complex[] => s.eigenvalues.filter(([, im]) => Math.abs(Math.abs(im) - s.omega!) < 1e-12);

/** Points strictly between the two Hopf points are unstable, all others (off the points) stable. */
function expectStabilityStretches(b: Branch, p1: number, p2: number, margin: number) {
  let inside = 0;
  for (const pt of b.points) {
    if (pt.p > p1 + margin && pt.p < p2 - margin) {
      expect(pt.stable).toBe(false);
      inside++;
    } else if (pt.p < p1 - margin || pt.p > p2 + margin) expect(pt.stable).toBe(true);
  }
  // The stretch holds a point of its own (at least the first one past the first zero), so the
  // diagram draws it unstable between the two markers.
  expect(inside).toBeGreaterThanOrEqual(1);
}

describe('a pair with real part e - p^2: Hopf points at p = -sqrt(e) and +sqrt(e)', () => {
  // Stuart–Landau oscillator with mu = e - p^2: the equilibrium 0 has eigenvalues e - p^2 +- i, so
  // it is unstable exactly for |p| < sqrt(e); l1 = -2 at both points (as in known-answers.test.ts).
  const def = tinyModel(
    'sl_close',
    { x: 0, y: 0 },
    { p: 0.5, e: 4e-4 },
    {
      x: '(e - p^2)*x - y - x*(x^2 + y^2)',
      y: 'x + (e - p^2)*y - y*(x^2 + y^2)',
    },
  );
  for (const e of [4e-4, 1e-4]) {
    const root = Math.sqrt(e);
    for (const bounds of [
      [-1, 1],
      [-10, 10],
    ] as [number, number][]) {
      it(`e = ${e}, p in [${bounds}], defaults: HB1 and HB2 at -+${root}, located, with the unstable stretch between`, () => {
        const r = trace(def, 'p', bounds, { params: { e } });
        expect(r.status).toBe('ok');
        const b = r.branch!;
        expect(b.ends.map((end) => end.reason)).toEqual(['bound', 'bound']);
        expect(labels(b)).toEqual(['HB1', 'HB2']);
        b.special.forEach((hb, i) => {
          expect(hb.converged).toBe(true);
          // Located to |Re| <= LOCATE_TOL on the pair; |d Re / dp| = 2 sqrt(e) turns that into p.
          for (const [re] of criticalPair(hb)) expect(Math.abs(re)).toBeLessThanOrEqual(LOCATE_TOL);
          expect(Math.abs(hb.p - (i === 0 ? -root : root))).toBeLessThanOrEqual(LOCATE_TOL / (2 * root));
          expect(Math.abs(hb.omega! - 1)).toBeLessThan(1e-9);
          expect(Math.abs(hb.l1! + 2)).toBeLessThan(1e-6);
          expect(hb.criticality).toBe('supercritical');
        });
        expectStabilityStretches(b, -root, root, 1e-9);
      });
    }
    it(`e = ${e}, p in [-10, 10], control: without the step limit the trace steps over both`, () => {
      const b = trace(def, 'p', [-10, 10], { params: { e }, engine: coarse }).branch!;
      expect(labels(b)).toEqual([]);
      expect(b.points.every((pt) => pt.stable)).toBe(true);
    });
  }
});

describe('ik_nodim in eta at g = 0.673, I_ext = 0.15, from eta = 0.2', () => {
  const def = getTemplate('ik_nodim')!;
  const over = { params: { g: 0.673, eta: 0.2 }, inputs: { I_ext: 0.15 } };
  // Independent of the step limit: the corrector alone with steps of at most 1e-4 (~100 points
  // across the stretch) from eta = 0, between the two Hopf points.
  const fine = trace(def, 'eta', [-0.05, 0.05], { ...over, params: { ...over.params, eta: 0 }, settings: { dsMax: 1e-4, ds: 1e-5 }, engine: coarse }).branch!;

  it('the fine trace finds HB1 near -0.00201 and HB2 near 0.00819', () => {
    expect(labels(fine)).toEqual(['HB1', 'HB2']);
    expect(fine.special[0].p).toBeCloseTo(-0.00201, 5);
    expect(fine.special[1].p).toBeCloseTo(0.00819, 5);
  });

  for (const bounds of [
    [-0.3, 0.5],
    [-10, 10],
  ] as [number, number][]) {
    it(`eta in [${bounds}], defaults: the same two Hopf points and the unstable stretch between them`, () => {
      const r = trace(def, 'eta', bounds, over);
      expect(r.status).toBe('ok');
      const b = r.branch!;
      expect(b.ends.map((end) => end.reason)).toEqual(['bound', 'bound']);
      expect(labels(b)).toEqual(['HB1', 'HB2']);
      b.special.forEach((hb, i) => {
        const ref = fine.special[i];
        expect(hb.converged).toBe(true);
        const pair = criticalPair(hb);
        expect(pair).toHaveLength(2);
        for (const [re] of pair) expect(Math.abs(re)).toBeLessThanOrEqual(LOCATE_TOL);
        // |d Re / d eta| is about 0.1 at both points, so |Re| <= 1e-10 pins eta to about 1e-9.
        expect(Math.abs(hb.p - ref.p)).toBeLessThan(1e-8);
        expect(Math.abs(hb.omega! - ref.omega!) / ref.omega!).toBeLessThan(1e-8);
        hb.x.forEach((v, j) => expect(Math.abs(v - ref.x[j])).toBeLessThan(1e-7));
        expect(hb.criticality).toBe(ref.criticality);
      });
      expectStabilityStretches(b, b.special[0].p, b.special[1].p, 1e-9);
    });
  }

  it('eta in [-10, 10], control: without the step limit the trace steps over both', () => {
    const b = trace(def, 'eta', [-10, 10], { ...over, engine: coarse }).branch!;
    expect(labels(b)).toEqual([]);
    expect(b.points.every((pt) => pt.stable)).toBe(true);
  });
});

describe('testFunctionStepLimit', () => {
  // Two points a step h = 0.5 apart along lambda (n = 1: z = (x, lambda)); t_lambda = 1 at both,
  // so the fold test does not move and only the test named in each case can limit the step.
  const at = (lambda: number, bpTest: number): TracedPoint => ({
    z: Float64Array.from([0, lambda]),
    t: Float64Array.from([0, 1]),
    bpTest,
    iterations: 1,
  });
  const a = at(0, 1);
  const b = at(0.5, 1);
  const pair = (re: number): Complex[] => [
    [re, -1],
    [re, 1],
  ];

  it('a pair heading for the axis may move by STEP_FRACTION of its real part per step', () => {
    // Re: -0.3 -> -0.2 over h = 0.5 (rate 0.2): the next step may change it by 0.5 * 0.2 = 0.1.
    expect(testFunctionStepLimit(a, pair(-0.3), b, pair(-0.2), 1)).toBeCloseTo((STEP_FRACTION * 0.2) / 0.2, 12);
    // Near the axis the floor (HOPF_FLOOR times the pair's modulus, ~1) keeps the step from vanishing.
    const near = testFunctionStepLimit(a, pair(-2e-5), b, pair(-1e-9), 1);
    expect(near).toBeCloseTo((STEP_FRACTION * HOPF_FLOOR * Math.hypot(1e-9, 1) * 0.5) / (2e-5 - 1e-9), 9);
  });

  it('does not limit a pair moving away from the axis or one that just crossed it, nor without eigenvalues', () => {
    expect(testFunctionStepLimit(a, pair(-0.2), b, pair(-0.3), 1)).toBe(Infinity);
    expect(testFunctionStepLimit(a, pair(-0.1), b, pair(0.1), 1)).toBe(Infinity);
    expect(testFunctionStepLimit(a, null, b, pair(-0.2), 1)).toBe(Infinity);
  });

  it('limits the branch-point test heading for zero, relative to its size', () => {
    // bpTest: 1 -> 0.5 over h = 0.5: the next step may change it by STEP_FRACTION * 0.5.
    expect(testFunctionStepLimit(a, null, at(0.5, 0.5), null, 1)).toBeCloseTo(STEP_FRACTION * 0.5, 12);
  });
});
