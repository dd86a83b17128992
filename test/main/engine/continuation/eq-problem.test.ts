import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { eqProblem, equilibriumContinuation } from '../../../../src-main/engine/continuation/eq-problem';
import { eigenvalues } from '../../../../src-main/engine/continuation/stability';
import { rng, uniform } from '../../../shared/expr/rng';

const model = compileModel(getTemplate('ik_nodim')!);
const defaults = () => [...model.def.params.map((q) => q.default), ...model.def.inputs.map((q) => q.default)];
const g = model.paramNames.indexOf('g');

/** The state Jacobian's eigenvalues at u = (x, g), computed directly from the model. */
function direct(u: Float64Array): ReturnType<typeof eigenvalues> {
  const p = Float64Array.from(defaults());
  p[g] = u[4];
  const jac = new Float64Array(16);
  model.jacobian(u, p, jac);
  return eigenvalues(jac, 4);
}

describe('the equilibrium problem of the continuation core', () => {
  it('pointData gives the eigenvalues at its own point, whether or not the last jacobian call was there', () => {
    const problem = equilibriumContinuation(eqProblem(model, defaults(), g));
    const r = rng(7);
    const out = new Float64Array(4 * 5);
    for (let trial = 0; trial < 20; trial++) {
      const u = Float64Array.from([uniform(r, 0.01, 0.5), uniform(r, -2, 2), uniform(r, -0.5, 0.5), uniform(r, 0, 1), uniform(r, 0, 3)]);
      const other = Float64Array.from(u, (v, i) => (i === trial % 5 ? v * (1 + 1e-15) + 1e-300 : v));
      problem.jacobian(u, out);
      expect(problem.pointData!(u)).toEqual(direct(u));
      // Only the parameter or one state differs by a rounding unit: the point's own Jacobian is used.
      problem.jacobian(u, out);
      expect(problem.pointData!(other)).toEqual(direct(other));
    }
  });
});
