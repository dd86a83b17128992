/**
 * Read access to the charts for end-to-end tests, enabled only when the page is opened with
 * `?test` in its URL (never in the app). `window.__mfTest.charts()` returns, per mounted chart,
 * its name (e.g. "timeseries:r"), its series labels, the exact data uPlot holds and its visible
 * x range.
 */
import type uPlot from 'uplot';

export interface ChartSnapshot {
  name: string;
  labels: string[];
  x: number[];
  ys: (number | null)[][];
  /** The visible x range (the user's zoom). */
  xRange: [number, number];
}

export interface TestHook {
  charts(): ChartSnapshot[];
}

declare global {
  interface Window {
    __mfTest?: TestHook;
  }
}

export const TEST_MODE = typeof location !== 'undefined' && new URLSearchParams(location.search).has('test');

const charts = new Map<string, uPlot>();

if (TEST_MODE) {
  window.__mfTest = Object.freeze({
    charts: (): ChartSnapshot[] =>
      [...charts].map(([name, u]) => ({
        name,
        labels: u.series.slice(1).map((s) => String(s.label ?? '')),
        x: Array.from(u.data[0] as ArrayLike<number>),
        // undefined (no sample of that run at this t) becomes null in the snapshot.
        ys: u.data.slice(1).map((y) => Array.from(y as ArrayLike<number | null | undefined>, (v) => v ?? null)),
        xRange: [u.scales.x.min ?? NaN, u.scales.x.max ?? NaN],
      })),
  });
}

/** Makes chart `name` visible to tests (no-op outside test mode); returns the unregister function. */
export function registerChart(name: string, chart: uPlot): () => void {
  if (!TEST_MODE) return () => {};
  charts.set(name, chart);
  return () => {
    if (charts.get(name) === chart) charts.delete(name);
  };
}
