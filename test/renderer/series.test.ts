import { describe, expect, it } from 'vitest';
import { alignColumn, buildPanels, joinGrids, valueAt, type ChartRun } from '../../src-renderer/src/lib/series';

const grid = (n: number, step: number, t0 = 0) => Float64Array.from({ length: n }, (_, i) => t0 + i * step);

function run(id: number, t: Float64Array, f: (t: number) => number, names = ['r', 'v']): ChartRun {
  return {
    id,
    label: `run ${id}`,
    color: '#000',
    data: { t, names, columns: names.map((_, k) => t.map((x) => f(x) + k)) },
  };
}

describe('joinGrids', () => {
  it('shares identical grids without copying', () => {
    const a = grid(101, 0.01);
    const b = a.slice();
    const j = joinGrids([a, b]);
    expect(j.x).toBe(a);
    expect(j.positions).toEqual([null, null]);
  });

  it('merges different grids into their sorted union, each sample at its exact time', () => {
    const a = grid(11, 0.1); // 0, 0.1, ..., 1 (floating values as a run has them)
    const b = grid(6, 0.25, -0.25); // -0.25, 0, 0.25, ..., 1
    const j = joinGrids([a, b]);
    const union = [...new Set([...a, ...b])].sort((p, q) => p - q);
    expect(Array.from(j.x)).toEqual(union);
    for (const [k, g] of [a, b].entries()) {
      const pos = j.positions[k]!;
      for (let i = 0; i < g.length; i++) expect(j.x[pos[i]]).toBe(g[i]);
    }
  });

  it('handles no grids and empty grids', () => {
    expect(joinGrids([]).x.length).toBe(0);
    const j = joinGrids([new Float64Array(0), grid(3, 1)]);
    expect(Array.from(j.x)).toEqual([0, 1, 2]);
  });
});

describe('alignColumn', () => {
  it('leaves undefined where the run has no sample', () => {
    const y = alignColumn(Float64Array.of(5, 6), Int32Array.of(1, 3), 4);
    expect(y).toEqual([undefined, 5, undefined, 6]);
  });
});

describe('buildPanels', () => {
  it('makes one panel per variable with one series per run, on a shared x', () => {
    const runs = [run(1, grid(1001, 0.01), Math.sin), run(2, grid(1001, 0.01), Math.cos)];
    const panels = buildPanels(runs, ['r', 'v']);
    expect(panels.map((p) => p.variable)).toEqual(['r', 'v']);
    for (const p of panels) {
      expect(p.x).toBe(runs[0].data.t);
      expect(p.series.map((s) => s.runId)).toEqual([1, 2]);
    }
    expect(panels[1].ys[0]).toBe(runs[0].data.columns[1]);
  });

  it('overlays runs of different lengths and sampling at the right times', () => {
    const f = (t: number) => t * t;
    const long = run(1, grid(2001, 0.01), f);
    const coarse = run(2, grid(51, 0.2), f);
    const [p] = buildPanels([long, coarse], ['r']);
    // Every value shown for a run is that run's own sample at exactly that x.
    for (let s = 0; s < 2; s++) {
      const src = [long, coarse][s].data;
      let count = 0;
      for (let i = 0; i < p.x.length; i++) {
        const v = valueAt(p, s, i);
        if (v === undefined) continue;
        count++;
        const j = src.t.indexOf(p.x[i]);
        expect(j).toBeGreaterThanOrEqual(0);
        expect(v).toBe(src.columns[0][j]);
      }
      expect(count).toBe(src.t.length);
    }
    expect(p.x[p.x.length - 1]).toBe(long.data.t[2000]);
  });

  it('skips runs that do not have the variable (another model)', () => {
    const a = run(1, grid(5, 1), Math.sin, ['r', 'v']);
    const b = run(2, grid(5, 1), Math.sin, ['x']);
    const [p] = buildPanels([a, b], ['r']);
    expect(p.series.map((s) => s.runId)).toEqual([1]);
    expect(p.ys.length).toBe(1);
  });

  it('returns empty data for no runs', () => {
    const [p] = buildPanels([], ['r']);
    expect(p.x.length).toBe(0);
    expect(p.ys).toEqual([]);
  });

  it('reads undefined outside the data', () => {
    const [p] = buildPanels([run(1, grid(3, 1), Math.sin)], ['r']);
    expect(valueAt(p, 0, -1)).toBeUndefined();
    expect(valueAt(p, 0, 3)).toBeUndefined();
  });
});
