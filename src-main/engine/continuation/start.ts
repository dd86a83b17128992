/**
 * A starting equilibrium for continuation: Newton's method (damped, exact Jacobian) at fixed
 * parameter from the initial state; if that fails, integrate towards rest (Dormand–Prince 5(4),
 * ../ode/dopri5.ts, with the inputs held at their constant values) in chunks of CHUNK time units up
 * to T_MAX, trying Newton again from the state reached after each chunk. An unstable equilibrium
 * found by Newton is a valid start (a branch is traced through stable and unstable parts alike).
 * When both fail the result is 'noEquilibrium' with a message that says what was seen and what to try.
 */
import type { ContinuationSettings } from '@shared/continuation/types';
import { Dopri5Stepper, STEP_UNDERFLOW } from '../ode/dopri5';
import type { BorderedNewton } from './newton';
import { fmt } from './palc';

/** Integration towards rest: time per chunk and the longest total time (model time units). */
export const CHUNK = 100;
export const T_MAX = 2000;
/** Newton from the initial state: most iterations (damped, so more than the corrector's). */
export const START_MAX_ITER = 50;

export type StartResult =
  | { status: 'ok'; z: Float64Array; via: 'newton' | 'integration'; time: number }
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
  const direct = tryNewton(x0);
  if (direct !== null) return { status: 'ok', z: direct, via: 'newton', time: 0 };

  const p = prob.p;
  p[prob.paramIndex] = lambda;
  const stepper = new Dopri5Stepper(prob.model, { rtol: 1e-8, atol: 1e-10, h0: 1e-3 });
  stepper.start(0, x0, p);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const at = `${prob.paramName} = ${fmt(lambda)}`;
  const names = prob.model.stateNames;
  for (let tEnd = CHUNK; tEnd <= T_MAX; tEnd += CHUNK) {
    lo.fill(Infinity);
    hi.fill(-Infinity);
    let attempts = 0;
    while (stepper.t < tEnd) {
      if ((++attempts & 255) === 0 && hooks.isCancelled?.()) {
        return { status: 'noEquilibrium', message: `Cancelled while looking for a steady state at ${at}.` };
      }
      if (stepper.step(p, tEnd) === STEP_UNDERFLOW || !stepper.y.every(Number.isFinite)) {
        return {
          status: 'noEquilibrium',
          message:
            `No steady state found at ${at}: Newton's method did not converge from the initial state, and the ` +
            `simulation from it blew up at t = ${fmt(stepper.t)}. Try initial values closer to a steady state, ` +
            'or start the trace at a parameter value where the model settles.',
        };
      }
      const y = stepper.y;
      for (let i = 0; i < n; i++) {
        if (y[i] < lo[i]) lo[i] = y[i];
        if (y[i] > hi[i]) hi[i] = y[i];
      }
    }
    const z = tryNewton(stepper.y);
    if (z !== null) return { status: 'ok', z, via: 'integration', time: tEnd };
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
  return {
    status: 'noEquilibrium',
    message:
      `No steady state found at ${at}: Newton's method did not converge from the initial state, and after ` +
      `simulating to t = ${T_MAX} the model had not settled (${names[k]} still varies between ${fmt(lo[k])} and ` +
      `${fmt(hi[k])}, so it probably oscillates here). Start the trace at a parameter value where the model ` +
      'settles to rest, or give initial values near a steady state (e.g. from the time series).',
  };
}
