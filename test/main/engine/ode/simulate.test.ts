/**
 * The driver: sample grid, cutoff, blow-up, cancellation, progress, refusal of invalid requests.
 */
import { describe, expect, it } from 'vitest';
import { SimulationRequestError, simulate } from '../../../../src-main/engine/simulate';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { decay, oscillator, quadratic, reciprocal, request } from './models';

/** Every column as long as t, t strictly increasing, all values finite. */
function expectConsistent(res: SimulationResult) {
  expect(res.columns.length).toBe(res.names.length);
  for (const c of res.columns) expect(c.length).toBe(res.t.length);
  let increasing = true;
  for (let k = 1; k < res.t.length; k++) increasing &&= res.t[k] > res.t[k - 1];
  expect(increasing).toBe(true);
  expect(res.columns.every((c) => c.every(Number.isFinite))).toBe(true);
}

/** Largest |column[k] - exact(t_k)| (relative when `relative`). */
function maxError(res: SimulationResult, exact: (t: number) => number, relative = false, until = Infinity): number {
  let err = 0;
  for (let k = 0; k < res.t.length && res.t[k] <= until; k++) {
    const e = exact(res.t[k]);
    err = Math.max(err, Math.abs(res.columns[0][k] - e) / (relative ? Math.abs(e) : 1));
  }
  return err;
}

describe('sampling', () => {
  it.each(['euler', 'rk4', 'dopri5'] as const)('%s samples at t_k = k*sample, cutoff dropping t < cutoff', (method) => {
    const res = simulate(decay, request(decay, { method, dt: 0.001, tEnd: 10, sample: 0.1, cutoff: 2.5, rtol: 1e-8, atol: 1e-10 }));
    expect(res.status).toBe('ok');
    expect(res.t.length).toBe(76); // k = 25..100
    res.t.forEach((t, i) => expect(t).toBe((25 + i) / 10)); // k*0.1 rounded once: 0.7, not 0.7000000000000001
    expectConsistent(res);
    const tol = method === 'euler' ? 1e-3 : 1e-5;
    expect(maxError(res, (t) => Math.exp(-t))).toBeLessThan(tol);
  });

  it('includes t = T only when T is a multiple of the sample step', () => {
    const res = simulate(decay, request(decay, { method: 'rk4', dt: 0.01, tEnd: 1.05, sample: 0.1 }));
    expect(res.t.length).toBe(11);
    expect(res.t[10]).toBe(1);
  });

  it('names the state variables in model order', () => {
    const res = simulate(oscillator, request(oscillator, { method: 'rk4', dt: 0.01, tEnd: 1, sample: 0.5 }));
    expect(res.names).toEqual(['x', 'v']);
  });

  it('refuses an invalid request before any work, naming the field', () => {
    let err: unknown;
    try {
      simulate(decay, request(decay, { method: 'rk4', dt: -1, tEnd: 1, sample: 0.5 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimulationRequestError);
    expect((err as SimulationRequestError).issues.map((i) => i.field)).toContain('solver.dt');
  });
});

describe('blow-up', () => {
  it.each(['euler', 'rk4'] as const)("%s stops at the first non-finite state of y' = y^2, keeping what came before", (method) => {
    const dt = 1e-3;
    const res = simulate(quadratic, request(quadratic, { method, dt, tEnd: 3, sample: 0.01 }));
    expect(res.status).toBe('blowup');
    expect(res.blowup?.variable).toBe('y');
    const t = res.blowup?.t as number;
    expect(t).toBeGreaterThan(1);
    expect(t).toBeLessThan(1.1);
    expect(Math.abs(t / dt - Math.round(t / dt))).toBeLessThan(1e-6);
    expect(res.message).toMatch(/^Integration blew up: y became non-finite at t = 1\.\d+ \(try a smaller dt/);
    expectConsistent(res);
    expect(res.t.length).toBeGreaterThan(90);
    expect(res.t[res.t.length - 1]).toBeLessThanOrEqual(t);
    // the data before the blow-up is the solution 1/(1 - t)
    expect(maxError(res, (s) => 1 / (1 - s), true, 0.9)).toBeLessThan(method === 'euler' ? 0.05 : 1e-6);
  });

  it('dopri5 stops with a step-size underflow at the singularity at t = 1', () => {
    const res = simulate(quadratic, request(quadratic, { method: 'dopri5', dt: 1e-3, tEnd: 3, sample: 0.01, rtol: 1e-6, atol: 1e-9 }));
    expect(res.status).toBe('blowup');
    expect(res.blowup?.variable).toBe('y');
    expect(Math.abs((res.blowup?.t as number) - 1)).toBeLessThan(1e-3);
    expect(res.message).toMatch(/^dopri5 step size underflow at t = (0\.9{5}|1\.0{5})\d*: y cannot be followed/);
    expectConsistent(res);
    expect(res.t.length).toBeGreaterThanOrEqual(100); // t = 0 .. 0.99 (and 1 if a step passed it)
    expect(maxError(res, (s) => 1 / (1 - s), true, 0.99)).toBeLessThan(1e-4);
  });

  it.each(['euler', 'rk4', 'dopri5', 'rodas4', 'auto'] as const)('%s blames the variable that overflowed, not one that became NaN through it', (method) => {
    // ik_nodim with Delta = 0 and v(0) = 10: v runs off to infinity while r = 0 * infinity turns NaN.
    const model = compileModel(getTemplate('ik_nodim')!);
    const req: SimulationRequest = {
      model: 'ik_nodim',
      params: { Delta: 0 },
      initial: { v: 10 },
      inputs: {},
      solver: { method, dt: 0.01, tEnd: 5, sample: 0.01, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
    };
    const res = simulate(model, req);
    expect(res.status).toBe('blowup');
    expect(res.blowup?.variable).toBe('v');
    expect(res.message).toContain('v ');
  });

  it('a non-finite slope at the initial state stops at t = 0 with a clear message', () => {
    for (const method of ['rk4', 'dopri5'] as const) {
      const res = simulate(reciprocal, request(reciprocal, { method, dt: 0.01, tEnd: 1, sample: 0.1 }));
      expect(res.status).toBe('blowup');
      expect(res.blowup).toEqual({ t: 0, variable: 'y' });
      expect(res.message).toContain("right-hand side of y' is not finite at the initial state");
      expect(res.t.length).toBe(1);
      expect(res.columns[0][0]).toBe(0);
    }
  });
});

describe('cancellation and progress', () => {
  it.each(['rk4', 'dopri5', 'rodas4', 'auto'] as const)('%s: a cancel mid-run returns the samples so far with status cancelled', (method) => {
    let polls = 0;
    const fractions: number[] = [];
    const res = simulate(oscillator, request(oscillator, { method, dt: 1e-3, tEnd: 1e4, sample: 0.01, rtol: 1e-10, atol: 1e-12 }), {
      onProgress: (f) => fractions.push(f),
      isCancelled: () => ++polls >= 5,
    });
    expect(res.status).toBe('cancelled');
    expect(res.message).toMatch(/^Cancelled at t = /);
    expectConsistent(res);
    expect(res.t.length).toBeGreaterThan(10);
    expect(res.t.length).toBeLessThan(1e6);
    expect(fractions.length).toBe(5);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]);
    // what was kept is right
    expect(maxError(res, Math.cos)).toBeLessThan(1e-6);
  });

  it('reports progress about every 1/200 of a run, ending at 1', () => {
    const fractions: number[] = [];
    simulate(decay, request(decay, { method: 'euler', dt: 1e-4, tEnd: 10, sample: 0.1 }), { onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThanOrEqual(195);
    expect(fractions.length).toBeLessThanOrEqual(205);
    expect(fractions[fractions.length - 1]).toBe(1);
    // and at least every 2^14 steps on a long run
    const long: number[] = [];
    simulate(decay, request(decay, { method: 'euler', dt: 1e-4, tEnd: 1000, sample: 1 }), { onProgress: (f) => long.push(f) });
    expect(long.length).toBeGreaterThanOrEqual(1e7 / 2 ** 14 - 1);
  });
});
