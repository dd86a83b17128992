/**
 * Charts of runs that blew up: where the runaway starts, the y extent of the readable part before
 * it, the display exponent for magnitudes uPlot cannot tick, and the panel's blow-up marks.
 */
import { describe, expect, it } from 'vitest';
import { blowupLabel, scaledTicks } from '../../src-renderer/src/lib/chart-options';
import { buildPanels, displayExponent, keptExtent, runawayStart, RUNAWAY_FENCE, type ChartRun } from '../../src-renderer/src/lib/series';

// ik_nodim, euler, dt = 0.01, v(0) = 100: the 11 samples before r became non-finite at t = 0.11.
const R = [0, 6.366e-5, 3.808e-4, 4.98e-3, 0.418, 1.47e3, 9.07e9, 1.73e23, 3.15e49, 5.21e101, 7.13e205];
const V = [100, 199, 596, 4.14e3, 1.76e5, 3.09e8, 9.54e14, 9.1e27, 8.28e53, 6.85e105, 4.69e209];

describe('runawayStart', () => {
  it('cuts the trailing samples far outside the first half of the run', () => {
    expect(runawayStart(R)).toBe(5);
    expect(runawayStart(V)).toBe(5);
    expect(runawayStart(R.map((v) => -v))).toBe(5);
  });

  it('keeps a long run up to where it leaves its earlier range, and excursions before that', () => {
    // A slow oscillation with one large legitimate spike at i = 300, then a runaway at the end.
    const y = Array.from({ length: 1000 }, (_, i) => 0.2 + 0.1 * Math.sin(i / 20));
    y[300] = 0.9;
    y.push(5, 30, 4e3, -8e9, 1e40); // the early extent is [0.1, 0.9], so the fence ends at 0.9 + 3 * 0.8
    expect(runawayStart(y)).toBe(1000);
    expect(keptExtent([y], [runawayStart(y)], 0, y.length - 1)).toEqual([Math.min(...y.slice(0, 1000)), 0.9]);
  });

  it('uses the fence F widths of the early extent: just inside is kept, just outside is cut', () => {
    const early = [0, 1, 0, 1];
    expect(runawayStart([...early, 1 + RUNAWAY_FENCE * 0.999, 1e9])).toBe(5);
    expect(runawayStart([...early, 1 + RUNAWAY_FENCE * 1.001, 1e9])).toBe(4);
    expect(runawayStart([...early, -RUNAWAY_FENCE * 1.001, 1e9])).toBe(4);
  });

  it("treats non-finite samples as outside and skips undefined entries (other runs' sample times)", () => {
    expect(runawayStart([0, 1, 0, 1, Infinity])).toBe(4);
    expect(runawayStart([0, undefined, 1, 0, undefined, 1, 1e12, undefined])).toBe(6);
  });

  it('cuts nothing when the run ends inside its range or has no finite reference', () => {
    expect(runawayStart([0, 1, 0, 1, 0.5])).toBe(5);
    expect(runawayStart([NaN, NaN, 1])).toBe(3);
    expect(runawayStart([])).toBe(0);
  });
});

describe('keptExtent', () => {
  it('is the extent over the index window, each series before its keep index', () => {
    const a = [5, 1, 2, 3, 1e300];
    const b = [undefined, -1, undefined, 4, undefined];
    expect(keptExtent([a, b], [4, 5], 0, 4)).toEqual([-1, 5]);
    expect(keptExtent([a, b], [4, 5], 1, 2)).toEqual([-1, 2]);
    expect(keptExtent([a], [4], 4, 4)).toBeNull();
    expect(keptExtent([[NaN, null, Infinity]], [3], 0, 2)).toBeNull();
  });
});

describe('displayExponent', () => {
  it('is 0 where uPlot ticks values itself, else the exponent of the largest magnitude', () => {
    expect(displayExponent([0, 0.46])).toBe(0);
    expect(displayExponent([-3e14, 2])).toBe(0);
    expect(displayExponent([0, 0])).toBe(0);
    expect(displayExponent(null)).toBe(0);
    expect(displayExponent([1e20, 4.2e21])).toBe(21);
    expect(displayExponent([-7.1e205, 0])).toBe(205);
    expect(displayExponent([0, 3e-20])).toBe(-20);
  });

  it('goes with tick labels that print the true values', () => {
    const labels = scaledTicks(21)(null as never, [0, 2.5, 5]);
    expect(labels).toEqual(['0', '2.5e21', '5e21']);
    expect(scaledTicks(0)(null as never, [0.25, 1500])).toEqual(['0.25', '1500']);
  });
});

describe('buildPanels with a blown-up run', () => {
  const t = Float64Array.from(R, (_, i) => i / 100);
  const blown: ChartRun = {
    id: 1,
    label: 'v(0) = 100',
    color: '#c00',
    data: { t, names: ['r', 'v'], columns: [Float64Array.from(R), Float64Array.from(V)], status: 'blowup', blowup: { t: 0.11, variable: 'r' } },
  };
  const fine: ChartRun = {
    id: 2,
    label: 'v(0) = 0',
    color: '#00c',
    data: { t, names: ['r', 'v'], columns: [t.map(() => 0.1), t.map(() => 0.5)], status: 'ok' },
  };

  it('marks the runaway per series and the blow-up in every panel', () => {
    const panels = buildPanels([blown, fine], ['r', 'v']);
    for (const p of panels) {
      expect(p.keep).toEqual([5, t.length]);
      expect(p.blowups).toEqual([{ runId: 1, t: 0.11, variable: 'r', color: '#c00' }]);
    }
    const [r] = panels;
    expect(keptExtent(r.ys, r.keep, 0, r.x.length - 1)).toEqual([0, 0.418]);
    expect(blowupLabel(r.blowups[0])).toBe('blow-up: r');
  });

  it('keeps every sample of runs that did not blow up', () => {
    const [r] = buildPanels([fine], ['r']);
    expect(r.keep).toEqual([t.length]);
    expect(r.blowups).toEqual([]);
  });
});
