/**
 * Runs -> chart data. Pure functions, no DOM, no uPlot import (the data shapes are uPlot's
 * "aligned data": one shared x array, then one y array per series).
 *
 * Runs may have different time grids (another sample step, T or cutoff). They are overlaid on the
 * union of their sample times (an outer join on exact t values, like `uPlot.join`): a run has its own
 * value where it was sampled and `undefined` elsewhere, which uPlot skips while still connecting the
 * line, so every trace is drawn through exactly its own samples. When all grids are identical (the
 * usual case) the columns are used as they are, without copying.
 */

/** The part of a simulation result the chart needs. */
export interface RunData {
  t: Float64Array;
  names: readonly string[];
  columns: readonly Float64Array[];
}

export interface ChartRun {
  id: number;
  label: string;
  color: string;
  data: RunData;
}

export type YValues = Float64Array | (number | undefined)[];

export interface PanelSeries {
  runId: number;
  label: string;
  color: string;
}

/** One chart panel: the plotted variable, the shared x, one y array per series (same order). */
export interface Panel {
  variable: string;
  x: Float64Array;
  ys: YValues[];
  series: PanelSeries[];
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
    runs.forEach((run, k) => {
      const col = run.data.names.indexOf(variable);
      if (col < 0) return;
      ys.push(alignColumn(run.data.columns[col], grid.positions[k], grid.x.length));
      series.push({ runId: run.id, label: run.label, color: run.color });
    });
    return { variable, x: grid.x, ys, series };
  });
}

/** Value of series `s` of a panel at index `i` of its x, or undefined where that run has no sample. */
export function valueAt(panel: Panel, s: number, i: number): number | undefined {
  const y = panel.ys[s];
  return i >= 0 && i < y.length ? y[i] : undefined;
}
