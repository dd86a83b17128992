/**
 * The tangent after a converged corrector (Corrector.tangent with afterCorrector): taken from the
 * corrector's last factorisation where that lies within FACTORED_DRIFT and the bordered matrix is
 * well conditioned, otherwise factored afresh; either way the same tangent and branch-point test as
 * a fresh factorisation at the point, to far below the corrector's tolerance.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { eqProblem } from '../../../../src-main/engine/continuation/eq-problem';
import { BorderedNewton } from '../../../../src-main/engine/continuation/newton';
import { useDenseKernels } from '../../../../src-main/engine/wasm/dense-kernels';

const model = compileModel(getTemplate('ik_nodim')!);
const defaults = () => [...model.def.params.map((q) => q.default), ...model.def.inputs.map((q) => q.default)];

afterEach(() => useDenseKernels(true));

/**
 * A corrector on ik_nodim's equilibria in g at I_ext = 0.15 that counts the factorisations outside
 * its Newton iterations: in JavaScript its problem's Jacobian evaluations, in WebAssembly (where a
 * whole Newton iteration is one call) its kernel's factorisations.
 */
function counted(wasm: boolean) {
  useDenseKernels(wasm);
  const p = defaults();
  p[model.paramNames.indexOf('I_ext')] = 0.15;
  const k = model.paramNames.indexOf('g');
  let factors = 0;
  if (wasm) {
    // The kernel is the compiled model's, shared by all its correctors: this one gets a counting copy.
    const kernel = model.equilibriumKernel!(k)!;
    const own = Object.create(kernel) as typeof kernel;
    own.factor = (u, c, q) => {
      factors++;
      return kernel.factor(u, c, q);
    };
    return { newton: new BorderedNewton(eqProblem({ ...model, equilibriumKernel: () => own }, p, k)), calls: () => factors };
  }
  const newton = new BorderedNewton(eqProblem(model, p, k));
  const problem = newton.problem;
  const jacobian = problem.jacobian.bind(problem);
  problem.jacobian = (u, out) => {
    factors++;
    jacobian(u, out);
  };
  return { newton, calls: () => factors };
}

describe.each([false, true])('the tangent after a converged corrector (WebAssembly: %s)', (wasm) => {
  it('reuses the last factorisation at most points of a branch, with the tangent and branch-point test of a fresh one', () => {
    const { newton, calls } = counted(wasm);
    const fresh = counted(wasm).newton;
    // Start on the branch at g = 0.3, then steps of 0.02 along the tangent, as the tracer takes them.
    let z = Float64Array.from([0.03, 0.2, 0.07, 0.08, 0.3]);
    const e = Float64Array.from([0, 0, 0, 0, 1]);
    expect(newton.solve(z, e, 0.3, { tol: 1e-10, maxIter: 20, damped: true })).toBe('converged');
    let t = new Float64Array(5);
    newton.tangent(z, e, t);
    if (t[4] < 0) t = t.map((v) => -v);
    let reused = 0;
    const steps = 60;
    for (let k = 0; k < steps; k++) {
      const pred = z.map((v, i) => v + 0.02 * t[i]);
      const target = pred.reduce((s, v, i) => s + v * t[i], 0);
      z = Float64Array.from(pred);
      expect(newton.solve(z, t, target, { tol: 1e-10, maxIter: 8 })).toBe('converged');
      const before = calls();
      const next = new Float64Array(5);
      const bp = newton.tangent(z, t, next, true);
      if (calls() === before) reused++;
      const ref = new Float64Array(5);
      const bpRef = fresh.tangent(z, t, ref);
      for (let i = 0; i < 5; i++) expect(Math.abs(next[i] - ref[i])).toBeLessThan(1e-11);
      expect(Math.abs(bp - bpRef)).toBeLessThan(1e-11 * Math.abs(bpRef));
      t = next;
    }
    // The branch passes g = 1.5: Hopf points lie on it but the bordered matrix stays regular.
    expect(z[4]).toBeGreaterThan(1.4);
    expect(reused).toBeGreaterThan(steps / 4);
    // Without afterCorrector the point is always factored again.
    const before = calls();
    newton.tangent(z, t, new Float64Array(5));
    expect(calls()).toBe(before + 1);
  });
});
