/**
 * Time-grid arithmetic and request defaults.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { defaultRequest, resolveRequest } from '@shared/simulation/defaults';
import { gridIndex, isMultiple, sampleGrid, sampleStride, sampleTime, stepsToCover } from '@shared/simulation/grid';
import { DEFAULT_SOLVER } from '@shared/simulation/types';

describe('grid', () => {
  it('rounds times within 1e-9 relative of a grid point and rounds others up', () => {
    expect(gridIndex(400, 5e-4)).toBe(800_000);
    expect(gridIndex(600, 5e-4)).toBe(1_200_000);
    expect(gridIndex(0.07, 0.01)).toBe(7); // 7.000000000000001
    expect(gridIndex(0.3, 0.1)).toBe(3); // 2.9999999999999996
    expect(gridIndex(0.3, 0.125)).toBe(3); // 2.4
    expect(gridIndex(0.25, 0.125)).toBe(2);
    expect(gridIndex(0, 0.1)).toBe(0);
    expect(isMultiple(0.3, 0.1)).toBe(true);
    expect(isMultiple(0.0012, 5e-4)).toBe(false);
  });

  it('lists the samples k*sample up to tEnd, dropping those before the cutoff', () => {
    expect(sampleGrid({ tEnd: 1000, sample: 0.01, cutoff: 0 })).toEqual({ kFirst: 0, kLast: 100_000, count: 100_001, tStop: 1000 });
    expect(sampleGrid({ tEnd: 1.05, sample: 0.1, cutoff: 0.3 })).toMatchObject({ kFirst: 3, kLast: 10, count: 8 });
    expect(sampleGrid({ tEnd: 1, sample: 0.1, cutoff: 2 }).count).toBe(0);
  });

  it('gives sample times rounded once from the exact k*sample', () => {
    expect(sampleTime(0.1, 7)).toBe(0.7);
    expect(sampleTime(0.01, 7)).toBe(0.07);
    expect(sampleTime(0.01, 99_999)).toBe(999.99);
    expect(sampleTime(0.1, 3)).toBe(0.3);
    // not the reciprocal of an integer: plain k*sample
    expect(sampleTime(0.3, 3)).toBe(3 * 0.3);
    expect(sampleTime(2.5, 4)).toBe(10);
    for (let k = 0; k < 2000; k++) expect(Math.abs(sampleTime(0.001, k) - k * 0.001)).toBeLessThanOrEqual(2 * Number.EPSILON * k * 0.001);
  });

  it('counts the steps of a run', () => {
    expect(sampleStride(DEFAULT_SOLVER)).toBe(20);
    expect(stepsToCover(DEFAULT_SOLVER)).toBe(2_000_000);
    expect(stepsToCover({ ...DEFAULT_SOLVER, method: 'dopri5', tEnd: 1.05, sample: 0.1, dt: 0.03 })).toBe(34); // to t = 1
  });
});

describe('defaults', () => {
  const def = getTemplate('ik_nodim') as ModelDef;

  it('fills unnamed values from the model, in model order', () => {
    const req = defaultRequest(def, { method: 'dopri5' });
    expect(req.solver).toEqual({ ...DEFAULT_SOLVER, method: 'dopri5' });
    req.params.g = 1.5;
    req.initial.v = -0.5;
    const r = resolveRequest(req, def);
    expect(r.params).toEqual(def.params.map((p) => (p.name === 'g' ? 1.5 : p.default)));
    expect(r.initial).toEqual(def.states.map((s) => (s.name === 'v' ? -0.5 : s.initial)));
    expect(r.inputs).toEqual([{ kind: 'schedule', baseline: 0, windows: [] }]);
  });
});
