/**
 * The orbit of a cycle point as chart data (src-renderer/src/lib/orbit-series.ts) and the phase
 * portrait's options (lib/phase-options.ts): time = phase * period, the rows as columns, the orbit
 * drawn over the runs, runs cut at their first non-finite sample.
 */
import { describe, expect, it } from 'vitest';
import type { CyclePoint } from '@shared/cycles/types';
import { chartTheme, ORBIT_DASH, timeSeriesOptions } from '../../src-renderer/src/lib/chart-options';
import { ORBIT_ID, orbitChartRun, orbitData, orbitLabel, portraitCurves, portraitExtent } from '../../src-renderer/src/lib/orbit-series';
import { phaseOptions } from '../../src-renderer/src/lib/phase-options';
import { buildPanels, type ChartRun } from '../../src-renderer/src/lib/series';

/** A circle of radius 2 about (1, 0) at the phases given, period 4 pi. */
function circle(phases: number[]): CyclePoint {
  const orbit = new Float64Array(phases.length * 3);
  phases.forEach((ph, m) => {
    orbit[m * 3] = ph;
    orbit[m * 3 + 1] = 1 + 2 * Math.cos(2 * Math.PI * ph);
    orbit[m * 3 + 2] = 2 * Math.sin(2 * Math.PI * ph);
  });
  return { p: 0.25, period: 4 * Math.PI, stable: true, multipliers: [], trivialError: 0, min: [-1, -2], max: [3, 2], start: [3, 0], orbit };
}

const phases = [0, 0.1, 0.15, 0.3, 0.5, 0.75, 0.9, 1];

describe('the orbit against time', () => {
  it('puts each row at time phase * period, with one column per state', () => {
    const d = orbitData(circle(phases), ['x', 'y'])!;
    expect(Array.from(d.t)).toEqual(phases.map((ph) => ph * 4 * Math.PI));
    expect(d.names).toEqual(['x', 'y']);
    d.t.forEach((t, m) => {
      expect(d.columns[0][m]).toBeCloseTo(1 + 2 * Math.cos(t / 2), 12);
      expect(d.columns[1][m]).toBeCloseTo(2 * Math.sin(t / 2), 12);
    });
  });

  it('has nothing to show for a point without an orbit or with rows of the wrong width', () => {
    const { orbit: _o, ...bare } = circle(phases);
    expect(orbitData(bare, ['x', 'y'])).toBeNull();
    expect(orbitData(circle(phases), ['x', 'y', 'z'])).toBeNull();
  });

  it('is labelled as one period of the cycle and drawn thick and dotted beside the runs', () => {
    expect(orbitLabel('g', { p: 1.523456789, period: 199.2636857 })).toBe('cycle g = 1.523, one period T = 199.3');
    expect(orbitLabel('g', { p: 1.5, period: 199.2636857 }, true)).toBe('cycle g = 1.5, one period T = 199.2636857');
    const orbit = orbitChartRun(circle(phases), ['x', 'y'], 'mu', '#123456')!;
    expect(orbit).toMatchObject({ id: ORBIT_ID, orbit: true, color: '#123456', label: 'cycle mu = 0.25, one period T = 12.57' });
    const t = Float64Array.from({ length: 11 }, (_, i) => i);
    const run: ChartRun = { id: 1, label: 'run 1', color: '#000', data: { t, names: ['x', 'y'], columns: [t.map(Math.sin), t.map(Math.cos)] } };
    const [panel] = buildPanels([run, orbit], ['y']);
    expect(panel.series.map((s) => [s.label, s.orbit === true])).toEqual([
      ['run 1', false],
      ['cycle mu = 0.25, one period T = 12.57', true],
    ]);
    const opts = timeSeriesOptions('y', 't', panel.series, chartTheme(false), 'k');
    expect(opts.series[1].dash).toBeUndefined();
    expect(opts.series[2]).toMatchObject({ dash: ORBIT_DASH, width: 3 });
  });
});

describe('the phase portrait', () => {
  const t = Float64Array.from({ length: 6 }, (_, i) => i);
  const run = (id: number, names: string[], last = 1): ChartRun => ({
    id,
    label: `run ${id}`,
    color: '#000',
    data: { t, names, columns: names.map((_, k) => Float64Array.from(t, (x) => (x === 5 ? last : x + 10 * k))) },
  });

  it('draws x against y for each entry with both variables, the orbit last, and stops a run at its first non-finite sample', () => {
    const orbit = orbitChartRun(circle(phases), ['x', 'y'], 'mu', '#f00')!;
    const curves = portraitCurves([orbit, run(1, ['x', 'y']), run(2, ['x', 'z']), run(3, ['x', 'y'], Number.NaN)], 'x', 'y');
    expect(curves.map((c) => [c.label, c.orbit, c.x.length])).toEqual([
      ['run 1', false, 6],
      ['run 3', false, 5],
      ['cycle mu = 0.25, one period T = 12.57', true, 8],
    ]);
    expect(Array.from(curves[0].y)).toEqual([10, 11, 12, 13, 14, 1]);
    const e = portraitExtent(curves)!;
    expect(e.x).toEqual([-1, 4]);
    expect(e.y[0]).toBeCloseTo(-2, 12);
    expect(e.y[1]).toBe(14);
    expect(portraitExtent([])).toBeNull();
  });

  it('gives faceted options with fixed scales, the orbit thicker than the runs', () => {
    const opts = phaseOptions(
      [
        { label: 'run 1', color: '#000', orbit: false },
        { label: 'cycle', color: '#f00', orbit: true },
      ],
      'r',
      'v',
      chartTheme(true),
    );
    expect(opts.mode).toBe(2);
    expect(opts.scales?.x?.auto).toBe(false);
    expect(opts.series.map((s) => s.label)).toEqual([undefined, 'run 1', 'cycle']);
    expect(opts.series[2].width).toBeGreaterThan(opts.series[1].width!);
    expect(opts.axes?.map((a) => a.label)).toEqual(['r', 'v']);
  });
});
