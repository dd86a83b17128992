/**
 * unresolvedStretch: where a family's trivial Floquet multiplier shows that the mesh does not
 * resolve the orbits, the parameter range, the worst error and the special points there.
 */
import { describe, expect, it } from 'vitest';
import { TRIVIAL_LIMIT, unresolvedStretch } from '@shared/cycles/mesh-check';
import type { CyclePoint, CycleSpecialPoint } from '@shared/cycles/types';

const point = (p: number, trivialError: number): CyclePoint => ({
  p,
  period: 10,
  stable: true,
  multipliers: [[1 - trivialError, 0]],
  trivialError,
  min: [0],
  max: [1],
  start: [0],
});
const special = (type: CycleSpecialPoint['type'], label: string, index: number, points: CyclePoint[]): CycleSpecialPoint => ({
  type,
  label,
  index,
  point: points[index],
  converged: true,
  info: {},
});
const family = (points: CyclePoint[], special: CycleSpecialPoint[] = []) => ({ param: 'g', points, special, ntst: 20, ncol: 3 });

describe('unresolvedStretch', () => {
  it('is null when every orbit passes the check, the limit included', () => {
    expect(unresolvedStretch(family([point(1, 1e-9), point(1.1, TRIVIAL_LIMIT), point(1.2, 3e-5)]))).toBeNull();
    expect(unresolvedStretch(family([]))).toBeNull();
  });

  it('gives the parameter range and the worst error of the unresolved orbits, in either direction of p', () => {
    const pts = [point(1, 1e-8), point(2.5, 0.2), point(2.4, 0.9), point(2.45, 0.06), point(2.2, 1e-7)];
    const w = unresolvedStretch(family(pts))!;
    expect([w.from, w.to, w.worst]).toEqual([2.4, 2.5, 0.9]);
    expect(w.labels).toEqual([]);
    expect(w.text).toBe(
      'The mesh (NTST 20, NCOL 3) does not resolve the orbits for g from 2.4 to 2.5 (3 of 5 points): the trivial Floquet multiplier, exactly 1 for a true orbit, ' +
        'is off by up to 0.90 there, so the stability, the multipliers there are not to be trusted.',
    );
  });

  it('names the special points next to an unresolved orbit, not those between resolved ones or user points', () => {
    const pts = [point(1, 1e-8), point(1.1, 1e-8), point(1.2, 0.5), point(1.3, 1e-8), point(1.4, 1e-8)];
    const sp = [
      special('PD', 'PD1', 0, pts),
      special('LPC', 'LPC1', 1, pts),
      special('UZ', 'UZ1', 1, pts),
      special('NS', 'NS1', 2, pts),
      special('LPC', 'LPC2', 3, pts),
    ];
    const w = unresolvedStretch(family(pts, sp))!;
    expect(w.labels).toEqual(['LPC1', 'NS1']);
    expect(w.text).toContain('at g = 1.2 (1 of 5 points)');
    expect(w.text).toContain('the stability, the multipliers, LPC1, NS1 there');
  });

  it('takes an orbit without multipliers (NaN) as unresolved', () => {
    const w = unresolvedStretch(family([point(1, 1e-8), point(2, NaN)]))!;
    expect([w.from, w.to, w.worst]).toEqual([2, 2, 0]);
    expect(w.text).toContain('at g = 2 (1 of 2 points): the Floquet multipliers could not be computed there, so');
  });
});
