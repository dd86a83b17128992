/**
 * Input signals as piecewise-constant functions, and their merge into segments over which every
 * input is constant (so the integrators never look an input up inside a step).
 *
 * Every method lands exactly on every input change: positions are times, and the integrators stop
 * and restart at each.
 * - dopri5 ends a step at each change and restarts there;
 * - euler / rk4 keep the step grid i*dt: a change that is a multiple of dt up to rounding (see
 *   @shared/simulation/grid) switches between two steps; any other change splits the step that
 *   contains it into shorter steps ending at the change, and the grid resumes after it
 *   (`edgesOnSteps`). So a window's effect does not depend on dt, and a window shorter than a step
 *   still acts.
 *
 * Schedules: a baseline plus windows [start, stop) with a value; where windows overlap the later one
 * wins. Arrays (PyRates style): values[i] holds on step i, i.e. on [i*dt, (i+1)*dt); the last value
 * is held after the array ends.
 */
import { GRID_REL_TOL } from '@shared/simulation/grid';
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
export function fromWindows(baseline: number, starts: ArrayLike<number>, stops: ArrayLike<number>, values: ArrayLike<number>, end: number): PiecewiseConstant {
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
function fromSteps(values: ArrayLike<number>, nSteps: number, position: (i: number) => number): PiecewiseConstant {
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

/**
 * Where the segment edges fall on the step grid of a fixed-step run: segment k starts in step
 * step[k] (step i covers [i*dt, (i+1)*dt)). inside[k] = 0: the edge is i*dt up to rounding (1e-9
 * relative, as gridIndex), so the inputs switch between two steps; inside[k] = 1: the edge is the
 * time starts[k] strictly inside step i, which the driver splits there. step[count] = Infinity (the
 * end is no edge).
 */
export interface EdgesOnSteps {
  readonly step: Float64Array;
  readonly inside: Uint8Array;
}

export function edgesOnSteps(segs: InputSegments, dt: number): EdgesOnSteps {
  const step = new Float64Array(segs.count + 1);
  const inside = new Uint8Array(segs.count + 1);
  for (let k = 1; k < segs.count; k++) {
    const q = segs.starts[k] / dt;
    const r = Math.round(q);
    const onGrid = Math.abs(q - r) <= GRID_REL_TOL * Math.max(1, Math.abs(q));
    step[k] = onGrid ? r : Math.floor(q);
    inside[k] = onGrid ? 0 : 1;
  }
  step[segs.count] = Infinity;
  return { step, inside };
}
