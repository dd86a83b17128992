/**
 * Runs -> chart data. Pure functions, no DOM, no uPlot import (the data shapes are uPlot's
 * "aligned data": one shared x array, then one y array per series).
 *
 * Runs may have different time grids (another sample step, T or cutoff). They are overlaid on the
 * union of their sample times (an outer join on exact t values, like `uPlot.join`): a run has its own
 * value where it was sampled and `undefined` elsewhere, which uPlot skips while still connecting the
 * line, so every trace is drawn through exactly its own samples. When all grids are identical (the
 * usual case) the columns are used as they are, without copying.
 *
 * A run that blew up keeps the samples before its state became non-finite, and the last of them can
 * be astronomically large (1e258). The panel marks, per series, where that runaway starts
 * (`runawayStart`) so the y range can be chosen from the readable part before it (`keptExtent`),
 * and lists the blow-ups to mark on the time axis.
 */

/** The part of a simulation result the chart needs. */
export interface RunData {
  t: Float64Array;
  names: readonly string[];
  columns: readonly Float64Array[];
  /** 'blowup' when the state became non-finite at `blowup.t` (the last samples run away). */
  status?: string;
  blowup?: { t: number; variable: string };
}

export interface ChartRun {
  id: number;
  label: string;
  /** The label with numbers at full precision (tooltips); `label` when absent. */
  fullLabel?: string;
  color: string;
  data: RunData;
  /** A run of the spiking network (drawn thinner and dashed over the mean field). */
  network?: boolean;
  /** The orbit of a selected cycle over one period (./orbit-series.ts; drawn thicker and dotted). */
  orbit?: boolean;
}

export type YValues = Float64Array | (number | undefined)[];

export interface PanelSeries {
  runId: number;
  label: string;
  color: string;
  /** A spiking network's series (see ChartRun.network). */
  network?: boolean;
  /** A cycle's orbit (see ChartRun.orbit). */
  orbit?: boolean;
}

/** A run's blow-up, marked on the time axis: where it happened and which variable ran away. */
export interface BlowupMark {
  runId: number;
  t: number;
  variable: string;
  color: string;
}

/** One chart panel: the plotted variable, the shared x, one y array per series (same order). */
export interface Panel {
  variable: string;
  x: Float64Array;
  ys: YValues[];
  series: PanelSeries[];
  /**
   * Per series, the index in `x` where its runaway before a blow-up starts: samples from there on
   * are left out of the y range (x.length for a run that did not blow up).
   */
  keep: number[];
  /** Blow-ups of the panel's runs, in run order. */
  blowups: BlowupMark[];
}

export interface JoinedGrid {
  x: Float64Array;
  /** `positions[k][j]`: index in `x` of sample j of grid k; null when grid k is `x` itself. */
  positions: (Int32Array | null)[];
}

function sameGrid(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The sorted union of increasing time grids, and where each grid's samples sit in it.
 * Equal values are merged only when exactly equal (runs are never shifted or resampled).
 */
export function joinGrids(grids: readonly Float64Array[]): JoinedGrid {
  if (grids.length === 0) return { x: new Float64Array(0), positions: [] };
  if (grids.every((g) => sameGrid(g, grids[0]))) {
    return { x: grids[0], positions: grids.map(() => null) };
  }
  let total = 0;
  for (const g of grids) total += g.length;
  const all = new Float64Array(total);
  let o = 0;
  for (const g of grids) {
    all.set(g, o);
    o += g.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < total; i++) {
    if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i];
  }
  const x = all.slice(0, n);
  const positions = grids.map((g) => {
    const pos = new Int32Array(g.length);
    let k = 0;
    for (let j = 0; j < g.length; j++) {
      while (k < n - 1 && x[k] !== g[j]) k++;
      pos[j] = k;
    }
    return pos;
  });
  return { x, positions };
}

/** `column` spread onto the joined grid: its values at `pos`, undefined elsewhere. */
export function alignColumn(column: Float64Array, pos: Int32Array | null, length: number): YValues {
  if (pos === null) return column;
  const out = new Array<number | undefined>(length).fill(undefined);
  for (let j = 0; j < column.length; j++) out[pos[j]] = column[j];
  return out;
}

/**
 * One panel per chosen variable, each with one series per run that has that variable,
 * in run order. All panels share the same x (the union of the runs' time grids).
 */
export function buildPanels(runs: readonly ChartRun[], variables: readonly string[]): Panel[] {
  const grid = joinGrids(runs.map((r) => r.data.t));
  return variables.map((variable) => {
    const ys: YValues[] = [];
    const series: PanelSeries[] = [];
    const keep: number[] = [];
    const blowups: BlowupMark[] = [];
    runs.forEach((run, k) => {
      const col = run.data.names.indexOf(variable);
      if (col < 0) return;
      const y = alignColumn(run.data.columns[col], grid.positions[k], grid.x.length);
      ys.push(y);
      series.push({ runId: run.id, label: run.label, color: run.color, ...(run.network ? { network: true } : {}), ...(run.orbit ? { orbit: true } : {}) });
      const b = run.data.status === 'blowup' ? run.data.blowup : undefined;
      keep.push(b ? runawayStart(y) : grid.x.length);
      if (b) blowups.push({ runId: run.id, t: b.t, variable: b.variable, color: run.color });
    });
    return { variable, x: grid.x, ys, series, keep, blowups };
  });
}

/** How far outside the early samples' extent, in widths of it, the runaway starts (see runawayStart). */
export const RUNAWAY_FENCE = 3;

/**
 * The index where the runaway before a blow-up starts in `y` (undefined entries are skipped):
 * the first sample of the trailing stretch that lies outside the fence
 * [lo - F w, hi + F w], where [lo, hi] is the extent of the first half of the samples (rounded
 * down, at least one: the run before it went wrong), w = hi - lo and F = RUNAWAY_FENCE. Non-finite samples are outside.
 * Returns y.length when the last sample is inside the fence (nothing runs away) or the first half
 * has no finite sample (no reference).
 */
export function runawayStart(y: YValues): number {
  let count = 0;
  for (let i = 0; i < y.length; i++) if (y[i] !== undefined) count++;
  let lo = Infinity;
  let hi = -Infinity;
  const half = Math.max(1, Math.floor(count / 2));
  for (let i = 0, seen = 0; i < y.length && seen < half; i++) {
    const v = y[i];
    if (v === undefined) continue;
    seen++;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo > hi) return y.length;
  const w = hi - lo;
  const fenceLo = lo - RUNAWAY_FENCE * w;
  const fenceHi = hi + RUNAWAY_FENCE * w;
  for (let i = y.length - 1; i >= 0; i--) {
    const v = y[i];
    if (v !== undefined && v >= fenceLo && v <= fenceHi) return i + 1;
  }
  return 0;
}

/**
 * [min, max] of the finite values of the series over indices i0..i1 (inclusive), each series
 * only before its `keep` index; null when there is no such value.
 */
export function keptExtent(ys: readonly ArrayLike<number | null | undefined>[], keep: readonly number[], i0: number, i1: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  ys.forEach((y, s) => {
    const end = Math.min(i1, (keep[s] ?? y.length) - 1, y.length - 1);
    for (let i = Math.max(0, i0); i <= end; i++) {
      const v = y[i];
      if (v == null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  });
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The power of ten the chart divides a panel's values by so that uPlot can place ticks on them
 * (it places none on numbers with more than 17 significant integer or decimal digits): 0 for
 * magnitudes from 1e-12 to below 1e15, else the exponent of the largest magnitude in `extent`.
 */
export function displayExponent(extent: readonly [number, number] | null): number {
  if (extent === null) return 0;
  const m = Math.max(Math.abs(extent[0]), Math.abs(extent[1]));
  if (m === 0 || !Number.isFinite(m) || (m >= 1e-12 && m < 1e15)) return 0;
  return Math.floor(Math.log10(m));
}

/** Value of series `s` of a panel at index `i` of its x, or undefined where that run has no sample. */
export function valueAt(panel: Panel, s: number, i: number): number | undefined {
  const y = panel.ys[s];
  return i >= 0 && i < y.length ? y[i] : undefined;
}
