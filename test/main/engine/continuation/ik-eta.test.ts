/**
 * ik_eta's equilibrium branches against an independent computation (./ik-eta-curve.ts: the curve
 * parametrised by the rate r, folds and Hopf points from the characteristic polynomial of a
 * hand-written Jacobian). Every traced point must solve the hand-written equations, lie on the
 * piece of the curve that stays within the range, and carry the stability the Routh-Hurwitz test
 * gives; the special points must be exactly those of the curve, in type, location and frequency.
 * The cases include ranges with no special point at all (none may be reported there).
 */
import { describe, expect, it } from 'vitest';
import type { SpecialPoint } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { etaAt, gAt, IK_ETA_DEFAULTS, ikEtaRhs, indicators, pieceWithin, specialPoints, type IkEtaParams } from './ik-eta-curve';
import { trace } from './tiny-models';

const def = getTemplate('ik_eta')!;

interface Case {
  param: 'eta' | 'g';
  bounds: [number, number];
  params: Partial<IkEtaParams>;
  /** The special point types along r, as the independent computation finds them (a check on it). */
  expect: string[];
}

const cases: Case[] = [
  { param: 'eta', bounds: [-100, 300], params: {}, expect: ['HB', 'HB'] },
  { param: 'eta', bounds: [-100, 300], params: { g: 15 }, expect: ['LP', 'LP', 'HB'] },
  { param: 'eta', bounds: [-100, 300], params: { g: 30 }, expect: ['LP', 'LP', 'HB'] },
  { param: 'g', bounds: [0, 30], params: { eta: 250 }, expect: ['HB'] },
  { param: 'eta', bounds: [-100, 200], params: {}, expect: [] },
  { param: 'g', bounds: [0, 30], params: { d: 100, eta: 50 }, expect: [] },
];

/** Relative closeness with a floor of 1 on the scale. */
const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe.each(cases)('ik_eta in $param over $bounds with $params', ({ param, bounds, params, expect: types }) => {
  const q: IkEtaParams = { ...IK_ETA_DEFAULTS, ...params };
  const r = trace(def, param, bounds, { params });
  const b = r.branch!;
  const start = b.points[b.startIndex];
  // The curve's parameter as a function of r; for g, the root family through the start.
  const family = param === 'g' ? (Math.abs(gAt(start.x[0], q)[0] - q.g) < Math.abs(gAt(start.x[0], q)[1] - q.g) ? 0 : 1) : 0;
  const p = param === 'eta' ? (rr: number) => etaAt(rr, q) : (rr: number) => gAt(rr, q)[family];
  const [rLo, rHi] = pieceWithin(p, start.x[0], bounds);
  const expected = specialPoints(p, param, q, rLo, rHi);
  const at = (value: number): IkEtaParams => ({ ...q, [param]: value });

  it('the independent computation finds the expected special points (a check on the test itself)', () => {
    expect(expected.map((s) => s.type)).toEqual(types);
    expect(close(p(start.x[0]), q[param], 1e-9)).toBe(true);
  });

  it('traces the whole piece within the range; every point solves the equations, with the right stability', () => {
    expect(r.status).toBe('ok');
    expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    const first = b.points[0];
    const last = b.points[b.points.length - 1];
    expect([first.p, last.p].sort((x, y) => x - y)).toEqual(bounds);
    const ends = [first.x[0], last.x[0]].sort((x, y) => x - y);
    expect(Math.abs(ends[0] - rLo)).toBeLessThan(1e-7 * rLo);
    expect(Math.abs(ends[1] - rHi)).toBeLessThan(1e-7 * rHi);
    let mismatched = 0;
    for (const pt of b.points) {
      expect(pt.x[0]).toBeGreaterThanOrEqual(rLo * (1 - 1e-7));
      expect(pt.x[0]).toBeLessThanOrEqual(rHi * (1 + 1e-7));
      for (const f of ikEtaRhs(pt.x, at(pt.p))) expect(Math.abs(f)).toBeLessThan(1e-9);
      if (pt.stable !== indicators(pt.x, at(pt.p)).stable) mismatched++;
    }
    expect(mismatched).toBe(0);
  });

  it('reports exactly the special points of the curve, of the same type, where they are', () => {
    // Along the branch the special points are ordered by r, one way or the other.
    const byIndex = [...b.special].sort((x, y) => x.index - y.index);
    const byR = [...b.special].sort((x, y) => x.x[0] - y.x[0]);
    expect([byR, [...byR].reverse()].some((o) => o.every((s, i) => s === byIndex[i]))).toBe(true);
    expect(byR.map((s) => s.type)).toEqual(expected.map((s) => s.type));
    byR.forEach((s: SpecialPoint, i) => {
      const e = expected[i];
      expect(s.converged).toBe(true);
      expect(close(s.p, e.p, 1e-6), `${s.label} at ${param} = ${s.p}, independently ${e.p}`).toBe(true);
      s.x.forEach((xi, j) => expect(close(xi, e.x[j], 1e-6), `${s.label} state ${j}: ${xi} vs ${e.x[j]}`).toBe(true));
      if (e.type === 'HB') expect(Math.abs(s.omega! - e.omega!)).toBeLessThan(1e-6 * e.omega!);
    });
  });
});
