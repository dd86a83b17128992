/**
 * dopri5: global error against the tolerance, dense output between steps, step control counters.
 */
import { describe, expect, it } from 'vitest';
import { Dopri5Stepper, STEP_ACCEPTED } from '../../../../src-main/engine/ode/dopri5';
import { simulate } from '../../../../src-main/engine/simulate';
import { decay, logSlope, oscillator, request } from './models';

const W = 2;
const T = 10;

/** Max error over all samples of the oscillator x = cos(W t), v = -W sin(W t). */
function oscillatorError(rtol: number, atol: number, sample: number) {
  const res = simulate(oscillator, request(oscillator, { method: 'dopri5', dt: 1e-3, tEnd: T, sample, rtol, atol }, { params: { w: W } }));
  expect(res.status).toBe('ok');
  let err = 0;
  for (let k = 0; k < res.t.length; k++) {
    const t = res.t[k];
    err = Math.max(err, Math.abs(res.columns[0][k] - Math.cos(W * t)), Math.abs(res.columns[1][k] + W * Math.sin(W * t)));
  }
  return { err, res };
}

describe('dopri5', () => {
  it('global error falls with the tolerance (slope about 1 in log-log)', () => {
    const tols = [1e-4, 1e-6, 1e-8, 1e-10];
    const errs = tols.map((tol) => oscillatorError(tol, tol, T).err);
    const slope = logSlope(tols, errs);
    expect(slope).toBeGreaterThan(0.7);
    expect(slope).toBeLessThan(1.2);
    errs.forEach((e, i) => expect(e).toBeLessThan(20 * tols[i]));
  });

  it('at rtol 1e-8 the error is within a small multiple of the tolerance, also between steps', () => {
    // Samples every 0.001 while steps are far longer: nearly all samples come from dense output.
    const { err, res } = oscillatorError(1e-8, 1e-10, 1e-3);
    expect(res.t.length).toBe(10001);
    expect(res.stats.steps * 20).toBeLessThan(res.t.length);
    expect(err).toBeLessThan(2e-7);
  });

  it('dense output is fourth-order accurate inside a single step', () => {
    // One step of y' = -y from y = 1 with tolerances so loose that the whole step is accepted.
    const p = Float64Array.from([1]);
    const errAt = (h: number) => {
      const s = new Dopri5Stepper(decay, { rtol: 1, atol: 1, h0: h });
      s.start(0, [1], p);
      expect(s.step(p, 100)).toBe(STEP_ACCEPTED);
      const out = new Float64Array(1);
      let e = 0;
      for (const theta of [0.2, 0.5, 0.8]) {
        s.dense(theta * h, out);
        e = Math.max(e, Math.abs(out[0] - Math.exp(-theta * h)));
      }
      // end points are exact copies of the step's ends
      s.dense(0, out);
      expect(out[0]).toBe(1);
      s.dense(h, out);
      expect(Math.abs(out[0] - s.y[0])).toBeLessThan(1e-15);
      return e;
    };
    const hs = [0.4, 0.2, 0.1, 0.05];
    const errs = hs.map(errAt);
    // local error of an order-4 interpolant: O(h^5)
    expect(logSlope(hs, errs)).toBeGreaterThan(4.6);
  });

  it('counts accepted and rejected steps and right-hand-side evaluations (FSAL: 6 per attempt)', () => {
    const { res } = oscillatorError(1e-6, 1e-8, 0.1);
    const { steps, rejectedSteps, rhsEvaluations } = res.stats;
    expect(steps).toBeGreaterThan(10);
    expect(rhsEvaluations).toBe(1 + 6 * (steps + rejectedSteps));
  });

  it('grows a tiny first step instead of crawling', () => {
    const res = simulate(decay, request(decay, { method: 'dopri5', dt: 1e-9, tEnd: 10, sample: 1, rtol: 1e-6, atol: 1e-9 }));
    expect(res.status).toBe('ok');
    expect(res.stats.steps).toBeLessThan(200);
    for (let k = 0; k < res.t.length; k++) expect(Math.abs(res.columns[0][k] - Math.exp(-res.t[k]))).toBeLessThan(1e-6);
  });
});
