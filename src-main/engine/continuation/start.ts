/**
 * A starting equilibrium for continuation, decided by the dynamics (the steady state the user's
 * initial state leads to, not merely the nearest root), with stable equilibria preferred:
 *
 * 1. Newton's method (damped, exact Jacobian) at fixed parameter from the initial state x0; a
 *    STABLE equilibrium found so is the start.
 * 2. Otherwise integrate from x0 towards rest (Dormand–Prince 5(4), ../ode/dopri5.ts, inputs held
 *    at their constant values) in chunks of CHUNK time units or CHUNK_STEPS steps, up to T_MAX time
 *    units or MAX_STEPS steps in all, trying Newton from the state reached after each chunk; the
 *    first stable equilibrium found so is the start (the simulation settles there). The step cap
 *    bounds the work where the dynamics are fast (e.g. eta = 1e6 in ik_nodim: periods of 1e-3).
 * 3. Otherwise (the simulation does not settle within that work, oscillates or runs away) a
 *    homotopy in the parameter: the stable steady state at the `anchor` value of the parameter
 *    (its model default), found by steps 1-2 there, is continued by pseudo-arclength continuation
 *    (./palc.ts) to the requested value (Allgower & Georg, "Numerical Continuation Methods", 1990,
 *    ch. 1: embedding a hard problem in a family through an easy one).
 * 4. The start is then, in this order: the continued steady state if stable; a stable one Newton
 *    finds from the time average of the last chunk (the state an oscillation surrounds); the
 *    continued one though unstable; the one found from the time average; the one found from x0.
 *    An unstable start is legitimate (the branch is traced through stable and unstable parts
 *    alike), and every start that is not plainly where the simulation settles carries a note
 *    saying what the simulation did and how the steady state was found.
 *
 * When no equilibrium is found the result is 'noEquilibrium' with a message that says what was
 * seen and what to try.
 */
import type { ContinuationSettings } from '@shared/continuation/types';
import { Dopri5Stepper, STEP_UNDERFLOW } from '../ode/dopri5';
import type { BorderedNewton } from './newton';
import { fmt, palcDirection, startPoint } from './palc';
import { isStable } from './stability';

export { startPoint } from './palc';

/** Integration towards rest: time per chunk and the longest total time (model time units). */
export const CHUNK = 100;
export const T_MAX = 2000;
/** Integration towards rest: most steps per chunk and in all (about 0.1 s for a 4-state model). */
export const CHUNK_STEPS = 20_000;
export const MAX_STEPS = 200_000;
/** Newton from the initial state: most iterations (damped, so more than the corrector's). */
export const START_MAX_ITER = 50;
/** The homotopy's largest step is the distance from the anchor over this. */
export const HOMOTOPY_STEPS = 100;

export type StartResult =
  | {
      status: 'ok';
      z: Float64Array;
      /**
       * Found by Newton from the initial state, from a simulated state at time `time`, or by
       * continuing the steady state at `from` (the anchor) to the requested value.
       */
      via: 'newton' | 'integration' | 'continuation';
      time: number;
      /** For 'continuation': the parameter value the steady state was continued from. */
      from?: number;
      /** Whether the start is a stable equilibrium. */
      stable: boolean;
      /** What the simulation from the initial state did, when the start is not plainly where it settles. */
      note?: string;
    }
  | { status: 'noEquilibrium'; message: string };

export interface StartHooks {
  isCancelled?(): boolean;
}

/** What the simulation towards rest did. */
type Simulation =
  | { kind: 'settled'; z: Float64Array; time: number }
  | { kind: 'cancelled' }
  | { kind: 'blewUp'; time: number }
  /** Still moving at `time` (T_MAX reached, or `capped`: the step cap); lo/hi/mean over the last chunk. */
  | { kind: 'moving'; time: number; capped: boolean; lo: Float64Array; hi: Float64Array; mean: Float64Array; y: Float64Array };

/** Newton at fixed lambda and the stability test, shared by the steps above. */
class Solver {
  private readonly e: Float64Array;
  constructor(
    readonly newton: BorderedNewton,
    private readonly settings: ContinuationSettings,
  ) {
    const n = newton.n;
    this.e = new Float64Array(n + 1);
    this.e[n] = 1;
  }

  /** The equilibrium Newton finds from x at lambda, or null. */
  newtonAt(x: ArrayLike<number>, lambda: number): Float64Array | null {
    const n = this.newton.n;
    const z = new Float64Array(n + 1);
    z.set(x);
    z[n] = lambda;
    const opts = { tol: this.settings.newtonTol, maxIter: START_MAX_ITER, damped: true };
    if (this.newton.solve(z, this.e, lambda, opts) !== 'converged') return null;
    z[n] = lambda;
    return z;
  }

  stable(z: Float64Array): boolean {
    // The problem's data at a point are f_x's eigenvalues.
    return isStable(this.newton.problem.pointData!(z));
  }

  /** Integrates from x0 at lambda towards rest (step 2 of the file comment). */
  simulate(x0: ArrayLike<number>, lambda: number, hooks: StartHooks): Simulation {
    const prob = this.newton.prob;
    const n = prob.n;
    const p = prob.p;
    p[prob.paramIndex] = lambda;
    const stepper = new Dopri5Stepper(prob.model, { rtol: 1e-8, atol: 1e-10, h0: 1e-3 });
    stepper.start(0, x0, p);
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    const mean = new Float64Array(n);
    let steps = 0;
    while (stepper.t < T_MAX && steps < MAX_STEPS) {
      lo.fill(Infinity);
      hi.fill(-Infinity);
      mean.fill(0);
      const tStart = stepper.t;
      const tEnd = Math.min(T_MAX, (Math.floor(tStart / CHUNK) + 1) * CHUNK);
      const stepEnd = Math.min(MAX_STEPS, steps + CHUNK_STEPS);
      while (stepper.t < tEnd && steps < stepEnd) {
        if ((++steps & 255) === 0 && hooks.isCancelled?.()) return { kind: 'cancelled' };
        const tPrev = stepper.t;
        if (stepper.step(p, tEnd) === STEP_UNDERFLOW || !stepper.y.every(Number.isFinite)) return { kind: 'blewUp', time: stepper.t };
        const y = stepper.y;
        const dt = stepper.t - tPrev;
        for (let i = 0; i < n; i++) {
          if (y[i] < lo[i]) lo[i] = y[i];
          if (y[i] > hi[i]) hi[i] = y[i];
          mean[i] += dt * y[i];
        }
      }
      for (let i = 0; i < n; i++) mean[i] /= stepper.t - tStart;
      const z = this.newtonAt(stepper.y, lambda);
      if (z !== null && this.stable(z)) return { kind: 'settled', z, time: stepper.t };
    }
    return { kind: 'moving', time: stepper.t, capped: stepper.t < T_MAX, lo, hi, mean, y: Float64Array.from(stepper.y) };
  }

  /** A stable equilibrium at lambda reached from x0 (steps 1-2), or null. */
  stableAt(x0: ArrayLike<number>, lambda: number, hooks: StartHooks): Float64Array | null {
    const z = this.newtonAt(x0, lambda);
    if (z !== null && this.stable(z)) return z;
    const sim = this.simulate(x0, lambda, hooks);
    return sim.kind === 'settled' ? sim.z : null;
  }

  /**
   * The equilibrium at lambda on the branch through the equilibrium z0 (step 3): pseudo-arclength
   * continuation from z0[n] towards lambda, ending exactly on lambda; null when the branch turns
   * back (a fold) or ends before reaching lambda.
   */
  continueTo(z0: Float64Array, lambda: number): Float64Array | null {
    const n = this.newton.n;
    const start = startPoint(this.newton, z0);
    if (start === null) return null;
    const from = z0[n];
    const bounds: [number, number] = from < lambda ? [from, lambda] : [lambda, from];
    const opts = { ...this.settings, dsMax: Math.abs(lambda - from) / HOMOTOPY_STEPS, bounds };
    // Not polled for cancellation: at most maxPoints cheap steps (no eigenvalues), milliseconds.
    const res = palcDirection(this.newton, start, lambda > from ? 1 : -1, opts);
    const last = res.points[res.points.length - 1];
    return res.end.reason === 'bound' && last !== undefined && last.z[n] === lambda ? last.z : null;
  }
}

/**
 * Finds an equilibrium at lambda from x0 (model order); z = (x, lambda) on success. `anchor`, the
 * parameter's model default, is where the homotopy of step 3 starts (none when undefined or lambda).
 */
export function findEquilibrium(
  newton: BorderedNewton,
  x0: ArrayLike<number>,
  lambda: number,
  settings: ContinuationSettings,
  hooks: StartHooks = {},
  anchor?: number,
): StartResult {
  const solver = new Solver(newton, settings);
  const direct = solver.newtonAt(x0, lambda);
  if (direct !== null && solver.stable(direct)) return { status: 'ok', z: direct, via: 'newton', time: 0, stable: true };

  const name = newton.prob.paramName;
  const at = `${name} = ${fmt(lambda)}`;
  const sim = solver.simulate(x0, lambda, hooks);
  if (sim.kind === 'settled') return { status: 'ok', z: sim.z, via: 'integration', time: sim.time, stable: true };
  if (sim.kind === 'cancelled') return { status: 'noEquilibrium', message: `Cancelled while looking for a steady state at ${at}.` };

  // Step 3: the homotopy from the anchor.
  let continued: Float64Array | null = null;
  if (anchor !== undefined && Number.isFinite(anchor) && anchor !== lambda) {
    const z0 = solver.stableAt(x0, anchor, hooks);
    if (z0 !== null) continued = solver.continueTo(z0, lambda);
  }
  if (hooks.isCancelled?.()) return { status: 'noEquilibrium', message: `Cancelled while looking for a steady state at ${at}.` };
  const byContinuation = `found by continuing the stable steady state at ${name} = ${fmt(anchor ?? NaN)} to ${at}`;

  const names = newton.prob.model.stateNames;
  let seen: string;
  let around: Float64Array | null = null;
  let varies = '';
  if (sim.kind === 'blewUp') {
    seen = `runs away (it blew up at t = ${fmt(sim.time)})`;
  } else {
    // Describe the variable that moves most (relative to its size) during the last chunk.
    const { lo, hi } = sim;
    let k = 0;
    let spread = -1;
    for (let i = 0; i < names.length; i++) {
      const s = (hi[i] - lo[i]) / (1e-12 + Math.abs(hi[i]) + Math.abs(lo[i]));
      if (s > spread) {
        spread = s;
        k = i;
      }
    }
    varies = `${names[k]} still varies between ${fmt(lo[k])} and ${fmt(hi[k])}`;
    seen = sim.capped
      ? `had not settled when the search stopped simulating, after ${MAX_STEPS} steps, at t = ${fmt(sim.time)} (${varies})`
      : `oscillates (at t = ${T_MAX} ${varies})`;
    around = solver.newtonAt(sim.mean, lambda) ?? solver.newtonAt(sim.y, lambda);
  }
  const ok = (z: Float64Array, stable: boolean, via: 'newton' | 'integration' | 'continuation', note: string): StartResult => ({
    status: 'ok',
    z,
    via,
    time: via === 'integration' && sim.kind === 'moving' ? sim.time : 0,
    ...(via === 'continuation' ? { from: anchor } : {}),
    stable,
    note,
  });
  const simulation = `the simulation from the initial state ${seen}`;
  if (continued !== null && solver.stable(continued)) {
    return ok(continued, true, 'continuation', `At ${at} ${simulation}; the branch is traced from the stable steady state ${byContinuation}.`);
  }
  if (around !== null && solver.stable(around)) {
    return ok(around, true, 'integration', `At ${at} ${simulation}; the branch is traced from a stable steady state found near that oscillation.`);
  }
  const unstable = (z: Float64Array, via: 'newton' | 'integration' | 'continuation', how: string) =>
    ok(z, false, via, `The steady state at ${at} is unstable; ${simulation}, so the branch is traced from the unstable steady state${how}.`);
  if (continued !== null) return unstable(continued, 'continuation', ` ${byContinuation}`);
  if (around !== null) return unstable(around, 'integration', ' that the simulation moves around');
  if (direct !== null) return unstable(direct, 'newton', " Newton's method finds from the initial state");
  const advice =
    sim.kind === 'blewUp'
      ? 'Try initial values closer to a steady state, or start the trace at a parameter value where the model settles.'
      : 'Start the trace at a parameter value where the model settles to rest, or give initial values near a steady state (e.g. from the time series).';
  return {
    status: 'noEquilibrium',
    message: `No steady state found at ${at}: Newton's method did not converge from the initial state, and ${simulation}. ${advice}`,
  };
}

/**
 * How the start was found, for the trace's message: a parenthesis after a simulation that settled,
 * else '' (Newton from the initial state, or the note says it).
 */
export function startHow(found: Extract<StartResult, { status: 'ok' }>): string {
  return found.via === 'integration' && found.note === undefined ? ` (found after simulating to t = ${fmt(found.time)})` : '';
}
