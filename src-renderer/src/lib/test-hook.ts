/**
 * Read access to the charts for end-to-end tests, enabled only when the page is opened with
 * `?test` in its URL (never in the app). `window.__mfTest.charts()` returns, per mounted chart,
 * its name (e.g. "timeseries:r"), its series labels, the exact data uPlot holds and its visible
 * x range. A faceted chart (uPlot mode 2, the bifurcation diagram) has empty `x`/`ys` and gives
 * each series' own data in `facets` (with whether it is drawn dashed) and its labelled markers in
 * `marks`. `window.__mfTest.library()` is the studio's model library, so a test can edit models
 * the way the model editor does.
 */
import type uPlot from 'uplot';

export interface ChartSnapshot {
  name: string;
  labels: string[];
  x: number[];
  ys: (number | null)[][];
  /** The visible x range (the user's zoom). */
  xRange: [number, number];
  /** Faceted charts: per series (after the first, empty one) its x, y and whether it is dashed. */
  facets?: { x: number[]; y: (number | null)[]; dashed: boolean }[];
  /** Labelled markers drawn on the chart (e.g. HB1 at its parameter value). */
  marks?: { label: string; type: string; x: number; y: number }[];
  /** The visible y range. */
  yRange?: [number, number];
}

/** Extra, chart-specific facts for the snapshot (e.g. the markers a draw hook paints). */
export type SnapshotExtra = () => Pick<ChartSnapshot, 'marks'>;

export interface TestHook {
  charts(): ChartSnapshot[];
  /** The studio's model library (state/model-library.svelte.ts), for driving edits the way the model editor does. */
  library(): unknown;
}

declare global {
  interface Window {
    __mfTest?: TestHook;
  }
}

export const TEST_MODE = typeof location !== 'undefined' && new URLSearchParams(location.search).has('test');

const charts = new Map<string, { u: uPlot; extra?: SnapshotExtra }>();

const nullable = (a: unknown): (number | null)[] => Array.from(a as ArrayLike<number | null | undefined>, (v) => v ?? null);

function snapshot(name: string, u: uPlot, extra?: SnapshotExtra): ChartSnapshot {
  const base = {
    name,
    labels: u.series.slice(1).map((s) => String(s.label ?? '')),
    xRange: [u.scales.x.min ?? NaN, u.scales.x.max ?? NaN] as [number, number],
    ...extra?.(),
  };
  if ((u as uPlot & { mode?: number }).mode === 2) {
    const data = u.data as unknown as ([ArrayLike<number>, ArrayLike<number>] | null)[];
    return {
      ...base,
      x: [],
      ys: [],
      facets: data.slice(1).map((d, i) => ({
        x: Array.from(d?.[0] ?? []),
        y: nullable(d?.[1] ?? []),
        dashed: (u.series[i + 1].dash?.length ?? 0) > 0,
      })),
      yRange: [u.scales.y?.min ?? NaN, u.scales.y?.max ?? NaN],
    };
  }
  return {
    ...base,
    x: Array.from(u.data[0] as ArrayLike<number>),
    // undefined (no sample of that run at this t) becomes null in the snapshot.
    ys: u.data.slice(1).map(nullable),
  };
}

let library: unknown = null;

/** Makes the studio's model library reachable by tests (no-op outside test mode). */
export function exposeLibrary(l: unknown): void {
  if (TEST_MODE) library = l;
}

if (TEST_MODE) {
  window.__mfTest = Object.freeze({
    charts: (): ChartSnapshot[] => [...charts].map(([name, c]) => snapshot(name, c.u, c.extra)),
    library: () => library,
  });
}

/** Makes chart `name` visible to tests (no-op outside test mode); returns the unregister function. */
export function registerChart(name: string, chart: uPlot, extra?: SnapshotExtra): () => void {
  if (!TEST_MODE) return () => {};
  charts.set(name, { u: chart, extra });
  return () => {
    if (charts.get(name)?.u === chart) charts.delete(name);
  };
}
