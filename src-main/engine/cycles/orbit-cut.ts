/**
 * One period cut from a simulated run at fixed parameters, to start a cycle family from it.
 *
 * The run is integrated by Dormand–Prince 5(4) at tight tolerances (../ode/dopri5.ts). After the
 * transient, the state x* and its velocity f(x*) define a Poincaré section, the hyperplane
 * f(x*) . (x - x*) = 0, crossed upward at x* itself (transversally: the slope there is |f(x*)|^2).
 * Every upward crossing is located on the stepper's dense output by safeguarded secant iteration
 * (Illinois; Hairer, Nørsett & Wanner, Solving ODEs I, II.6 on dense output and event location).
 * An orbit may cross the section upward m times per period (a burst of spikes): the run has settled
 * on a periodic orbit when, for the smallest such m, the last REPEATS m crossings each repeat the crossing m
 * before to within CLOSE_TOL of each state's range, at return times equal to within CLOSE_TOL of the
 * period (the research practice of closure and consistent return times, which also catches
 * period-doubled orbits: they need m twice as large). The integration stops there.
 *
 * When the run does not settle within the window the cut is refused with the reason: the state
 * comes to rest (a steady state), the oscillation decays, the run returns to the section too few
 * times (the period is longer than the window), or the returns do not repeat (quasi-periodic or
 * chaotic, or not settled yet). Failure is data: `{ ok: false, reason, message }`.
 */
import type { CompiledModel, Vec } from '../compiled-model';
import { Dopri5Stepper, STEP_ACCEPTED, STEP_UNDERFLOW } from '../ode/dopri5';

export interface CutOptions {
  /** Time integrated and discarded before the section is chosen. */
  transient: number;
  /** Time after the transient within which the period must repeat (at least about 3 periods). */
  window: number;
  rtol?: number;
  atol?: number;
  isCancelled?(): boolean;
}

/** One period of a settled orbit: the state on the section at the last return, the period, crossings per period. */
export interface CutOrbit {
  /** The parameter vector (params then inputs) it was simulated at. */
  params: Float64Array;
  state: Float64Array;
  period: number;
  /** Upward crossings of the section per period. */
  crossings: number;
  /** Largest scaled mismatch of the repeating crossings (states over their range). */
  closure: number;
  /** Time simulated after the transient. */
  simulated: number;
  rtol: number;
  atol: number;
}

export type CutReason = 'rest' | 'decay' | 'fewReturns' | 'notRepeating' | 'blowup' | 'cancelled';
export type CutResult = { ok: true; orbit: CutOrbit } | { ok: false; reason: CutReason; message: string };

/** Repeating crossings agree to this fraction of each state's range; return times to this fraction of the period. */
export const CLOSE_TOL = 1e-5;
/**
 * Periods over which the crossings must repeat: a chaotic run passing near an unstable periodic
 * orbit repeats one period to 1e-4 now and then (the Rössler attractor at c = 5.7 does within 25
 * periods), two in a row far more rarely.
 */
export const REPEATS = 2;
/** Most crossings of the section per period looked for. */
export const MAX_CROSSINGS_PER_PERIOD = 64;
const DEFAULT_RTOL = 1e-10;
const DEFAULT_ATOL = 1e-12;
/** The last quarter's oscillation below this fraction of the first quarter's: it decays. */
const DECAY_RATIO = 1e-2;
/** Below this ratio of the last quarter's to the first quarter's range, a refusal says the oscillation may be decaying. */
const SHRINKING = 0.5;
/** Times the section may be chosen again when nothing returns to it. */
const REPICKS = 2;
/** Most crossings kept (memory bound; a run with more stops and reports). */
const MAX_KEPT = 200000;

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/** Grows a Float64Array-backed list. */
class Column {
  data = new Float64Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(2 * this.data.length);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
}

/** Cuts one period from the run from `state` under parameters `params` (see the file comment). */
export function cutOrbit(model: CompiledModel, params: ArrayLike<number>, state: ArrayLike<number>, opts: CutOptions): CutResult {
  const n = model.stateNames.length;
  const names = model.stateNames;
  const p = Float64Array.from(params);
  const rtol = opts.rtol ?? DEFAULT_RTOL;
  const atol = opts.atol ?? DEFAULT_ATOL;
  const { transient, window } = opts;
  const tEnd = transient + window;
  const st = new Dopri5Stepper(model, { rtol, atol, h0: Math.min(1e-3, window / 100) });
  st.start(0, state, p);
  const fail = (reason: CutReason, message: string): CutResult => ({ ok: false, reason, message });
  const blowup = (): CutResult =>
    fail('blowup', `The run from the state given blows up near t = ${fmt(st.t)}: there is no bounded orbit to continue; check the parameters and the state.`);
  let attempts = 0;
  const advance = (to: number, onStep: () => void): CutResult | null => {
    while (st.t < to) {
      if (++attempts % 256 === 0 && opts.isCancelled?.() === true) return fail('cancelled', 'Cancelled while simulating the orbit.');
      const s = st.step(p, to);
      if (s === STEP_UNDERFLOW) return blowup();
      if (s !== STEP_ACCEPTED) continue;
      for (let i = 0; i < n; i++) if (!Number.isFinite(st.y[i])) return blowup();
      onStep();
    }
    return null;
  };
  const early = advance(transient, () => {});
  if (early !== null) return early;

  const xs = Float64Array.from(st.y);
  const fs = new Float64Array(n);
  model.rhs(xs, p, fs);
  const g = (x: Vec): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += fs[i] * (x[i] - xs[i]);
    return s;
  };
  // Crossings: times, states, and the range of each state since the previous crossing.
  const times = new Column();
  const states = new Column();
  const lo = new Column();
  const hi = new Column();
  const segLo = Float64Array.from(xs);
  const segHi = Float64Array.from(xs);
  // Ranges of each state over the first and last quarter of the window (decay test).
  const q1Lo = Float64Array.from(xs);
  const q1Hi = Float64Array.from(xs);
  const q4Lo = new Float64Array(n).fill(Infinity);
  const q4Hi = new Float64Array(n).fill(-Infinity);
  const floor = Float64Array.from(xs, (x) => 1e3 * (atol + rtol * Math.abs(x)));
  const addCrossing = (t: number, x: Vec): void => {
    times.push(t);
    for (let i = 0; i < n; i++) {
      states.push(x[i]);
      lo.push(Math.min(segLo[i], x[i]));
      hi.push(Math.max(segHi[i], x[i]));
      segLo[i] = x[i];
      segHi[i] = x[i];
    }
  };
  let picked = transient;
  let picks = 0;
  let gOld = 0;
  /** The section through the state x at time t: the crossings so far are dropped. */
  const pick = (t: number, x: Vec): void => {
    xs.set(x);
    model.rhs(xs, p, fs);
    times.length = 0;
    states.length = 0;
    lo.length = 0;
    hi.length = 0;
    segLo.set(x);
    segHi.set(x);
    addCrossing(t, x);
    picked = t;
    gOld = 0;
  };
  pick(transient, xs);

  const xq = new Float64Array(n);
  const scale = new Float64Array(n);
  const hit: { found: { k: number; m: number; closure: number } | null } = { found: null };
  let bestClosure = Infinity;
  /** The first m for which the last m crossings repeat those m before (or null). */
  const repeats = (k: number): { m: number; closure: number } | null => {
    for (let m = 1; m <= MAX_CROSSINGS_PER_PERIOD && REPEATS * m + m <= k; m++) {
      // Each state's range over the segments compared sets its scale.
      scale.set(floor);
      for (let j = k - (REPEATS + 1) * m + 1; j <= k; j++) {
        for (let i = 0; i < n; i++) scale[i] = Math.max(scale[i], hi.data[j * n + i] - lo.data[j * n + i]);
      }
      const T = times.data[k] - times.data[k - m];
      let worst = 0;
      for (let j = k - REPEATS * m + 1; j <= k; j++) {
        worst = Math.max(worst, Math.abs(times.data[j] - times.data[j - m] - T) / T);
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(states.data[j * n + i] - states.data[(j - m) * n + i]) / scale[i]);
      }
      bestClosure = Math.min(bestClosure, worst);
      if (worst <= CLOSE_TOL) return { m, closure: worst };
    }
    return null;
  };
  const onStep = (): void => {
    const y = st.y;
    const inQ1 = st.t <= transient + window / 4;
    const inQ4 = st.t >= transient + (3 * window) / 4;
    for (let i = 0; i < n; i++) {
      if (y[i] < segLo[i]) segLo[i] = y[i];
      if (y[i] > segHi[i]) segHi[i] = y[i];
      if (inQ1) {
        q1Lo[i] = Math.min(q1Lo[i], y[i]);
        q1Hi[i] = Math.max(q1Hi[i], y[i]);
      }
      if (inQ4) {
        q4Lo[i] = Math.min(q4Lo[i], y[i]);
        q4Hi[i] = Math.max(q4Hi[i], y[i]);
      }
    }
    const gNew = g(y);
    if (gOld < 0 && gNew >= 0 && hit.found === null && times.length < MAX_KEPT) {
      const tc = locateCrossing(st, g, xq, gOld, gNew);
      st.dense(tc, xq);
      addCrossing(tc, xq);
      const r = repeats(times.length - 1);
      if (r !== null) hit.found = { k: times.length - 1, ...r };
    }
    gOld = gNew;
  };
  // Integrate until the crossings repeat or the window ends.
  while (st.t < tEnd && hit.found === null) {
    const to = Math.min(tEnd, st.t + window / 64);
    const r = advance(to, onStep);
    if (r !== null) return r;
    // A section through a state far from the attractor may never be crossed again: when nothing
    // returned to it within an eighth of the window, it is chosen again through the current state
    // (twice at most, so that a long period still has the rest of the window to repeat).
    if (hit.found === null && times.length === 1 && picks < REPICKS && st.t - picked >= window / 8) {
      picks++;
      pick(st.t, st.y);
    }
  }
  if (hit.found !== null) {
    const { k, m, closure } = hit.found;
    const period = times.data[k] - times.data[k - m];
    const at = Float64Array.from(states.data.subarray(k * n, (k + 1) * n));
    return { ok: true, orbit: { params: p, state: at, period, crossings: m, closure, simulated: times.data[k] - transient, rtol, atol } };
  }
  // Not settled: say why.
  const f = new Float64Array(n);
  model.rhs(st.y, p, f);
  let restRatio = 0;
  let decayRatio = 0;
  for (let i = 0; i < n; i++) {
    const range = Math.max(q1Hi[i] - q1Lo[i], floor[i]);
    restRatio = Math.max(restRatio, (Math.abs(f[i]) * window) / range);
    decayRatio = Math.max(decayRatio, Math.max(q4Hi[i] - q4Lo[i], floor[i]) / range);
  }
  const decays = decayRatio < DECAY_RATIO && restRatio < 0.1 ? true : decaysToZero(times.length, n, lo.data, hi.data, q1Lo, q1Hi, floor);
  const where = names.map((s, i) => `${s} = ${fmt(st.y[i])}`).join(', ');
  const returns = times.length - 1;
  const shrinking =
    decayRatio < SHRINKING
      ? `, or decaying to a steady state (its oscillation over the last quarter of the window is ${fmt(decayRatio)} of that over the first)`
      : '';
  if (restRatio < 1e-3 || decays) {
    return fail(
      restRatio < 1e-3 ? 'rest' : 'decay',
      `The run settles on a steady state (${where} at t = ${fmt(st.t)}${restRatio < 1e-3 ? '' : '; its oscillations decay'}), not on an oscillation: there is no stable cycle at these parameters. Continue the steady state instead, or start the cycles from a Hopf point.`,
    );
  }
  if (returns < REPEATS + 2) {
    return fail(
      'fewReturns',
      `The run returned to its Poincaré section only ${returns} time${returns === 1 ? '' : 's'} within the window of ${fmt(window)} time units: the period may be longer than the window${shrinking}. Lengthen the window to at least four periods.`,
    );
  }
  return fail(
    'notRepeating',
    `The run has not settled on a periodic orbit within the window of ${fmt(window)} time units: after ${returns} returns to its Poincaré section the returns still differ by ${fmt(bestClosure)} of the oscillation's range (${CLOSE_TOL} needed). The orbit may be quasi-periodic or chaotic, or still approaching a cycle${shrinking}: lengthen the transient or the window.`,
  );
}

/**
 * Whether the amplitudes of the last three segments between crossings (each state's range over its
 * range in the first quarter, largest over the states) fall geometrically toward zero: Aitken's
 * extrapolation a3 - d2 rho / (1 - rho), rho = d2 / d1 of the decrements, lies below a tenth of a3
 * (an approach to a cycle from outside extrapolates to the cycle's amplitude instead).
 */
function decaysToZero(count: number, n: number, lo: Float64Array, hi: Float64Array, refLo: Float64Array, refHi: Float64Array, floor: Float64Array): boolean {
  if (count < 4) return false;
  const a = [0, 0, 0];
  for (let q = 0; q < 3; q++) {
    const j = count - 3 + q;
    for (let i = 0; i < n; i++) a[q] = Math.max(a[q], (hi[j * n + i] - lo[j * n + i]) / Math.max(refHi[i] - refLo[i], floor[i]));
  }
  const d1 = a[0] - a[1];
  const d2 = a[1] - a[2];
  if (!(d1 > 0 && d2 > 0 && d2 < d1)) return false;
  const rho = d2 / d1;
  return a[2] - (d2 * rho) / (1 - rho) < 0.1 * a[2];
}

/**
 * The time in [tOld, t] of the last accepted step where g of the dense output vanishes, given
 * g(tOld) = g0 < 0 <= g1 = g(t): Illinois (modified regula falsi; Dowell & Jarratt, BIT 11 (1971))
 * to a bracket of 1e-13 of the step's end time or |g| at rounding level.
 */
function locateCrossing(st: Dopri5Stepper, g: (x: Vec) => number, x: Vec, g0: number, g1: number): number {
  let a = st.tOld;
  let b = st.t;
  let ga = g0;
  let gb = g1;
  if (gb === 0) return b;
  let side = 0;
  const tol = 1e-13 * Math.max(Math.abs(b), b - a);
  for (let it = 0; it < 100 && b - a > tol; it++) {
    const c = b - (gb * (b - a)) / (gb - ga);
    st.dense(c, x);
    const gc = g(x);
    if (gc === 0) return c;
    if (gc < 0) {
      a = c;
      ga = gc;
      if (side === -1) gb /= 2;
      side = -1;
    } else {
      b = c;
      gb = gc;
      if (side === 1) ga /= 2;
      side = 1;
    }
  }
  return ga === 0 ? a : b - (gb * (b - a)) / (gb - ga);
}

/**
 * The orbit through orbit.state at the fractions `at` (increasing, in [0, 1]) of its period: n
 * values per fraction into out, from a fresh integration over one period at the cut's tolerances,
 * read off the dense output. False when the integration fails.
 */
export function sampleOrbit(model: CompiledModel, orbit: CutOrbit, at: ArrayLike<number>, out: Float64Array): boolean {
  const n = model.stateNames.length;
  const T = orbit.period;
  const st = new Dopri5Stepper(model, { rtol: orbit.rtol, atol: orbit.atol, h0: T * 1e-4 });
  st.start(0, orbit.state, orbit.params);
  const x = new Float64Array(n);
  let q = 0;
  while (q < at.length && at[q] * T <= 0) {
    for (let i = 0; i < n; i++) out[q * n + i] = orbit.state[i];
    q++;
  }
  while (st.t < T) {
    const s = st.step(orbit.params, T);
    if (s === STEP_UNDERFLOW) return false;
    if (s !== STEP_ACCEPTED) continue;
    while (q < at.length && at[q] * T <= st.t) {
      st.dense(Math.min(at[q] * T, st.t), x);
      for (let i = 0; i < n; i++) out[q * n + i] = x[i];
      q++;
    }
  }
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) return false;
  return q === at.length;
}
