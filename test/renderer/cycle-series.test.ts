/**
 * A family of limit cycles as diagram lines: envelopes (or the period) cut at stability changes
 * through the located special point and at the fold into increasing-parameter pieces, markers on
 * the maximum (or the period), what lies under the mouse, and the multipliers as text.
 */
import { describe, expect, it } from 'vitest';
import { buildCycleDiagram, cycleHit } from '../../src-renderer/src/lib/cycle-diagram';
import { cycleMarks, cycleRuns, formatMultipliers, specialInfo } from '../../src-renderer/src/lib/cycle-series';
import { cycleBranch } from './cycle-fixtures';

const b = cycleBranch();
const isIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x >= xs[i - 1]);

describe('cycleRuns', () => {
  it('draws the max and min of the variable, stable up to the fold, through the fold point, in increasing g', () => {
    const runs = cycleRuns(b, 0, 'extrema');
    // The fold is where stability changes, so each envelope is one stable and one unstable piece.
    expect(runs.map((r) => [r.line, r.stable])).toEqual([
      ['max', true],
      ['max', false],
      ['min', true],
      ['min', false],
    ]);
    for (const r of runs) expect(isIncreasing(r.p)).toBe(true);
    const lpc = b.special[0].point;
    // The stable stretch ends and the unstable one starts at the located fold.
    expect(runs[0].p.at(-1)).toBe(lpc.p);
    expect(runs[0].y.at(-1)).toBe(lpc.max[0]);
    expect(runs[2].y.at(-1)).toBe(lpc.min[0]);
    expect(runs[1].p.at(-1)).toBe(lpc.p);
    expect(runs[1].p).toContain(lpc.p);
    // Every point's max is on the max line, its min on the min line (points 0..8).
    const maxYs = runs.filter((r) => r.line === 'max').flatMap((r) => r.y);
    for (const q of b.points) expect(maxYs).toContain(q.max[0]);
  });

  it('draws the period as one line, the same for every variable', () => {
    const runs = cycleRuns(b, 1, 'period');
    expect(new Set(runs.map((r) => r.line))).toEqual(new Set(['period']));
    expect(runs.flatMap((r) => r.y)).toContain(b.points[3].period);
    expect(cycleRuns(b, -1, 'period').length).toBe(runs.length);
  });

  it('draws nothing for a variable the family lacks or an empty family', () => {
    expect(cycleRuns(b, -1, 'extrema')).toEqual([]);
    expect(cycleRuns({ ...b, points: [] }, 0, 'extrema')).toEqual([]);
  });
});

describe('cycleMarks and the diagram', () => {
  it('marks each special point on the maximum, or on the period line', () => {
    expect(cycleMarks(b, 1, 'extrema')).toEqual([
      { label: 'LPC1', type: 'LPC', p: b.special[0].point.p, y: b.special[0].point.max[1] },
      { label: 'PD1', type: 'PD', p: b.special[1].point.p, y: b.special[1].point.max[1] },
    ]);
    expect(cycleMarks(b, 1, 'period').map((m) => m.y)).toEqual([b.special[0].point.period, b.special[1].point.period]);
  });

  it('builds series per family (labels name the line and stability), a marker series, and the extent', () => {
    const d = buildCycleDiagram([{ id: 3, label: 'Cycles from HB1 in g', color: '#123', branch: b }], 'r', 'extrema');
    expect(d.series.map((s) => s.label)).toEqual([
      'Cycles from HB1 in g · max · stable',
      'Cycles from HB1 in g · max · unstable',
      'Cycles from HB1 in g · min · stable',
      'Cycles from HB1 in g · min · unstable',
      'Cycles from HB1 in g · special points',
    ]);
    expect(d.series.every((s) => s.familyId === 3 && s.branchId === -1)).toBe(true);
    expect(d.marks.map((m) => m.label)).toEqual(['LPC1', 'PD1']);
    const all = b.points.flatMap((q) => [q.min[0], q.max[0]]);
    expect(d.extent!.y).toEqual([Math.min(...all), Math.max(...all)]);
    const period = buildCycleDiagram([{ id: 3, label: 'c', color: '#123', branch: b }], 'nope', 'period');
    expect(period.extent!.y[1]).toBe(Math.max(...b.points.map((q) => q.period), b.special[1].point.period));
    expect(buildCycleDiagram([{ id: 3, label: 'c', color: '#123', branch: b }], 'nope', 'extrema').extent).toBeNull();
  });

  it('finds the point under the mouse on either envelope, a marker first', () => {
    const cycles = [{ id: 3, label: 'c', color: '#123', branch: b }];
    const d = buildCycleDiagram(cycles, 'r', 'extrema');
    const px = { x: (p: number) => p * 1000, y: (v: number) => 1000 - v * 1000 };
    const q = b.points[2];
    expect(cycleHit(cycles, 'r', 'extrema', d.marks, px.x(q.p) + 1, px.y(q.min[0]), px)).toMatchObject({ familyId: 3, index: 2, special: null, line: 'min' });
    expect(cycleHit(cycles, 'r', 'extrema', d.marks, px.x(q.p), px.y(q.max[0]) - 2, px)).toMatchObject({ index: 2, line: 'max' });
    const lpc = b.special[0];
    expect(cycleHit(cycles, 'r', 'extrema', d.marks, px.x(lpc.point.p) + 3, px.y(lpc.point.max[0]), px)).toMatchObject({ index: 4, special: lpc });
    expect(cycleHit(cycles, 'r', 'extrema', d.marks, 5000, 5000, px)).toBeNull();
    expect(cycleHit(cycles, 'r', 'extrema', d.marks, -1, 5, px)).toBeNull();
  });
});

describe('multipliers and info as text', () => {
  it('leaves out the trivial multiplier and lists a conjugate pair once', () => {
    const q = {
      ...b.points[0],
      multipliers: [
        [1, 0],
        [0.5, 0.25],
        [0.5, -0.25],
        [-0.125, 0],
      ] as [number, number][],
    };
    expect(formatMultipliers(q)).toBe('0.5 ± 0.25i, -0.125');
    expect(specialInfo(b.special[1])).toBe('multiplier = -1');
    expect(specialInfo(b.special[0])).toBe('');
  });
});
