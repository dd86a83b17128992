/**
 * The first point of a cycle family through a simulated periodic orbit (./orbit-cut.ts), as the
 * research practice for starting from data (AUTO-07p's start from a data file, MatCont's
 * initOrbLC, Fork's fixed-parameter solve): one period is sampled from the integrator's dense
 * output at the mesh values, the mesh adapted to it twice (./mesh.ts, each time re-sampled),
 * and the collocation equations solved by damped Newton at the fixed parameter value with the
 * period free, the phase fixed against the sample itself. A solution that collapses to a constant
 * orbit (an equilibrium) or whose period moved away from the simulated one is refused. The tangent
 * is the null vector of the Jacobian with the parameter free (AUTO's STDRBV), oriented to move the
 * parameter in the direction asked.
 */
import type { ContinuationSettings } from '@shared/continuation/types';
import type { Corrector } from '../continuation/newton';
import type { TracedPoint } from '../continuation/problem';
import type { CycleProblem } from './cycle-problem';
import type { CycleData } from './floquet';
import { adaptedMesh } from './mesh';
import { sampleOrbit, type CutOrbit } from './orbit-cut';

/** Mesh adaptations (each followed by a fresh sample) before the correction. */
const ADAPTATIONS = 2;
/** The corrected period may differ from the simulated one by at most this fraction. */
const PERIOD_MISMATCH = 1e-3;
/** An orbit whose every state varies by less than this fraction of its size (at least 1) has collapsed to an equilibrium. */
const COLLAPSED = 1e-6;

/** The mesh values' times (fractions of the period) of the problem's current mesh. */
function meshTimes(problem: CycleProblem): Float64Array {
  const { ntst, ncol, tm } = problem;
  const out = new Float64Array(ntst * ncol + 1);
  for (let j = 0; j < ntst; j++) for (let k = 0; k < ncol; k++) out[j * ncol + k] = tm[j] + (k / ncol) * (tm[j + 1] - tm[j]);
  out[ntst * ncol] = 1;
  return out;
}

/** The corrected first point, oriented so that the parameter moves in `direction`; or a message saying why there is none. */
export function startFromOrbit(
  newton: Corrector<CycleData>,
  problem: CycleProblem,
  orbit: CutOrbit,
  lambda: number,
  direction: 1 | -1,
  settings: ContinuationSettings,
): { point: TracedPoint } | string {
  const { n, nu, dim, ncol, iP } = problem;
  const name = problem.paramName;
  problem.p[iP] = lambda;
  const u = new Float64Array(nu);
  const failed = `The simulated orbit could not be sampled over one period (the integration failed); check the parameters.`;
  for (let round = 0; ; round++) {
    if (!sampleOrbit(problem.model, orbit, meshTimes(problem), u)) return failed;
    if (round === ADAPTATIONS) break;
    const mesh = adaptedMesh(problem.tm, u, n, ncol);
    if (mesh === null) break;
    problem.setMesh(mesh);
  }
  const z = new Float64Array(dim);
  problem.fromStates(u, z);
  z[nu] = orbit.period / problem.periodScale;
  z[nu + 1] = lambda;
  problem.setReference(z);
  const c = new Float64Array(dim);
  c[nu + 1] = 1;
  const status = newton.solve(z, c, lambda, { tol: settings.newtonTol, maxIter: 4 * settings.newtonMaxIter, damped: true });
  if (status !== 'converged') {
    return `The simulated orbit at ${name} = ${lambda.toPrecision(6)} could not be corrected to a periodic orbit (Newton: ${status}); simulate longer so the run settles, or raise NTST.`;
  }
  problem.toStates(z, u);
  let spread = 0;
  for (let i = 0; i < n; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let m = 0; m < nu / n; m++) {
      lo = Math.min(lo, u[m * n + i]);
      hi = Math.max(hi, u[m * n + i]);
    }
    spread = Math.max(spread, (hi - lo) / Math.max(1, Math.abs(hi), Math.abs(lo)));
  }
  if (!(spread > COLLAPSED)) {
    return `The simulated orbit at ${name} = ${lambda.toPrecision(6)} collapsed to a steady state when corrected: the run had not settled on an oscillation. Continue the steady state instead, or start the cycles from a Hopf point.`;
  }
  const T = problem.period(z);
  if (!(Math.abs(T / orbit.period - 1) <= PERIOD_MISMATCH)) {
    return `The simulated orbit at ${name} = ${lambda.toPrecision(6)} was corrected to a periodic orbit of period ${T.toPrecision(6)}, not the simulated ${orbit.period.toPrecision(6)}: simulate longer so the run settles, or raise NTST.`;
  }
  problem.setReference(z);
  const t = new Float64Array(dim);
  c[nu + 1] = direction;
  const bp = newton.tangent(z, c, t);
  if (Number.isNaN(bp))
    return `The periodic orbit at ${name} = ${lambda.toPrecision(6)} is singular (a fold or branch point of cycles): start from a nearby value of ${name}.`;
  const t2 = new Float64Array(dim);
  const bp2 = newton.tangent(z, t, t2);
  if (Number.isNaN(bp2))
    return `The periodic orbit at ${name} = ${lambda.toPrecision(6)} is singular (a fold or branch point of cycles): start from a nearby value of ${name}.`;
  return { point: { z, t: t2, bpTest: bp2, iterations: newton.lastIterations } };
}
