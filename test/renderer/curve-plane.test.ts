/**
 * The two-parameter diagram's pure helpers: stretches of a Hopf curve by kind (neutral saddles
 * apart), the plane of a curve traced in either order, branch points placed at their two parameter
 * values, what is under the mouse, the CSV export and the rounding of a clicked value.
 */
import { describe, expect, it } from 'vitest';
import type { Branch, SpecialPoint } from '@shared/continuation/types';
import type { Curve, CurvePoint } from '@shared/curves/types';
import { curveToCsv } from '../../src-renderer/src/lib/curve-csv';
import { branchMarks, buildPlane, curveName, curvePairs, planeHit, roundToSpan, stretches } from '../../src-renderer/src/lib/curve-plane';

const pt = (p: number, q: number, omega?: number | null): CurvePoint => ({
  params: [p, q],
  state: [p + q, p - q],
  ...(omega !== undefined ? { kappa: omega === null ? -1 : omega * omega, omega } : {}),
});

function hopf(omegas: (number | null)[]): Curve {
  return {
    type: 'hopf',
    from: 'HB1',
    params: ['g', 'eta'],
    stateNames: ['r', 'v'],
    values: { I_ext: 0.15 },
    points: omegas.map((w, i) => pt(i, 10 * i, w)),
    startIndex: 0,
    special: [{ type: 'GH', label: 'GH1', index: 1, point: pt(1.5, 15, 2), coefficients: { l2: -0.25 }, converged: true }],
    ends: [
      { reason: 'bound', message: 'a' },
      { reason: 'bound', message: 'b' },
    ],
  };
}

const special = (type: SpecialPoint['type'], label: string, p: number): SpecialPoint => ({
  type,
  label,
  index: 0,
  p,
  x: [0, 0],
  eigenvalues: [],
  converged: true,
  description: '',
});

const branch = (param: string, special: SpecialPoint[]): Branch => ({
  param,
  stateNames: ['r', 'v'],
  points: [],
  special,
  startIndex: 0,
  ends: [
    { reason: 'bound', message: '' },
    { reason: 'bound', message: '' },
  ],
});

describe('stretches', () => {
  it('splits a Hopf curve where omega turns null (neutral saddles), sharing the boundary points', () => {
    const c = hopf([1, 1, null, null, 2, 2]);
    expect(stretches(c)).toEqual([
      { kind: 'hopf', from: 0, to: 2 },
      { kind: 'neutral', from: 2, to: 4 },
      { kind: 'hopf', from: 4, to: 5 },
    ]);
    // Every point is in some stretch, consecutive stretches touch.
    expect(stretches(hopf([null]))).toEqual([{ kind: 'neutral', from: 0, to: 0 }]);
    expect(stretches({ ...c, type: 'fold' })).toEqual([{ kind: 'fold', from: 0, to: 5 }]);
    expect(stretches({ ...c, points: [] })).toEqual([]);
  });
});

describe('the plane', () => {
  it('draws a curve traced in (eta, g) swapped in the plane (g, eta), and lists each pair once', () => {
    const a = hopf([1, 1, 1]);
    const b: Curve = { ...hopf([1, 1]), params: ['eta', 'g'] };
    const c: Curve = { ...hopf([1]), params: ['g', 'Delta'] };
    expect(curvePairs([a, b, c])).toEqual([
      ['g', 'eta'],
      ['g', 'Delta'],
    ]);
    const p = buildPlane(
      [
        { id: 1, label: 'a', color: '#000', curve: a },
        { id: 2, label: 'b', color: '#111', curve: b },
        { id: 3, label: 'c', color: '#222', curve: c },
      ],
      [],
      ['g', 'eta'],
    );
    expect(p.series.map((s) => s.curveId)).toEqual([1, 2]);
    expect(p.facets[0]).toEqual([
      [0, 1, 2],
      [0, 10, 20],
    ]);
    expect(p.facets[1]).toEqual([
      [0, 10],
      [0, 1],
    ]);
    // Codimension-two points in plane coordinates, swapped for the swapped curve.
    expect(p.marks.filter((m) => m.source === 'curve').map((m) => [m.ownerId, m.label, m.x, m.y])).toEqual([
      [1, 'GH1', 1.5, 15],
      [2, 'GH1', 15, 1.5],
    ]);
    expect(p.extent).toEqual({ x: [0, 15], y: [0, 20] });
  });

  it("places a branch's LP and HB at (its parameter value, its value of the other parameter); other points and branches are left out", () => {
    const axes: [string, string] = ['g', 'eta'];
    const values = { g: 1.5, eta: -0.3, I_ext: 0.15 };
    const ofG = {
      id: 1,
      label: '',
      color: '#000',
      values,
      branch: branch('g', [special('HB', 'HB1', 0.67), special('BP', 'BP1', 1), special('LP', 'LP1', 2)]),
    };
    const ofEta = { id: 2, label: '', color: '#000', values, branch: branch('eta', [special('HB', 'HB1', 0.2)]) };
    const ofI = { id: 3, label: '', color: '#000', values, branch: branch('I_ext', [special('HB', 'HB1', 0.2)]) };
    expect(branchMarks(ofG, axes).map((m) => [m.label, m.x, m.y])).toEqual([
      ['HB1', 0.67, -0.3],
      ['LP1', 2, -0.3],
    ]);
    expect(branchMarks(ofEta, axes).map((m) => [m.label, m.x, m.y])).toEqual([['HB1', 1.5, 0.2]]);
    expect(branchMarks(ofI, axes)).toEqual([]);
  });

  it('finds the mark under the mouse first, else the nearest curve point within 12 px, else nothing', () => {
    const c = { id: 4, label: 'a', color: '#000', curve: hopf([1, 1, 1]) };
    const p = buildPlane([c], [], ['g', 'eta']);
    const px = { x: (v: number) => v * 100, y: (v: number) => 500 - v * 10 }; // g = 1 at 100 px, eta = 10 at 400 px
    expect(planeHit([c], p.marks, ['g', 'eta'], 152, 352, px)).toEqual({ kind: 'mark', mark: p.marks[0] });
    expect(planeHit([c], p.marks, ['g', 'eta'], 205, 305, px)).toEqual({ kind: 'point', curveId: 4, index: 2 });
    expect(planeHit([c], p.marks, ['g', 'eta'], 250, 250, px)).toBeNull();
    expect(planeHit([c], p.marks, ['g', 'eta'], -1, 10, px)).toBeNull();
  });
});

describe('curve CSV', () => {
  it('writes points in full precision with kappa and omega (empty at neutral saddles) and the special point as a row of its own', () => {
    const c = hopf([1 / 3, null]);
    const lines = curveToCsv(c).trimEnd().split('\n');
    expect(lines[0]).toBe('index,g,eta,r,v,kappa,omega,special,coefficients');
    expect(lines[1]).toBe(`0,0,0,0,0,${(1 / 3) ** 2},${1 / 3},,`);
    expect(lines[2]).toBe('1,1,10,11,-9,-1,,,');
    expect(lines[3]).toBe(',1.5,15,16.5,-13.5,4,2,GH1,l2=-0.25');
    const fold: Curve = { ...c, type: 'fold', points: [pt(1, 2)], special: [] };
    expect(curveToCsv(fold)).toBe('index,g,eta,r,v,special,coefficients\n0,1,2,3,-1,,\n');
  });
});

describe('labels and clicks', () => {
  it('names a curve by its type, start and plane', () => {
    expect(curveName(hopf([1]))).toBe('Hopf curve from HB1 in (g, eta)');
    expect(curveName({ type: 'fold', from: 'LP2', params: ['eta', 'Delta'] })).toBe('Fold curve from LP2 in (eta, Delta)');
  });

  it('rounds a clicked value to a thousandth of the visible span', () => {
    expect(roundToSpan(0.734098271, 3)).toBe(0.734);
    expect(roundToSpan(-0.0123456, 0.2)).toBe(-0.0123);
    expect(roundToSpan(1234.5678, 5000)).toBe(1235);
    expect(roundToSpan(0.3 + 1e-12, 1)).toBe(0.3);
    expect(roundToSpan(NaN, 1)).toBeNaN();
  });
});
