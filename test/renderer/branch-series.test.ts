import { describe, expect, it } from 'vitest';
import type { Branch, BranchPoint, SpecialPoint } from '@shared/continuation/types';
import {
  branchToCsv,
  criticalEigenvalues,
  defaultRange,
  hopfExplanation,
  nearestPoint,
  perturbedInitial,
  stabilityRuns,
  unstableSide,
} from '../../src-renderer/src/lib/branch-series';
import { buildDiagram, paddedRange } from '../../src-renderer/src/lib/diagram';

const pt = (p: number, x: number, stable: boolean): BranchPoint => ({
  p,
  x: [x, 2 * x],
  stable,
  eigenvalues: stable
    ? [
        [-1, 0],
        [-0.5, 0],
      ]
    : [
        [0.2, 0.3],
        [0.2, -0.3],
      ],
});

function hopf(label: string, index: number, p: number, x: number, extra: Partial<SpecialPoint> = {}): SpecialPoint {
  return {
    type: 'HB',
    label,
    index,
    p,
    x: [x, 2 * x],
    eigenvalues: [
      [0, 0.3],
      [0, -0.3],
      [-2, 0],
    ],
    converged: true,
    omega: 0.3,
    period: (2 * Math.PI) / 0.3,
    l1: -1,
    criticality: 'supercritical',
    description: '',
    ...extra,
  };
}

function branch(points: BranchPoint[], special: SpecialPoint[] = []): Branch {
  const end = { reason: 'bound' as const, message: 'reached the range end' };
  return { param: 'g', stateNames: ['r', 'v'], points, special, ends: [end, end], startIndex: 0 };
}

/** Every point of the branch lies on some piece, with its plotted value. */
function covered(b: Branch, runs: ReturnType<typeof stabilityRuns>, v: number): boolean {
  return b.points.every((q) => runs.some((r) => r.p.some((p, i) => p === q.p && r.y[i] === q.x[v] && r.stable === q.stable)));
}

describe('stabilityRuns', () => {
  it('cuts at a stability change and joins the stretches at the located special point', () => {
    const b = branch(
      [pt(0, 0, true), pt(1, 1, true), pt(2, 2, false), pt(3, 3, false), pt(4, 4, true)],
      [hopf('HB1', 1, 1.5, 1.5), hopf('HB2', 3, 3.25, 3.25)],
    );
    const runs = stabilityRuns(b, 0);
    expect(runs.map((r) => r.stable)).toEqual([true, false, true]);
    expect(runs[0]).toEqual({ stable: true, p: [0, 1, 1.5], y: [0, 1, 1.5] });
    expect(runs[1]).toEqual({ stable: false, p: [1.5, 2, 3, 3.25], y: [1.5, 2, 3, 3.25] });
    expect(runs[2]).toEqual({ stable: true, p: [3.25, 4], y: [3.25, 4] });
    expect(covered(b, runs, 0)).toBe(true);
    // The second variable is taken from x[1].
    expect(stabilityRuns(b, 1)[1].y).toEqual([3, 4, 6, 6.5]);
  });

  it('without a special point shares the first point of the new stretch', () => {
    const b = branch([pt(0, 0, true), pt(1, 1, true), pt(2, 2, false)]);
    const runs = stabilityRuns(b, 0);
    expect(runs).toEqual([
      { stable: true, p: [0, 1, 2], y: [0, 1, 2] },
      { stable: false, p: [2], y: [2] },
    ]);
  });

  it('splits at a fold into pieces of increasing parameter', () => {
    // An S-curve stretch: p goes up, back down, up again, all unstable.
    const ps = [0, 1, 2, 1.5, 1, 2, 3];
    const b = branch(ps.map((p, i) => pt(p, i, false)));
    const runs = stabilityRuns(b, 0);
    expect(runs.length).toBe(3);
    for (const r of runs) for (let i = 1; i < r.p.length; i++) expect(r.p[i]).toBeGreaterThanOrEqual(r.p[i - 1]);
    expect(runs[0].p).toEqual([0, 1, 2]);
    expect(runs[1]).toEqual({ stable: false, p: [1, 1.5, 2], y: [4, 3, 2] });
    expect(runs[2].p).toEqual([1, 2, 3]);
    expect(covered(b, runs, 0)).toBe(true);
  });

  it('is empty for an empty branch or an unknown variable', () => {
    expect(stabilityRuns(branch([]), 0)).toEqual([]);
    expect(stabilityRuns(branch([pt(0, 0, true)]), -1)).toEqual([]);
  });
});

describe('buildDiagram', () => {
  it('gives solid and dashed series per branch, marker series, marks and the extent', () => {
    const b = branch(
      [pt(0, 0, true), pt(1, 1, true), pt(2, 2, false), pt(3, 3, false), pt(4, 4, true)],
      [hopf('HB1', 1, 1.5, 1.5), hopf('HB2', 3, 3.25, 3.25)],
    );
    const d = buildDiagram([{ id: 7, label: 'g', color: '#123456', branch: b }], 'v');
    expect(d.series.map((s) => s.kind)).toEqual(['stable', 'unstable', 'stable', 'special']);
    expect(d.series.every((s) => s.branchId === 7 && s.color === '#123456')).toBe(true);
    expect(d.facets[3]).toEqual([
      [1.5, 3.25],
      [3, 6.5],
    ]);
    expect(d.marks.map((m) => m.label)).toEqual(['HB1', 'HB2']);
    expect(d.extent).toEqual({ x: [0, 4], y: [0, 8] });
    expect(buildDiagram([{ id: 1, label: 'g', color: '#000', branch: b }], 'nope').extent).toBeNull();
  });

  it('pads ranges, and widens a flat one', () => {
    expect(paddedRange(0, 10, 0.1)).toEqual([-1, 11]);
    expect(paddedRange(2, 2)).toEqual([1.8, 2.2]);
    expect(paddedRange(0, 0)).toEqual([-1, 1]);
  });
});

describe('read-outs', () => {
  it('picks the critical eigenvalue: the pair nearest the axis at a Hopf point, the real one at a fold', () => {
    expect(
      criticalEigenvalues({
        type: 'HB',
        eigenvalues: [
          [-3, 1],
          [-3, -1],
          [1e-12, 0.5],
          [1e-12, -0.5],
          [0.001, 0],
        ],
      }),
    ).toEqual([[1e-12, 0.5]]);
    expect(
      criticalEigenvalues({
        type: 'LP',
        eigenvalues: [
          [-0.1, 2],
          [-0.1, -2],
          [-1e-11, 0],
          [-4, 0],
        ],
      }),
    ).toEqual([[-1e-11, 0]]);
  });

  it('says on which side the steady state is unstable and explains the Hopf point', () => {
    const b = branch(
      [pt(0, 0, true), pt(1, 1, true), pt(2, 2, false), pt(3, 3, false), pt(4, 4, true)],
      [hopf('HB1', 1, 1.5, 1.5), hopf('HB2', 3, 3.25, 3.25, { criticality: 'subcritical', l1: 2 })],
    );
    expect(unstableSide(b, b.special[0])).toBe('above');
    expect(unstableSide(b, b.special[1])).toBe('below');
    expect(hopfExplanation(b, b.special[0])).toMatch(
      /^Supercritical.*stable limit cycle \(period ≈ 20\.9\) is born as g crosses 1\.5 and exists for g above 1\.5/,
    );
    expect(hopfExplanation(b, b.special[1])).toMatch(/^Subcritical.*unstable limit cycle.*stable steady state for g above 3\.25/);
  });

  it('finds the nearest point within a pixel radius', () => {
    const xs = [0, 10, 20];
    const ys = [0, 0, 0];
    expect(nearestPoint(xs, ys, 11, 2, 5)).toBe(1);
    expect(nearestPoint(xs, ys, 15, 9, 5)).toBe(-1);
  });

  it('perturbs the first state variable by 1e-3 relative (absolute at 0)', () => {
    expect(perturbedInitial(['r', 'v'], [0.04, -1])).toEqual({ r: 0.04 * 1.001, v: -1 });
    expect(perturbedInitial(['r', 'v'], [0, -1])).toEqual({ r: 1e-3, v: -1 });
  });

  it('chooses a round first range around the current value', () => {
    expect(defaultRange(0.5)).toEqual([0, 3]);
    expect(defaultRange(0.15)).toEqual([0, 1]);
    expect(defaultRange(-2)).toEqual([-20, 0]);
    expect(defaultRange(2.6, 'positive')).toEqual([0.26, 20]);
    expect(defaultRange(0)).toEqual([-1, 1]);
  });
});

describe('branchToCsv', () => {
  it('writes every point in full precision with stability, labels and eigenvalues', () => {
    const b = branch([pt(0.1, 1 / 3, true), pt(0.2, 0.5, false)], [hopf('HB1', 0, 0.15, 0.4)]);
    const lines = branchToCsv(b).trimEnd().split('\n');
    expect(lines[0]).toBe('index,g,r,v,stable,special,eig1_re,eig1_im,eig2_re,eig2_im');
    expect(lines[1]).toBe(`0,0.1,${1 / 3},${2 / 3},1,HB1,-1,0,-0.5,0`);
    expect(lines[2]).toBe('1,0.2,0.5,1,0,,0.2,0.3,0.2,-0.3');
    expect(lines[1].split(',').map(Number)[2]).toBe(1 / 3);
  });
});
