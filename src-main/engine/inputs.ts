/**
 * Input signals as piecewise-constant functions, and their merge into segments over which every
 * input is constant (so the integrators never look an input up inside a step).
 *
 * Two clocks:
 * - on the step grid (fixed-step methods): positions are step indices; step i covers
 *   [i*dt, (i+1)*dt) and holds the input value of its start. A window [start, stop) covers the
 *   steps with index in [gridIndex(start), gridIndex(stop)) (see @shared/simulation/grid), so a
 *   window edge that is a multiple of dt up to rounding falls exactly on that step.
 * - in time (dopri5): positions are times; the integrator stops and restarts at every position
 *   where an input changes, so discontinuities are landed on exactly.
 *
 * Schedules: a baseline plus windows [start, stop) with a value; where windows overlap the later one
 * wins. Arrays (PyRates style): values[i] holds on step i, i.e. on [i*dt, (i+1)*dt); the last value
 * is held after the array ends.
 */
import { gridIndex } from '@shared/simulation/grid';
import type { InputSpec } from '@shared/simulation/types';

/** values[k] holds on [at[k], at[k+1]); at[0] = 0 and the last value holds to the end. */
export interface PiecewiseConstant {
  readonly at: Float64Array;
  readonly values: Float64Array;
}

/**
 * Constant pieces from a baseline and windows [starts[w], stops[w]) (later windows win), restricted
 * to [0, end). Consecutive pieces with equal values are merged.
 */
export function fromWindows(
  baseline: number,
  starts: ArrayLike<number>,
  stops: ArrayLike<number>,
  values: ArrayLike<number>,
  end: number,
): PiecewiseConstant {
  const edges = new Set<number>([0]);
  for (let w = 0; w < starts.length; w++) {
    for (const x of [starts[w], stops[w]]) if (x > 0 && x < end) edges.add(x);
  }
  const sorted = [...edges].sort((x, y) => x - y);
  const at: number[] = [];
  const vals: number[] = [];
  for (const x of sorted) {
    // Coverage is constant between consecutive edges, so testing the left edge decides the piece.
    let v = baseline;
    for (let w = 0; w < starts.length; w++) if (starts[w] <= x && x < stops[w]) v = values[w];
    if (vals.length === 0 || !Object.is(vals[vals.length - 1], v)) {
      at.push(x);
      vals.push(v);
    }
  }
  return { at: Float64Array.from(at), values: Float64Array.from(vals) };
}

/** Pieces from per-step values: values[i] on [position(i), position(i+1)), runs of equal values merged. */
function fromSteps(
  values: ArrayLike<number>,
  nSteps: number,
  position: (i: number) => number,
): PiecewiseConstant {
  const at: number[] = [];
  const vals: number[] = [];
  const last = Math.min(values.length, nSteps);
  for (let i = 0; i < last; i++) {
    if (i === 0 || !Object.is(values[i], values[i - 1])) {
      at.push(position(i));
      vals.push(values[i]);
    }
  }
  if (at.length === 0) {
    at.push(0);
    vals.push(values.length > 0 ? values[0] : 0);
  }
  return { at: Float64Array.from(at), values: Float64Array.from(vals) };
}

/** An input on the step grid of a fixed-step run of `nSteps` steps (positions are step indices). */
export function signalOnSteps(spec: InputSpec, dt: number, nSteps: number): PiecewiseConstant {
  if (spec.kind === 'array') return fromSteps(spec.values, nSteps, (i) => i);
  const ws = spec.windows;
  return fromWindows(
    spec.baseline,
    ws.map((w) => gridIndex(w.start, dt)),
    ws.map((w) => gridIndex(w.stop, dt)),
    ws.map((w) => w.value),
    nSteps,
  );
}

/** An input in time over [0, tStop) (positions are times; array values change at i*dt). */
export function signalInTime(spec: InputSpec, dt: number, tStop: number): PiecewiseConstant {
  if (spec.kind === 'array') {
    const nSteps = Math.ceil(tStop / dt);
    return fromSteps(spec.values, nSteps, (i) => i * dt);
  }
  const ws = spec.windows;
  return fromWindows(
    spec.baseline,
    ws.map((w) => w.start),
    ws.map((w) => w.stop),
    ws.map((w) => w.value),
    tStop,
  );
}

/**
 * Segments over which all inputs are constant. Segment k covers [starts[k], starts[k+1]) with
 * starts[count] = end; its input values are values[k*nInputs .. (k+1)*nInputs).
 */
export interface InputSegments {
  readonly count: number;
  readonly nInputs: number;
  readonly starts: Float64Array;
  readonly values: Float64Array;
}

/** Merges the pieces of several inputs into common segments covering [0, end). */
export function mergeSignals(signals: readonly PiecewiseConstant[], end: number): InputSegments {
  if (signals.length === 1) {
    // One input (the common case, and arrays of millions of steps): its pieces are the segments.
    const { at, values } = signals[0];
    let count = 1;
    while (count < at.length && at[count] < end) count++;
    const starts = new Float64Array(count + 1);
    starts.set(at.subarray(0, count));
    starts[count] = end;
    return { count, nInputs: 1, starts, values: values.slice(0, count) };
  }
  const edges = new Set<number>([0]);
  for (const s of signals) for (const x of s.at) if (x > 0 && x < end) edges.add(x);
  const sorted = Float64Array.from(edges).sort();
  const count = sorted.length;
  const nInputs = signals.length;
  const starts = new Float64Array(count + 1);
  starts.set(sorted);
  starts[count] = end;
  const values = new Float64Array(count * nInputs);
  signals.forEach((s, j) => {
    let piece = 0;
    for (let k = 0; k < count; k++) {
      while (piece + 1 < s.at.length && s.at[piece + 1] <= sorted[k]) piece++;
      values[k * nInputs + j] = s.values[piece];
    }
  });
  return { count, nInputs, starts, values };
}
