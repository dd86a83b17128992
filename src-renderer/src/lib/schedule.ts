/**
 * Piecewise-constant input schedules for display (the input editor's preview). Pure, no DOM.
 * Same semantics as the engine: the input is `baseline`, except `value` for start <= t < stop of a
 * window; later windows win where windows overlap.
 */
import type { InputWindow } from '@shared/simulation/types';

/** The schedule's value at time t. */
export function scheduleValue(baseline: number, windows: readonly InputWindow[], t: number): number {
  let v = baseline;
  for (const w of windows) if (w.start <= t && t < w.stop) v = w.value;
  return v;
}

/**
 * Breakpoints of the schedule on [0, tEnd] for a step plot drawn "after" each point:
 * t[0] = 0, every window edge inside (0, tEnd), t[last] = tEnd; v[i] is the value on [t[i], t[i+1]).
 * The last point repeats the value before tEnd so the plot reaches the end.
 */
export function scheduleSteps(baseline: number, windows: readonly InputWindow[], tEnd: number): { t: number[]; v: number[] } {
  const end = Number.isFinite(tEnd) && tEnd > 0 ? tEnd : 1;
  const edges = new Set<number>([0]);
  for (const w of windows) {
    for (const e of [w.start, w.stop]) if (Number.isFinite(e) && e > 0 && e < end) edges.add(e);
  }
  const t = [...edges].sort((a, b) => a - b);
  const v = t.map((ti) => scheduleValue(baseline, windows, ti));
  t.push(end);
  v.push(v[v.length - 1]);
  return { t, v };
}
