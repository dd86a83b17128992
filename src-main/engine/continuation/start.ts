/**
 * A starting equilibrium for continuation, decided by the dynamics (the steady state the user's
 * initial state leads to, not merely the nearest root):
 *
 * 1. Newton's method (damped, exact Jacobian) at fixed parameter from the initial state x0; a
 *    STABLE equilibrium found so is the start.
 * 2. Otherwise (Newton failed, or found an unstable equilibrium) integrate from x0 towards rest
 *    (Dormand–Prince 5(4), ../ode/dopri5.ts, inputs held at their constant values) in chunks of
 *    CHUNK time units up to T_MAX, trying Newton from the state reached after each chunk; the first
 *    stable equilibrium found so is the start (the simulation settles there).
 * 3. If the simulation does not settle (it oscillates) or runs away, an unstable equilibrium is a
 *    legitimate start (the branch is traced through stable and unstable parts alike): the one
 *    Newton finds from the time average of the last chunk (the state an oscillation surrounds),
 *    else the one found from x0. The result then carries a note saying that the steady state is
 *    unstable and what the simulation did.
 *
 * When no equilibrium is found the result is 'noEquilibrium' with a message that says what was
 * seen and what to try.
 */
import type { ContinuationSettings } from '@shared/continuation/types';
import { Dopri5Stepper, STEP_UNDERFLOW } from '../ode/dopri5';
import type { BorderedNewton } from './newton';
import { fmt } from './palc';
import { eigenvalues, isStable } from './stability';

/** Integration towards rest: time per chunk and the longest total time (model time units). */
export const CHUNK = 100;
export const T_MAX = 2000;
/** Newton from the initial state: most iterations (damped, so more than the corrector's). */
export const START_MAX_ITER = 50;

export type StartResult =
  | {
      status: 'ok';
      z: Float64Array;
      /** Found by Newton from the initial state, or from a simulated state at time `time`. */
      via: 'newton' | 'integration';
      time: number;
      /** Whether the start is a stable equilibrium. */
      stable: boolean;
      /** For an unstable start: why it was taken (what the simulation from the initial state did). */
      note?: string;
    }
  | { status: 'noEquilibrium'; message: string };

export interface StartHooks {
  isCancelled?(): boolean;
}

/** Finds an equilibrium at lambda from x0 (model order). z = (x, lambda) on success. */
export function findEquilibrium(
  newton: BorderedNewton,
  x0: ArrayLike<number>,
  lambda: number,
  settings: ContinuationSettings,
  hooks: StartHooks = {},
): StartResult {
  const prob = newton.prob;
  const n = prob.n;
  const e = new Float64Array(n + 1);
  e[n] = 1;
  const opts = { tol: settings.newtonTol, maxIter: START_MAX_ITER, damped: true };
  const tryNewton = (x: ArrayLike<number>): Float64Array | null => {
    const z = new Float64Array(n + 1);
    z.set(x);
    z[n] = lambda;
    if (newton.solve(z, e, lambda, opts) !== 'converged') return null;
    z[n] = lambda;
    return z;
  };
  const jac = new Float64Array(n * n);
  const stableAt = (z: Float64Array): boolean => {
    prob.jacobian(z, lambda, jac);
    return isStable(eigenvalues(jac, n));
  };
  const direct = tryNewton(x0);
  if (direct !== null && stableAt(direct)) return { status: 'ok', z: direct, via: 'newton', time: 0, stable: true };

  const p = prob.p;
  p[prob.paramIndex] = lambda;
  const stepper = new Dopri5Stepper(prob.model, { rtol: 1e-8, atol: 1e-10, h0: 1e-3 });
  stepper.start(0, x0, p);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const mean = new Float64Array(n);
  const at = `${prob.paramName} = ${fmt(lambda)}`;
  const names = prob.model.stateNames;
  const unstableStart = (z: Float64Array, via: 'newton' | 'integration', time: number, seen: string): StartResult => ({
    status: 'ok',
    z,
    via,
    time,
    stable: false,
    note: `The steady state at ${at} is unstable; the simulation from the initial state ${seen}, so the branch is traced from the unstable steady state.`,
  });
  for (let tEnd = CHUNK; tEnd <= T_MAX; tEnd += CHUNK) {
    lo.fill(Infinity);
    hi.fill(-Infinity);
    mean.fill(0);
    const tStart = stepper.t;
    let attempts = 0;
    while (stepper.t < tEnd) {
      if ((++attempts & 255) === 0 && hooks.isCancelled?.()) {
        return { status: 'noEquilibrium', message: `Cancelled while looking for a steady state at ${at}.` };
      }
      const tPrev = stepper.t;
      if (stepper.step(p, tEnd) === STEP_UNDERFLOW || !stepper.y.every(Number.isFinite)) {
        const blew = `blew up at t = ${fmt(stepper.t)}`;
        if (direct !== null) return unstableStart(direct, 'newton', 0, `runs away from it (it ${blew})`);
        return {
          status: 'noEquilibrium',
          message:
            `No steady state found at ${at}: Newton's method did not converge from the initial state, and the ` +
            `simulation from it ${blew}. Try initial values closer to a steady state, ` +
            'or start the trace at a parameter value where the model settles.',
        };
      }
      const y = stepper.y;
      const dt = stepper.t - tPrev;
      for (let i = 0; i < n; i++) {
        if (y[i] < lo[i]) lo[i] = y[i];
        if (y[i] > hi[i]) hi[i] = y[i];
        mean[i] += dt * y[i];
      }
    }
    for (let i = 0; i < n; i++) mean[i] /= stepper.t - tStart;
    const z = tryNewton(stepper.y);
    if (z !== null && stableAt(z)) return { status: 'ok', z, via: 'integration', time: tEnd, stable: true };
  }
  // Describe the variable that moves most (relative to its size) during the last chunk.
  let k = 0;
  let spread = -1;
  for (let i = 0; i < n; i++) {
    const s = (hi[i] - lo[i]) / (1e-12 + Math.abs(hi[i]) + Math.abs(lo[i]));
    if (s > spread) {
      spread = s;
      k = i;
    }
  }
  const varies = `${names[k]} still varies between ${fmt(lo[k])} and ${fmt(hi[k])}`;
  const around = tryNewton(mean) ?? tryNewton(stepper.y);
  if (around !== null) {
    const seen = `does not settle (at t = ${T_MAX} ${varies}: it oscillates)`;
    if (stableAt(around)) {
      return {
        status: 'ok',
        z: around,
        via: 'integration',
        time: T_MAX,
        stable: true,
        note: `The simulation from the initial state at ${at} ${seen}; the branch is traced from a stable steady state found near that oscillation.`,
      };
    }
    return unstableStart(around, 'integration', T_MAX, `oscillates (at t = ${T_MAX} ${varies})`);
  }
  if (direct !== null) return unstableStart(direct, 'newton', 0, `oscillates (at t = ${T_MAX} ${varies})`);
  return {
    status: 'noEquilibrium',
    message:
      `No steady state found at ${at}: Newton's method did not converge from the initial state, and after ` +
      `simulating to t = ${T_MAX} the model had not settled (${varies}, so it probably oscillates here). ` +
      'Start the trace at a parameter value where the model settles to rest, or give initial values near a ' +
      'steady state (e.g. from the time series).',
  };
}
