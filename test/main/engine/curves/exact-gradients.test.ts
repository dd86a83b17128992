/**
 * The Jacobians of the fold and Hopf curve problems (test-function rows from the jet) against
 * central differences of their residuals, borders held fixed, at points on and off the curves of
 * a three-state model with non-polynomial terms and of ik_nodim. Central differences with step
 * 1e-6 agree with exact derivatives to about 1e-10 relative here; a wrong or missing term (e.g.
 * dropping J J' from (J^2)' = J' J + J J') is off by order one.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { CompiledModel } from '../../../../src-main/engine/compiled-model';
import { compileModel } from '../../../../src-main/engine/compile';
import type { CurveProblem } from '../../../../src-main/engine/curves/curve-problem';
import { foldCurveProblem } from '../../../../src-main/engine/curves/fold-problem';
import { hopfCurveProblem } from '../../../../src-main/engine/curves/hopf-problem';
import { tinyModel } from '../continuation/tiny-models';

const three = compileModel(
  tinyModel(
    'three',
    { x: 0, y: 0, z: 0 },
    { a: 0.3, b: 1.2, c: 0.7 },
    { x: 'a + b*x - x^3 + 0.3*y*z', y: '-c*y + tanh(x) + 0.2*z^2', z: 'exp(0.1*x*b) - z - b*y + sin(c*x)' },
  ),
);

/** Largest |exact - central difference| over each row, relative to the row's largest exact entry. */
function worstRowError(problem: CurveProblem, u: Float64Array): number {
  const dim = problem.dim;
  const rows = dim - 1;
  const exact = new Float64Array(rows * dim);
  problem.jacobian(u, exact);
  const plus = new Float64Array(rows);
  const minus = new Float64Array(rows);
  const fd = new Float64Array(rows * dim);
  for (let j = 0; j < dim; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(u[j]));
    const up = Float64Array.from(u);
    const down = Float64Array.from(u);
    up[j] += h;
    down[j] -= h;
    problem.residual(up, plus);
    problem.residual(down, minus);
    for (let i = 0; i < rows; i++) fd[i * dim + j] = (plus[i] - minus[i]) / (2 * h);
  }
  let worst = 0;
  for (let i = 0; i < rows; i++) {
    let scale = 0;
    for (let j = 0; j < dim; j++) scale = Math.max(scale, Math.abs(exact[i * dim + j]));
    for (let j = 0; j < dim; j++) worst = Math.max(worst, Math.abs(exact[i * dim + j] - fd[i * dim + j]) / scale);
  }
  return worst;
}

function check(model: CompiledModel, kind: 'fold' | 'hopf', p: number[], iP: number, iQ: number, u: number[]): number {
  const problem = kind === 'fold' ? foldCurveProblem(model, p, iP, iQ) : hopfCurveProblem(model, p, iP, iQ);
  const z = Float64Array.from(u);
  expect(problem.init(z)).toBe(true);
  return worstRowError(problem, z);
}

describe('exact gradients of the curve problems', () => {
  it('fold problem of a three-state model, off the curve, in (a, b) and (c, a)', () => {
    expect(check(three, 'fold', [0.3, 1.2, 0.7], 0, 1, [0.4, -0.2, 0.9, 0.3, 1.2])).toBeLessThan(1e-8);
    expect(check(three, 'fold', [0.3, 1.2, 0.7], 2, 0, [-0.6, 0.5, 1.1, 0.7, 0.3])).toBeLessThan(1e-8);
  });

  it('Hopf problem of a three-state model, with kappa positive and negative', () => {
    expect(check(three, 'hopf', [0.3, 1.2, 0.7], 0, 1, [0.4, -0.2, 0.9, 0.3, 1.2, 0.8])).toBeLessThan(1e-8);
    expect(check(three, 'hopf', [0.3, 1.2, 0.7], 1, 2, [-0.5, 0.3, 0.6, 1.2, 0.7, -0.4])).toBeLessThan(1e-8);
  });

  it('Hopf problem of ik_nodim near HB1 in (g, eta)', () => {
    const model = compileModel(getTemplate('ik_nodim')!);
    const p = [...model.def.params, ...model.def.inputs].map((q) => (q.name === 'I_ext' ? 0.15 : q.default));
    const iG = model.paramNames.indexOf('g');
    const iEta = model.paramNames.indexOf('eta');
    const u = [0.0403, 0.2562, 0.0982, 0.1048, 0.6711, 0.001, 0.0499 ** 2];
    expect(check(model, 'hopf', p, iG, iEta, u)).toBeLessThan(1e-7);
  });
});
