/**
 * The largest arclength step: a dsMax the user sets is an absolute cap on every step, on any range;
 * left at its default it scales with the range (largestStep).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { largestStep, STEPS_PER_RANGE } from '../../../../src-main/engine/continuation/run';
import { trace } from './tiny-models';

const def = getTemplate('ik_nodim')!;
const traceG = (settings: { dsMax?: number; ds?: number } = {}) => {
  const r = trace(def, 'g', [0, 3], { inputs: { I_ext: 0.15 }, settings });
  expect(r.status).toBe('ok');
  const b = r.branch!;
  expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
  return b;
};
/**
 * Longest straight-line distance between consecutive points in (parameter, state) space: a step of
 * ds along the tangent plus a corrector move orthogonal to it (O(ds^2)), so at most ds (1 + 1e-4) here.
 */
const longestChord = (b: ReturnType<typeof traceG>) => {
  let longest = 0;
  for (let i = 1; i < b.points.length; i++) {
    const a = b.points[i - 1];
    const c = b.points[i];
    longest = Math.max(longest, Math.hypot(c.p - a.p, ...c.x.map((v, j) => v - a.x[j])));
  }
  return longest;
};

describe('largestStep', () => {
  it('is the user-given dsMax on any range, and relative to the range at the default', () => {
    const user = { ...DEFAULT_CONTINUATION, dsMax: 1e-3, ds: 1e-4 };
    expect(largestStep(user, [0, 3])).toBe(1e-3);
    expect(largestStep(user, [-100, 200])).toBe(1e-3);
    expect(largestStep(DEFAULT_CONTINUATION, [0, 3])).toBeCloseTo(3 / STEPS_PER_RANGE, 15);
    expect(largestStep(DEFAULT_CONTINUATION, [-100, 200])).toBeCloseTo(300 / STEPS_PER_RANGE, 12);
    expect(largestStep(DEFAULT_CONTINUATION, [0, 1e-12])).toBe(DEFAULT_CONTINUATION.dsMin);
  });
});

describe('ik_nodim, g in [0, 3]: step size and point count', () => {
  it('honours a small user dsMax: halving it doubles the points and no step is longer', () => {
    const coarse = traceG({ dsMax: 0.01, ds: 0.005 });
    const fine = traceG({ dsMax: 0.005, ds: 0.0025 });
    // Away from the range ends and the start every step is at the cap, so the count is ~ length / dsMax.
    const ratio = fine.points.length / coarse.points.length;
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
    expect(longestChord(coarse)).toBeLessThanOrEqual(0.01 * (1 + 1e-4));
    expect(longestChord(fine)).toBeLessThanOrEqual(0.005 * (1 + 1e-4));
    // The curve's length is ~3.1, so dsMax = 0.005 needs several hundred points (the old rule capped them near 215).
    expect(fine.points.length).toBeGreaterThan(500);
  });

  it('gives a smooth curve with the defaults: steps of at most width / STEPS_PER_RANGE, 150-300 points', () => {
    const b = traceG();
    expect(longestChord(b)).toBeLessThanOrEqual((3 / STEPS_PER_RANGE) * (1 + 1e-4));
    expect(b.points.length).toBeGreaterThanOrEqual(150);
    expect(b.points.length).toBeLessThanOrEqual(300);
  });
});
