/**
 * The warm-up of the collocation kernels (src-main/engine/cycles/warm-up.ts, run by an engine
 * worker before its first cycle job): it runs until told to stop or out of time, and nothing a
 * later trace computes depends on it (the same family, bit for bit, in a thread that warmed up on
 * another parameter and other values first).
 */
import { describe, expect, it } from 'vitest';
import { warmCycleRequest } from '../../../../src-main/engine/run-cycle-request';
import { warmCycleKernels } from '../../../../src-main/engine/cycles/warm-up';
import { traceCycles, type CycleRequest } from '../../../../src-main/engine/cycles/trace-cycles';
import { ikNodimHb1 } from '../fixtures/ik-nodim-hb1';

describe('warming the collocation kernels', () => {
  const { model, hb } = ikNodimHb1();
  const req: CycleRequest = { param: 'g', values: { I_ext: 0.15 }, start: { x: hb.x, p: hb.p, omega: hb.omega! }, bounds: [0, 3], ntst: 30 };
  const params = [...model.def.params, ...model.def.inputs].map((q) => q.default);

  it('stops between rounds when told to, and when its time is up', () => {
    expect(warmCycleKernels(model, model.paramNames.indexOf('g'), params, () => true, 10_000)).toBe(0);
    let calls = 0;
    expect(warmCycleKernels(model, model.paramNames.indexOf('g'), params, () => ++calls > 2, 10_000)).toBe(2);
    // Never told to stop: the time budget ends it (after at least one round).
    expect(warmCycleKernels(model, model.paramNames.indexOf('eta'), params, () => false, 30)).toBeGreaterThanOrEqual(1);
  });

  it('leaves every later result as it was, bit for bit', () => {
    const before = traceCycles(model, req);
    warmCycleKernels(
      model,
      model.paramNames.indexOf('eta'),
      params.map((v) => v * 1.1),
      () => false,
      50,
    );
    const after = traceCycles(model, req);
    expect(after.points.length).toBe(before.points.length);
    expect(after.iterations).toBe(before.iterations);
    for (let i = 0; i < before.points.length; i++) {
      expect(after.points[i].p).toBe(before.points[i].p);
      expect(after.points[i].period).toBe(before.points[i].period);
      expect(after.points[i].multipliers).toEqual(before.points[i].multipliers);
      expect(Array.from(after.points[i].orbit)).toEqual(Array.from(before.points[i].orbit));
    }
    expect(after.special.map((s) => [s.kind, s.point.p])).toEqual(before.special.map((s) => [s.kind, s.point.p]));
  });

  it('does nothing for a request without a known model or parameter, and never throws', () => {
    let polled = 0;
    const stop = () => (++polled, true);
    for (const r of [null, 3, {}, { model: 'nope', param: 'g' }, { model: 'ik_nodim', param: 'nope' }, { model: 'ik_nodim' }]) warmCycleRequest(r, stop);
    expect(polled).toBe(0);
    warmCycleRequest({ model: 'ik_nodim', param: 'g', values: { I_ext: 'x', eta: Infinity } }, stop);
    expect(polled).toBe(1);
  });
});
