/**
 * rodas4: observed order on problems with known solutions (non-stiff and stiff), exactness on
 * polynomials, dense output, step control, singular iteration matrices, and the driver's promises
 * (input edges, blow-up, cancellation) for rodas4 and auto.
 */
import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../../../src-main/engine/compiled-model';
import { STEP_ACCEPTED, STEP_REJECTED } from '../../../../src-main/engine/ode/dopri5';
import { Rodas4Stepper } from '../../../../src-main/engine/ode/rodas4';
import { simulate } from '../../../../src-main/engine/simulate';
import type { InputSpec, SimulationResult } from '@shared/simulation/types';
import { decay, handModel, integrator, logSlope, oscillator, polynomialModel, protheroRobinson, quadratic, request, stiffLinear } from './models';

/** Integrates with N equal steps of size T/N (tolerances so loose that every step is accepted). */
function fixedSteps(model: CompiledModel, p: number[], y0: number[], T: number, N: number): Float64Array {
  const st = new Rodas4Stepper(model, { rtol: 1e30, atol: 1e30, h0: T / N });
  const pv = Float64Array.from(p);
  st.start(0, y0, pv);
  let steps = 0;
  while (st.t < T) {
    st.h = T / N;
    expect(st.step(pv, T)).toBe(STEP_ACCEPTED);
    steps++;
  }
  expect(steps).toBe(N);
  return st.y;
}

const K = 1e6;
const PROBLEMS = {
  'exponential decay': { model: decay, p: [1], y0: [1], T: 2, exact: (t: number) => [Math.exp(-t)] },
  'harmonic oscillator': { model: oscillator, p: [2], y0: [1, 0], T: 5, exact: (t: number) => [Math.cos(2 * t), -2 * Math.sin(2 * t)] },
  'stiff linear system (eigenvalues -1, -1e6)': {
    model: stiffLinear,
    p: [K],
    y0: [1, K / (K - 1)],
    T: 2,
    exact: (t: number) => [Math.exp(-t), (K / (K - 1)) * Math.exp(-t)],
  },
};

describe('rodas4 order of convergence', () => {
  it.each(Object.keys(PROBLEMS) as (keyof typeof PROBLEMS)[])('has order 4 on the %s', (name) => {
    const { model, p, y0, T, exact } = PROBLEMS[name];
    const Ns = [10, 20, 40, 80, 160];
    const errs = Ns.map((N) => {
      const y = fixedSteps(model, p, y0, T, N);
      return Math.max(...exact(T).map((v, i) => Math.abs(y[i] - v)));
    });
    const order = logSlope(
      Ns.map((N) => T / N),
      errs,
    );
    expect(order).toBeGreaterThan(3.8);
    expect(order).toBeLessThan(4.2);
  });

  it('stays accurate on the stiff Prothero-Robinson problem at h * lambda down to -2e5 (no stability limit)', () => {
    // y' = -1e6 (y - cos t) - sin t, y = cos t. An explicit method would need h < ~3e-6 here.
    for (const N of [10, 40, 160]) {
      const y = fixedSteps(protheroRobinson, [-1e6], [1, 0], 2, N);
      expect(Math.abs(y[0] - Math.cos(2))).toBeLessThan(1e-8);
    }
  });
});

describe('rodas4 exactness and dense output', () => {
  const one = (coef: number[], h: number, at: number[]) => {
    const st = new Rodas4Stepper(polynomialModel(coef), { rtol: 1e30, atol: 1e30, h0: h });
    const p = new Float64Array(0);
    st.start(0, [0, 0], p);
    expect(st.step(p, 100)).toBe(STEP_ACCEPTED);
    const out = new Float64Array(2);
    return { end: st.y[0], dense: at.map((s) => (st.dense(s * h, out), out[0])) };
  };

  it('integrates y = s^4 exactly in one step (order 4) but not y = s^6', () => {
    // (As a pure quadrature rule it is exact up to degree 5; the full order is 4, see the tableau test.)
    for (const h of [0.5, 1, 3]) expect(Math.abs(one([0, 0, 0, 4], h, []).end - h ** 4)).toBeLessThan(1e-13 * h ** 4);
    expect(Math.abs(one([0, 0, 0, 0, 0, 6], 1, []).end - 1)).toBeGreaterThan(1e-3);
  });

  it('its continuous extension is exact for y = s^3 (order 3) and ends on the step', () => {
    const at = [0, 0.2, 0.5, 0.9, 1];
    const cubic = one([0, 0, 3], 2, at);
    at.forEach((s, i) => expect(Math.abs(cubic.dense[i] - (2 * s) ** 3)).toBeLessThan(1e-13));
    const quartic = one([0, 0, 0, 4], 2, at);
    expect(quartic.dense[0]).toBe(0);
    expect(Math.abs(quartic.dense[4] - quartic.end)).toBeLessThan(1e-14);
    expect(Math.abs(quartic.dense[2] - 1)).toBeGreaterThan(1e-3);
  });

  it("dense output has local error O(h^4) inside a step of y' = -y", () => {
    const errAt = (h: number) => {
      const st = new Rodas4Stepper(decay, { rtol: 1e30, atol: 1e30, h0: h });
      const p = Float64Array.from([1]);
      st.start(0, [1], p);
      st.step(p, 100);
      const out = new Float64Array(1);
      let e = 0;
      for (const s of [0.2, 0.5, 0.8]) {
        st.dense(s * h, out);
        e = Math.max(e, Math.abs(out[0] - Math.exp(-s * h)));
      }
      return e;
    };
    const hs = [0.4, 0.2, 0.1, 0.05];
    const slope = logSlope(hs, hs.map(errAt));
    expect(slope).toBeGreaterThan(3.8);
    expect(slope).toBeLessThan(4.3);
  });
});

/** Max |x - cos(2 t)| of the oscillator over all samples. */
function oscillatorError(res: SimulationResult): number {
  let err = 0;
  for (let k = 0; k < res.t.length; k++) err = Math.max(err, Math.abs(res.columns[0][k] - Math.cos(2 * res.t[k])));
  return err;
}

describe('rodas4 step control', () => {
  it('global error follows the tolerance, also at samples between steps', () => {
    const tols = [1e-4, 1e-6, 1e-8, 1e-10];
    const runs = tols.map((tol) =>
      simulate(oscillator, request(oscillator, { method: 'rodas4', dt: 1e-3, tEnd: 10, sample: 1e-3, rtol: tol, atol: tol }, { params: { w: 2 } })),
    );
    const errs = runs.map(oscillatorError);
    errs.forEach((e, i) => expect(e).toBeLessThan(50 * tols[i]));
    expect(logSlope(tols, errs)).toBeGreaterThan(0.7);
    // most samples come from the dense output
    expect(runs[1].stats.steps * 5).toBeLessThan(runs[1].t.length);
  });

  it('counts one f(y0) per start, 5 evaluations per attempt and f(y1) per accepted step', () => {
    const res = simulate(oscillator, request(oscillator, { method: 'rodas4', dt: 1e-3, tEnd: 10, sample: 0.1, rtol: 1e-6, atol: 1e-8 }));
    const { steps, rejectedSteps, rhsEvaluations } = res.stats;
    expect(steps).toBeGreaterThan(10);
    expect(rhsEvaluations).toBe(1 + 5 * (steps + rejectedSteps) + steps);
    expect(res.message).toMatch(/^rodas4: [\d,]+ steps \(\d+ rejected\), 101 samples$/);
  });

  it('rejects a step whose iteration matrix I/(h gamma) - J is singular and goes on with a smaller one', () => {
    // y' = y^2 at y = 1: J = 2 and I/(h gamma) - J = 0 exactly for h = 2 (gamma = 1/4).
    const st = new Rodas4Stepper(quadratic, { rtol: 1e-8, atol: 1e-10, h0: 2 });
    const p = new Float64Array(0);
    st.start(0, [1], p);
    expect(st.step(p, 10)).toBe(STEP_REJECTED);
    expect(st.h).toBeLessThan(2);
    let guard = 0;
    while (st.t < 0.5 && guard++ < 1000) st.step(p, 0.5);
    expect(st.t).toBe(0.5);
    expect(Math.abs(st.y[0] - 2)).toBeLessThan(1e-7);
  });
});

/** y' = K (I - y): relaxes to the input within 1/K; exact y = I + (y_edge - I) exp(-K (t - edge)). */
const relax = handModel({
  name: 'relax',
  states: [['y', 0]],
  params: [['K', 1e4, 'positive']],
  inputs: [['I', 0]],
  rhs: (y, p, dy) => {
    dy[0] = p[0] * (p[1] - y[0]);
  },
  jacobian: (_y, p, out) => {
    out[0] = -p[0];
  },
});

describe.each(['rodas4', 'auto'] as const)('%s through the driver', (method) => {
  it("lands on every input change: y' = I integrates overlapping windows exactly", () => {
    const windows: InputSpec = {
      kind: 'schedule',
      baseline: 1,
      windows: [
        { start: 0.3, stop: 0.9, value: 3 },
        { start: 0.5, stop: 0.7, value: -5 },
      ],
    };
    const res = simulate(integrator, request(integrator, { method, dt: 0.01, tEnd: 2, sample: 0.05, rtol: 1e-3, atol: 1e-6 }, { inputs: { I: windows } }));
    expect(res.status).toBe('ok');
    const breaks = [0, 0.3, 0.5, 0.7, 0.9, 2];
    const values = [1, 3, -5, 3, 1];
    for (let k = 0; k < res.t.length; k++) {
      let exact = 0;
      for (let i = 0; i < values.length; i++) exact += values[i] * Math.max(0, Math.min(breaks[i + 1], res.t[k]) - breaks[i]);
      expect(Math.abs(res.columns[0][k] - exact)).toBeLessThan(1e-12);
    }
  });

  it('follows a stiff relaxation through input jumps (K = 1e4, jumps at 0.25 and 0.6)', () => {
    const input: InputSpec = { kind: 'schedule', baseline: 1, windows: [{ start: 0.25, stop: 0.6, value: -2 }] };
    const res = simulate(relax, request(relax, { method, dt: 1e-3, tEnd: 1, sample: 0.01, rtol: 1e-6, atol: 1e-9 }, { inputs: { I: input } }));
    expect(res.status).toBe('ok');
    const exact = (t: number): number => {
      const k = 1e4;
      const y1 = 1 - Math.exp(-k * Math.min(t, 0.25));
      if (t <= 0.25) return y1;
      const y2 = -2 + (y1 + 2) * Math.exp(-k * (Math.min(t, 0.6) - 0.25));
      if (t <= 0.6) return y2;
      return 1 + (y2 - 1) * Math.exp(-k * (t - 0.6));
    };
    let err = 0;
    for (let k = 0; k < res.t.length; k++) err = Math.max(err, Math.abs(res.columns[0][k] - exact(res.t[k])));
    expect(err).toBeLessThan(1e-6);
    expect(res.stats.steps).toBeLessThan(500);
  });

  it("reports a blow-up as a step-size underflow at the singularity of y' = y^2", () => {
    const res = simulate(quadratic, request(quadratic, { method, dt: 1e-3, tEnd: 3, sample: 0.01, rtol: 1e-6, atol: 1e-9 }));
    expect(res.status).toBe('blowup');
    expect(res.blowup?.variable).toBe('y');
    expect(Math.abs((res.blowup?.t as number) - 1)).toBeLessThan(1e-3);
    expect(res.message).toMatch(method === 'auto' ? /^auto \((dopri5|rodas4)\) step size underflow at t = / : /^rodas4 step size underflow at t = /);
    expect(res.message).toContain('y cannot be followed to rtol = 0.000001, atol = 1e-9');
    let err = 0;
    for (let k = 0; k < res.t.length && res.t[k] <= 0.99; k++) err = Math.max(err, Math.abs(res.columns[0][k] * (1 - res.t[k]) - 1));
    expect(err).toBeLessThan(1e-4);
  });
});
