/**
 * The orbit of a selected cycle point as chart data (pure, no DOM): over one period as an extra
 * "run" of the time series (t = phase * period, from 0 to T; see ./series.ts), and the phase
 * portrait's curves (two state variables against each other) for the orbit and the shown runs.
 * The orbit's rows are those of @shared/cycles/types CyclePoint.orbit: [phase, state 1..n].
 */
import type { CyclePoint } from '@shared/cycles/types';
import { formatExact, formatValue } from './format';
import type { ChartRun, RunData } from './series';

/** The chart id of the orbit's series (runs have positive ids). */
export const ORBIT_ID = -1;

/** The orbit of `point` as samples against time over one period, or null when it has none. */
export function orbitData(point: CyclePoint, stateNames: readonly string[]): RunData | null {
  const o = point.orbit;
  const n = stateNames.length;
  if (!o || n === 0 || o.length % (n + 1) !== 0 || o.length < 2 * (n + 1)) return null;
  const rows = o.length / (n + 1);
  // Rows of another width (another model's states) do not run from phase 0 to 1.
  if (o[0] !== 0 || o[(rows - 1) * (n + 1)] !== 1) return null;
  const t = new Float64Array(rows);
  const columns = stateNames.map(() => new Float64Array(rows));
  for (let m = 0; m < rows; m++) {
    t[m] = o[m * (n + 1)] * point.period;
    for (let i = 0; i < n; i++) columns[i][m] = o[m * (n + 1) + 1 + i];
  }
  return { t, names: stateNames, columns };
}

/** "cycle g = 1.5, one period T = 199.3" (`exact`: every number at full precision). */
export function orbitLabel(param: string, point: Pick<CyclePoint, 'p' | 'period'>, exact = false): string {
  const f = exact ? formatExact : (x: number) => formatValue(x, 4);
  return `cycle ${param} = ${f(point.p)}, one period T = ${f(point.period)}`;
}

/** The orbit as a time-series entry (drawn as an orbit: see PanelSeries.orbit), or null without an orbit. */
export function orbitChartRun(point: CyclePoint, stateNames: readonly string[], param: string, color: string): ChartRun | null {
  const data = orbitData(point, stateNames);
  return data ? { id: ORBIT_ID, label: orbitLabel(param, point), fullLabel: orbitLabel(param, point, true), color, data, orbit: true } : null;
}

/** One curve of the phase portrait: variable `x` against variable `y` of a run or of the orbit. */
export interface PortraitCurve {
  label: string;
  color: string;
  x: Float64Array;
  y: Float64Array;
  /** The selected cycle's orbit (drawn thicker, over the runs). */
  orbit: boolean;
}

/**
 * The portrait of `xVar` against `yVar`: one curve per entry that has both variables, the orbit
 * (an entry with `orbit` set) last so that it is drawn on top. Runs that blew up keep their finite
 * samples only (a runaway would set the scales).
 */
export function portraitCurves(entries: readonly ChartRun[], xVar: string, yVar: string): PortraitCurve[] {
  const out: PortraitCurve[] = [];
  const ordered = [...entries.filter((e) => !e.orbit), ...entries.filter((e) => e.orbit)];
  for (const e of ordered) {
    const ix = e.data.names.indexOf(xVar);
    const iy = e.data.names.indexOf(yVar);
    if (ix < 0 || iy < 0) continue;
    const cx = e.data.columns[ix];
    const cy = e.data.columns[iy];
    let n = Math.min(cx.length, cy.length);
    // Up to the first non-finite sample.
    for (let k = 0; k < n; k++) {
      if (!Number.isFinite(cx[k]) || !Number.isFinite(cy[k])) {
        n = k;
        break;
      }
    }
    out.push({ label: e.label, color: e.color, x: cx.subarray(0, n), y: cy.subarray(0, n), orbit: e.orbit === true });
  }
  return out;
}

/** The extent of the curves in x and y (null when they hold no point). */
export function portraitExtent(curves: readonly PortraitCurve[]): { x: [number, number]; y: [number, number] } | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const c of curves) {
    for (let k = 0; k < c.x.length; k++) {
      if (c.x[k] < x0) x0 = c.x[k];
      if (c.x[k] > x1) x1 = c.x[k];
      if (c.y[k] < y0) y0 = c.y[k];
      if (c.y[k] > y1) y1 = c.y[k];
    }
  }
  return x0 <= x1 ? { x: [x0, x1], y: [y0, y1] } : null;
}
