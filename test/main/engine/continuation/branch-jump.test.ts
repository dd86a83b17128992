/**
 * The corrector stays on its branch: a corrected point far from its prediction, with a sharply
 * turned tangent, off the chord-bisects-tangents rule, or where the branch-point test flips sign
 * without heading for zero, is refused and the step retried smaller (palc.ts). And a branch point is
 * reported only where [F_x, F_lambda] loses rank (detect.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION, type Complex } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { detectSpecialPoints } from '../../../../src-main/engine/continuation/detect';
import { eqProblem } from '../../../../src-main/engine/continuation/eq-problem';
import { BorderedNewton } from '../../../../src-main/engine/continuation/newton';
import { palcDirection, reversed, type TracedPoint } from '../../../../src-main/engine/continuation/palc';
import { largestStep } from '../../../../src-main/engine/continuation/run';
import { eigenvalues } from '../../../../src-main/engine/continuation/stability';
import { steadyStateAt } from './ik-hopf-reference';
import { tinyModel, trace } from './tiny-models';

/** Newton at fixed lambda from x0, the tangent there (towards increasing lambda) and the eigenvalue hook. */
function setup(model: ReturnType<typeof compileModel>, p: number[], k: number, x0: number[]) {
  const prob = eqProblem(model, p, k);
  const newton = new BorderedNewton(prob);
  const n = prob.n;
  const z = Float64Array.from([...x0, p[k]]);
  const e = new Float64Array(n + 1);
  e[n] = 1;
  expect(newton.solve(z, e, p[k], { tol: 1e-12, maxIter: 50, damped: true })).toBe('converged');
  const t = new Float64Array(n + 1);
  const bpTest = newton.tangent(z, e, t);
  if (t[n] < 0) for (let i = 0; i <= n; i++) t[i] = -t[i];
  const jac = new Float64Array(n * n);
  const eigs = (q: TracedPoint): Complex[] => {
    prob.jacobian(q.z, q.z[n], jac);
    return eigenvalues(jac, n);
  };
  return { newton, n, start: { z, t, bpTest: t[n] >= 0 ? bpTest : -bpTest, iterations: 0 } as TracedPoint, eigs };
}

describe('ik_nodim from the far start eta = 1000 down to eta = -1 (I_ext = 0)', () => {
  const def = getTemplate('ik_nodim')!;
  const model = compileModel(def);
  const p = [...def.params.map((q) => q.default), ...def.inputs.map((q) => (q.name === 'I_ext' ? 0 : q.default))];
  const k = model.paramNames.indexOf('eta');
  p[k] = 1000;
  it('stays on the physical branch r > 0 all the way, with no branch point and no fold', () => {
    // The steady state at eta = 1000 on the r > 0 curve (r near 9.78), refined by Newton.
    let r = 9;
    for (let i = 0; i < 60; i++) {
      const f = steadyStateAt(r, 0.5).eta - 1000;
      r -= f / ((steadyStateAt(r * (1 + 1e-7), 0.5).eta - steadyStateAt(r, 0.5).eta) / (r * 1e-7));
    }
    const { newton, n, start, eigs } = setup(model, p, k, steadyStateAt(r, 0.5).x);
    const bounds: [number, number] = [-1, 1000];
    const opts = { ...DEFAULT_CONTINUATION, dsMax: largestStep(DEFAULT_CONTINUATION, bounds), bounds };
    const list: { point: TracedPoint; eigs: Complex[] }[] = [{ point: reversed(start), eigs: eigs(start) }];
    const res = palcDirection(newton, start, -1, opts, { eigenvalues: eigs, onPoint: (q, e) => list.push({ point: q, eigs: e! }) });
    expect(res.end.reason).toBe('bound');
    expect(res.unexplained).toEqual([]);
    const last = list[list.length - 1].point;
    expect(last.z[n]).toBe(-1);
    for (const { point } of list) {
      expect(point.z[0]).toBeGreaterThan(0);
      // On the physical curve: the state is the one the r-parametrisation gives at its r.
      const ss = steadyStateAt(point.z[0], 0.5);
      expect(Math.abs(ss.eta - point.z[n])).toBeLessThan(1e-7 * (1 + Math.abs(point.z[n])));
    }
    // eta decreases monotonically along the branch (no fold on it).
    for (let i = 1; i < list.length; i++) expect(list[i].point.z[n]).toBeLessThan(list[i - 1].point.z[n]);
    const det = detectSpecialPoints(
      newton,
      list.map((a) => a.point),
      list.map((a) => a.eigs),
      { newtonTol: 1e-10, newtonMaxIter: 8 },
    );
    expect(det.special.map((s) => s.type)).toEqual(['HB']);
    expect(det.unexplained).toEqual([]);
  });
});

describe("two close branches x' = (x - sin p)(x - sin p - gap)", () => {
  // Two parallel curves gap apart; at large steps the predictor overshoots the curved branch by more
  // than gap / 2 and Newton would converge on the other one.
  const def = tinyModel('sin_pair', { x: 0 }, { p: 0, gap: 0.02 }, { x: '(x - sin(p))*(x - sin(p) - gap)' });
  for (const gap of [0.05, 0.01, 0.001]) {
    for (const range of [20, 50]) {
      it(`gap = ${gap}, p in [-${range}, ${range}]: every point on x = sin p, no special point`, () => {
        const r = trace(def, 'p', [-range, range], { params: { gap } });
        const b = r.branch!;
        expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
        expect(b.special).toEqual([]);
        const off = b.points.filter((q) => Math.abs(q.x[0] - Math.sin(q.p)) > 1e-8);
        expect(off.map((q) => q.p)).toEqual([]);
      });
    }
  }
});

describe('a sign change of the branch-point test without a singular point', () => {
  const def = tinyModel('sin_one', { x: 0 }, { p: 0 }, { x: '(x - sin(p))*(x - sin(p) - 0.5)' });
  it('is not reported as a branch point (the Jacobian [F_x, F_p] has full rank there)', () => {
    const model = compileModel(def);
    const { newton, start, eigs } = setup(model, [0], 0, [0]);
    const res = palcDirection(newton, start, 1, { ...DEFAULT_CONTINUATION, bounds: [0, 1] });
    const a = res.points[3];
    // The same branch point b with its test's sign flipped, as after a step onto the other branch.
    const b = { ...res.points[4], bpTest: -res.points[4].bpTest };
    expect(a.bpTest < 0).not.toBe(b.bpTest < 0);
    const det = detectSpecialPoints(newton, [a, b], [eigs(a), eigs(b)], { newtonTol: 1e-10, newtonMaxIter: 8 });
    expect(det.special.filter((s) => s.type === 'BP')).toEqual([]);
  });
});
