/**
 * Fixed-step methods: observed order of convergence on problems with known solutions (through the
 * whole driver), and the hand-specialised loops against the generic tableau stepper.
 */
import { describe, expect, it } from 'vitest';
import { EulerStepper, ExplicitRkStepper, Rk4Stepper, fixedStepper } from '../../../../src-main/engine/ode/fixed-step';
import { EULER, RK4 } from '../../../../src-main/engine/ode/tableau';
import { simulate } from '../../../../src-main/engine/simulate';
import { decay, logSlope, oscillator, quadratic, request } from './models';

/** Error at t = T of a run with step dt (sample = T, so the last sample is y(T)). */
function finalError(method: 'euler' | 'rk4', problem: 'decay' | 'oscillator', dt: number): number {
  const T = problem === 'decay' ? 2 : 5;
  if (problem === 'decay') {
    const k = 1.3;
    const res = simulate(decay, request(decay, { method, dt, tEnd: T, sample: T }, { params: { k } }));
    expect(res.status).toBe('ok');
    expect(res.t.length).toBe(2);
    return Math.abs(res.columns[0][1] - Math.exp(-k * T));
  }
  const w = 2;
  const res = simulate(oscillator, request(oscillator, { method, dt, tEnd: T, sample: T }, { params: { w } }));
  return Math.hypot(res.columns[0][1] - Math.cos(w * T), res.columns[1][1] + w * Math.sin(w * T));
}

describe('observed order of convergence', () => {
  const cases = [
    { method: 'euler', order: 1, dts: [1 / 100, 1 / 200, 1 / 400, 1 / 800, 1 / 1600] },
    { method: 'rk4', order: 4, dts: [1 / 10, 1 / 20, 1 / 40, 1 / 80, 1 / 160] },
  ] as const;
  for (const { method, order, dts } of cases) {
    for (const problem of ['decay', 'oscillator'] as const) {
      it(`${method} has order ${order} on ${problem}`, () => {
        const errs = dts.map((dt) => finalError(method, problem, dt));
        const slope = logSlope(dts as unknown as number[], errs);
        expect(Math.abs(slope - order)).toBeLessThan(0.15);
        // and the errors are small in absolute terms at the finest step
        expect(errs[errs.length - 1]).toBeLessThan(method === 'euler' ? 1e-2 : 1e-8);
      });
    }
  }
});

describe('specialised steppers', () => {
  const y0 = [0.7, -0.2];
  const p = Float64Array.from([1.7]);
  const run = (stepper: { step(y: Float64Array, p: Float64Array, h: number): void }, steps: number) => {
    const y = Float64Array.from(y0);
    for (let i = 0; i < steps; i++) stepper.step(y, p, 0.01);
    return y;
  };

  it('Euler and RK4 loops give the numbers of the generic tableau stepper', () => {
    const pairs = [
      [new EulerStepper(oscillator), new ExplicitRkStepper(oscillator, EULER)],
      [new Rk4Stepper(oscillator), new ExplicitRkStepper(oscillator, RK4)],
    ] as const;
    for (const [special, generic] of pairs) {
      const a = run(special, 500);
      const b = run(generic, 500);
      for (let i = 0; i < 2; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-13);
    }
  });

  it('advance(count) equals count single steps, and fixedStepper picks the method', () => {
    for (const method of ['euler', 'rk4'] as const) {
      const s = fixedStepper(oscillator, method);
      expect(s.rhsPerStep).toBe(method === 'euler' ? 1 : 4);
      const y = Float64Array.from(y0);
      s.advance(y, p, 0.01, 300);
      expect([...y]).toEqual([...run(s, 300)]);
    }
  });

  it('uses a model’s fused kernel when it has one', () => {
    let calls = 0;
    const model = {
      ...oscillator,
      rk4Steps(y: Float64Array, q: Float64Array, h: number, count: number) {
        calls += count;
        const inner = new Rk4Stepper(oscillator);
        for (let i = 0; i < count; i++) inner.step(y, q, h);
      },
    };
    const res = simulate(model, request(model, { method: 'rk4', dt: 0.01, tEnd: 1, sample: 0.1 }));
    expect(res.status).toBe('ok');
    expect(calls).toBe(100);
    expect(Math.abs(res.columns[0][10] - Math.cos(1))).toBeLessThan(1e-9);
    calls = 0;
    fixedStepper(model, 'rk4', { fused: false }).advance(Float64Array.from(y0), p, 0.01, 5);
    expect(calls).toBe(0);
  });

  it('finds the exact blow-up step inside a fused chunk', () => {
    const fused = {
      ...quadratic,
      eulerSteps(y: Float64Array, q: Float64Array, h: number, count: number) {
        new EulerStepper(quadratic).advance(y, q, h, count);
      },
    };
    const req = request(quadratic, { method: 'euler', dt: 1e-3, tEnd: 3, sample: 0.5 });
    const a = simulate(fused, req);
    const b = simulate(quadratic, req);
    expect(a.status).toBe('blowup');
    expect(a.blowup).toEqual(b.blowup);
    expect(a.stats.steps).toBe(b.stats.steps);
    expect(Math.round((a.blowup?.t as number) / 1e-3)).toBe(a.stats.steps);
  });
});
