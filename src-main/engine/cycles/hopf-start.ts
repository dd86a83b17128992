/**
 * The first point of a cycle family at a Hopf point (./hopf-mode.ts for the direction): the
 * constant orbit x_H with period 2 pi / omega, moved by eps along the Hopf mode and corrected on
 * the hyperplane at that distance (pseudo-arclength), its phase fixed against the mode's time
 * derivative. eps is tried from START_STEP (times the size of x_H, at least 1: stateSize of
 * ./step-scale.ts) down by halves.
 */
import type { ContinuationSettings } from '@shared/continuation/types';
import type { Corrector } from '../continuation/newton';
import type { TracedPoint } from '../continuation/problem';
import type { CycleProblem } from './cycle-problem';
import type { CycleData } from './floquet';
import { criticalEigenvector, hopfMode, hopfModeDot } from './hopf-mode';
import { stateSize } from './step-scale';

export const START_STEP = 1e-3;
const START_TRIES = 6;

/** The first point, or a message saying why there is none. */
export function startAtHopf(
  newton: Corrector<CycleData>,
  problem: CycleProblem,
  x: readonly number[],
  lambda: number,
  omega: number,
  settings: ContinuationSettings,
): { point: TracedPoint } | string {
  const { n, nu, dim, ncol, tm, iP } = problem;
  const xH = Float64Array.from(x.slice(0, n));
  const jac = new Float64Array(n * n);
  problem.p[iP] = lambda;
  problem.model.jacobian(xH, problem.p, jac);
  const zeta = criticalEigenvector(jac, n, omega);
  if (zeta === null) {
    return `The point given is not a Hopf point: its Jacobian has no eigenvalues near ±${omega.toPrecision(6)}i; start from a Hopf point (HB) of an equilibrium branch.`;
  }
  const L = nu / n - 1;
  const base = new Float64Array(nu);
  const mode = new Float64Array(nu);
  for (let m = 0; m <= L; m++) {
    const j = Math.min(Math.floor(m / ncol), problem.ntst - 1);
    const t = tm[j] + ((m - j * ncol) / ncol) * (tm[j + 1] - tm[j]);
    for (let i = 0; i < n; i++) base[m * n + i] = xH[i];
    hopfMode(zeta, n, t, mode, m * n);
    hopfModeDot(zeta, n, t, problem.uRefDot, m * n);
  }
  problem.uRef.set(base);
  const z0 = new Float64Array(dim);
  problem.fromStates(base, z0);
  z0[nu] = (2 * Math.PI) / omega / problem.periodScale;
  z0[nu + 1] = lambda;
  const dir = new Float64Array(dim);
  problem.fromStates(mode, dir);
  const len = Math.hypot(...dir);
  for (let i = 0; i < dim; i++) dir[i] /= len;
  let eps = START_STEP * stateSize(xH);
  for (let attempt = 0; attempt < START_TRIES; attempt++, eps /= 2) {
    const z = new Float64Array(dim);
    let target = 0;
    for (let i = 0; i < dim; i++) {
      z[i] = z0[i] + eps * dir[i];
      target += dir[i] * z[i];
    }
    if (newton.solve(z, dir, target, { tol: settings.newtonTol, maxIter: settings.newtonMaxIter + 4 }) !== 'converged') continue;
    const t = new Float64Array(dim);
    const bpTest = newton.tangent(z, dir, t);
    if (Number.isNaN(bpTest)) continue;
    const point: TracedPoint = { z, t, bpTest, iterations: newton.lastIterations };
    problem.setReference(z);
    const t2 = new Float64Array(dim);
    const bp2 = newton.tangent(z, t, t2);
    if (Number.isNaN(bp2)) continue;
    point.t = t2;
    point.bpTest = bp2;
    return { point };
  }
  return `The cycles near the Hopf point at ${problem.paramName} = ${lambda.toPrecision(6)} could not be computed (the corrector did not converge); the point may be degenerate (e.g. a Bautin point).`;
}
