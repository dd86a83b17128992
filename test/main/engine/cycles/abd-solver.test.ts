/**
 * The structured solver of the collocation system (src-main/engine/cycles/abd-factor.ts, abd-solve.ts) against
 * a dense LU of the same bordered matrix, assembled from the problem's dense Jacobian, on a small
 * mesh of a three-state model with every state coupled (so no block is trivially decoupled). The
 * determinant's sign is compared up to the fixed reordering of rows and columns the eliminations use.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../../src-main/engine/compile';
import { DenseLu } from '../../../../src-main/engine/continuation/lu';
import { CycleProblem, FACTORED_DRIFT } from '../../../../src-main/engine/cycles/cycle-problem';
import { tinyModel } from '../continuation/tiny-models';

const model = compileModel(tinyModel('coupled3', { x: 0, y: 0, w: 0 }, { a: 0.3 }, { x: 'a*x - y + x*w - x^3', y: 'x + a*y - y*w^2', w: '-w + x*y + a' }));

/** A fixed pseudo-random vector of `dim` entries in [-0.7, 0.7]; another `seed`, another vector. */
function vec(dim: number, seed: number): Float64Array {
  return Float64Array.from({ length: dim }, (_, k) => Math.sin(12.9898 * (k + seed) + 78.233) * 0.7);
}

/** max |x - ref| / max |ref|. */
function relativeError(x: Float64Array, ref: Float64Array): number {
  let err = 0;
  let size = 0;
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(x[i] - ref[i]));
    size = Math.max(size, Math.abs(ref[i]));
  }
  return err / size;
}

describe('structured solver of the bordered collocation system', () => {
  for (const [ntst, ncol] of [
    [3, 2],
    [5, 4],
    [4, 7],
  ] as const) {
    it(`solves like a dense LU (NTST = ${ntst}, NCOL = ${ncol}) and has the same determinant`, () => {
      const prob = new CycleProblem(model, { ntst, ncol, iP: 0, params: [0.3], periodScale: 2 });
      const mesh = Array.from({ length: ntst + 1 }, (_, j) => (j / ntst) ** 1.3);
      prob.setMesh(mesh);
      const dim = prob.dim;
      const z = vec(dim, 0);
      prob.setReference(vec(dim, 1000));
      const c = vec(dim, 2000);
      const rhs = vec(dim, 3000);
      const dense = new Float64Array(dim * dim);
      prob.jacobian(z, dense);
      dense.set(c, (dim - 1) * dim);
      const lu = new DenseLu(dim);
      expect(lu.factor(dense)).toBe(true);
      const xd = new Float64Array(dim);
      lu.solve(rhs, xd);
      const sys = prob.borderedSystem();
      const weight = new Float64Array(dim);
      expect(sys.factor(z, c, weight)).toBe('ok');
      const xs = new Float64Array(dim);
      sys.solve(rhs, xs);
      expect(relativeError(xs, xd)).toBeLessThan(1e-10);
      const logDense = Math.log(Math.abs(lu.det()));
      expect(Math.abs(prob.solver.logDet - logDense)).toBeLessThan(1e-8);
      // The sign up to the fixed reordering of rows and columns: the same relative sign at another point.
      const relative = prob.solver.detSign * Math.sign(lu.det());
      const z2 = vec(dim, 4000);
      prob.jacobian(z2, dense);
      dense.set(c, (dim - 1) * dim);
      expect(lu.factor(dense)).toBe(true);
      expect(sys.factor(z2, c, weight)).toBe('ok');
      expect(prob.solver.detSign * Math.sign(lu.det())).toBe(relative);
      expect(Math.abs(prob.solver.logDet - Math.log(Math.abs(lu.det())))).toBeLessThan(1e-8);
    });
  }

  it('replaces the border and the phase condition of a factored point to the bit, and refuses another point', () => {
    const prob = new CycleProblem(model, { ntst: 5, ncol: 4, iP: 0, params: [0.3], periodScale: 2 });
    const dim = prob.dim;
    const at = (seed: number) => vec(dim, seed);
    const z = at(0);
    const rhs = at(3000);
    const sys = prob.borderedSystem();
    const weight = new Float64Array(dim);
    prob.setReference(at(1000));
    expect(sys.factor(z, at(2000), weight)).toBe('ok');
    // Another phase reference and another border at the same point: reborder against a fresh factorisation.
    prob.setReference(at(5000));
    const c2 = at(6000);
    expect(sys.reborder!(z, c2, weight)).toBe(true);
    const xr = new Float64Array(dim);
    sys.solve(rhs, xr);
    const detR = sys.det();
    const wr = Float64Array.from(weight);
    expect(sys.factor(z, c2, weight)).toBe('ok');
    const xf = new Float64Array(dim);
    sys.solve(rhs, xf);
    expect(Array.from(xr)).toEqual(Array.from(xf));
    expect(detR).toBe(sys.det());
    expect(Array.from(wr)).toEqual(Array.from(weight));
    // Not at another point, nor after the mesh changed.
    expect(sys.reborder!(at(7000), c2, weight)).toBe(false);
    prob.setMesh(Array.from({ length: 6 }, (_, j) => (j / 5) ** 1.2));
    expect(sys.reborder!(z, c2, weight)).toBe(false);
  });

  it('takes the factorisation at a point within FACTORED_DRIFT as the one at z (same solve, det and multipliers), and refactors beyond it', () => {
    const prob = new CycleProblem(model, { ntst: 5, ncol: 4, iP: 0, params: [0.3], periodScale: 2 });
    const dim = prob.dim;
    const at = (seed: number) => vec(dim, seed);
    const z = at(0);
    const c = at(2000);
    const rhs = at(3000);
    const sys = prob.borderedSystem();
    const weight = new Float64Array(dim);
    prob.setReference(at(1000));
    let size = 0;
    for (const v of z) size = Math.max(size, Math.abs(v));
    // z moved by half the drift allowed, in every unknown, with alternating signs.
    const near = z.map((v, i) => v + (i % 2 === 0 ? 0.5 : -0.5) * FACTORED_DRIFT * (1 + size));
    expect(sys.factor(near, c, weight)).toBe('ok');
    const count = prob.solver.factorizations;
    expect(sys.reborder!(z, c, weight)).toBe(true);
    const xr = new Float64Array(dim);
    sys.solve(rhs, xr);
    const detR = sys.det();
    const muR = prob.pointData(z).multipliers.map(([re, im]) => [re, im]);
    expect(prob.solver.factorizations).toBe(count);
    // Against the factorisation at z itself.
    expect(sys.factor(z, c, weight)).toBe('ok');
    const xf = new Float64Array(dim);
    sys.solve(rhs, xf);
    expect(relativeError(xr, xf)).toBeLessThan(1e-8);
    expect(Math.abs(detR / sys.det() - 1)).toBeLessThan(1e-8);
    const muF = prob.pointData(z).multipliers;
    const big = Math.max(...muF.map(([re, im]) => Math.hypot(re, im)));
    muF.forEach(([re, im], k) => expect(Math.hypot(re - muR[k][0], im - muR[k][1]) / big).toBeLessThan(1e-8));
    // Twice the drift allowed in one unknown: not the same point, factored anew.
    const far = Float64Array.from(z);
    far[3] += 2 * FACTORED_DRIFT * (1 + size);
    const before = prob.solver.factorizations;
    expect(sys.reborder!(far, c, weight)).toBe(false);
    prob.pointData(far);
    expect(prob.solver.factorizations).toBe(before + 1);
  });
});
