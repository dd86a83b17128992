/**
 * The continuation core on a problem that is not an equilibrium: the unit circle x^2 + y^2 = 1 as
 * a curve in u = (x, y), with x (the FIRST unknown) as the bounded parameter. Known answers: the
 * fold in x at (1, 0) (t_x = 0), the points at a given x (x, +-sqrt(1 - x^2)), and the crossing
 * of the line x = y at (1/sqrt 2, 1/sqrt 2).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { traceBranch } from '../../../../src-main/engine/continuation/branch';
import { Corrector } from '../../../../src-main/engine/continuation/newton';
import { startPoint } from '../../../../src-main/engine/continuation/palc';
import type { ContinuationProblem, KindLocator, TrackedTest } from '../../../../src-main/engine/continuation/problem';

/** Data kept per point: a copy of (x, y). */
type XY = [number, number];

function circle(locate?: Record<string, KindLocator>): ContinuationProblem<XY> {
  return {
    dim: 2,
    paramIndex: 0,
    paramName: 'x',
    residual(u, out) {
      out[0] = u[0] * u[0] + u[1] * u[1] - 1;
    },
    jacobian(u, out) {
      out[0] = 2 * u[0];
      out[1] = 2 * u[1];
    },
    pointData: (u) => [u[0], u[1]],
    tests: [{ kind: 'LP', floor: 1e-3, tol: 1e-10, orientation: true }],
    evaluateTests(point, out) {
      out[0] = point.t[0];
    },
    // x - y, followed through the interval: its zero on the branch is the crossing of x = y.
    trackedTests(_a, da, _b, db): TrackedTest<XY>[] {
      return [
        {
          kind: 'XY',
          fa: da[0] - da[1],
          fb: db[0] - db[1],
          floor: 1e-3,
          tol: 1e-10,
          value: (_p, d) => d[0] - d[1],
          accept: (_p, d) => ({ angle: Math.atan2(d[1], d[0]) }),
        },
      ];
    },
    ...(locate === undefined ? {} : { locate }),
  };
}

/** Traces the circle from (0, 1) with x in [-0.5, 2]: around through the fold at (1, 0) to x = -0.5 on both sides. */
function traceCircle(problem: ContinuationProblem<XY>, userPoints: { index: number; value: number }[]) {
  const newton = new Corrector(problem);
  const start = startPoint(newton, Float64Array.from([0, 1]));
  expect(start).not.toBeNull();
  const opts = { ...DEFAULT_CONTINUATION, dsMax: 0.05, bounds: [-0.5, 2] as [number, number], userPoints };
  return { newton, branch: traceBranch(newton, start!, opts) };
}

const r3 = Math.sqrt(3) / 2;

describe('the continuation core on the circle x^2 + y^2 = 1 (x the parameter)', () => {
  const userPoints = [0, 0.5, 0.999].map((value) => ({ index: 0, value }));
  const { branch } = traceCircle(circle(), userPoints);
  const all = [...branch.backward.slice().reverse(), branch.start, ...branch.forward].map((e) => e.traced.z);

  it('follows the circle through the fold and ends exactly on the bound x = -0.5 at both ends', () => {
    expect(branch.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    for (const z of all) expect(Math.abs(z[0] * z[0] + z[1] * z[1] - 1)).toBeLessThan(1e-10);
    const [first, last] = [all[0], all[all.length - 1]];
    expect(first[0]).toBe(-0.5);
    expect(last[0]).toBe(-0.5);
    expect(first[1]).toBeCloseTo(r3, 12);
    expect(last[1]).toBeCloseTo(-r3, 12);
    expect(branch.unexplained).toEqual([]);
  });

  it('finds the fold, the tracked crossing and every user point in order along the curve', () => {
    const seen = branch.special.map(({ located }) => `${located.kind}${located.kind === 'UZ' ? located.z[0] : ''}`);
    // From (-0.5, +) through (0, 1), (0.5, +), x = y, (0.999, +), the fold, (0.999, -), (0.5, -), (0, -1).
    expect(seen).toEqual(['UZ0', 'UZ0.5', 'XY', 'UZ0.999', 'LP', 'UZ0.999', 'UZ0.5', 'UZ0']);
    // Each special point lies between the branch points its index names (by the angle along the curve).
    const angle = (z: Float64Array) => Math.atan2(z[1], z[0]);
    for (const { located, index } of branch.special) {
      const a = angle(all[index]);
      const b = angle(all[Math.min(index + 1, all.length - 1)]);
      const s = angle(located.z);
      expect(s).toBeLessThanOrEqual(Math.max(a, b) + 1e-12);
      expect(s).toBeGreaterThanOrEqual(Math.min(a, b) - 1e-12);
    }
  });

  it('locates the fold to the test tolerance and the user points exactly at their values', () => {
    const lp = branch.special.find(({ located }) => located.kind === 'LP')!.located;
    expect(lp.converged).toBe(true);
    // t_x = -y / |(x, y)| = 0 to 1e-10 there: |y| <= 1e-10 and x = 1 to rounding.
    expect(Math.abs(lp.z[1])).toBeLessThan(1e-9);
    expect(Math.abs(lp.z[0] - 1)).toBeLessThan(1e-15);
    for (const { located } of branch.special.filter((s) => s.located.kind === 'UZ')) {
      expect(located.converged).toBe(true);
      expect(userPoints.map((u) => u.value)).toContain(located.z[0]);
      expect(Math.abs(Math.abs(located.z[1]) - Math.sqrt(1 - located.z[0] ** 2))).toBeLessThan(1e-12);
      expect(located.data).toEqual([located.z[0], located.z[1]]);
    }
    const half = branch.special.filter(({ located }) => located.kind === 'UZ' && located.z[0] === 0.5).map(({ located }) => located.z[1]);
    expect(half[0]).toBeCloseTo(r3, 12);
    expect(half[1]).toBeCloseTo(-r3, 12);
  });

  it('locates a tracked test on its value and reports what its accept returns', () => {
    const xy = branch.special.find(({ located }) => located.kind === 'XY')!.located;
    expect(xy.converged).toBe(true);
    expect(Math.abs(xy.z[0] - Math.SQRT1_2)).toBeLessThan(1e-10);
    expect(Math.abs(xy.z[1] - Math.SQRT1_2)).toBeLessThan(1e-10);
    expect(xy.info?.angle).toBeCloseTo(Math.PI / 4, 9);
  });

  it("uses the problem's own locator for a kind when it gives one", () => {
    const calls: number[][] = [];
    // The fold of the circle in x by the extended system x^2 + y^2 = 1, y = 0, solved on x's side.
    const fold: KindLocator = (a, b) => {
      calls.push([a.z[0], b.z[0]]);
      return { z: Float64Array.from([Math.sign(a.z[0] + b.z[0]), 0]), converged: true };
    };
    const own = traceCircle(circle({ LP: fold }), []).branch;
    const lp = own.special.filter(({ located }) => located.kind === 'LP');
    expect(calls).toHaveLength(1);
    expect(lp).toHaveLength(1);
    expect(Array.from(lp[0].located.z)).toEqual([1, 0]);
    // The same branch as without it: the locator only changes how the point is found.
    expect(own.forward.length).toBe(branch.forward.length);
    expect(own.backward.length).toBe(branch.backward.length);
  });

  it('without data, tests or user points it still traces (the minimal problem: residual and Jacobian)', () => {
    const minimal: ContinuationProblem<never> = { ...circle(), pointData: undefined, trackedTests: undefined, tests: [], evaluateTests: undefined };
    const newton = new Corrector(minimal);
    const start = startPoint(newton, Float64Array.from([0, 1]))!;
    const b = traceBranch(newton, start, { ...DEFAULT_CONTINUATION, dsMax: 0.05, bounds: [-0.5, 2] });
    expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    expect(b.special).toEqual([]);
    for (const e of [...b.backward, ...b.forward]) expect(Math.abs(e.traced.z[0] ** 2 + e.traced.z[1] ** 2 - 1)).toBeLessThan(1e-10);
    // No fold test to slow the steps down near the fold: fewer points than the full problem.
    expect(b.forward.length + b.backward.length + 1).toBeLessThan(all.length);
  });
});
