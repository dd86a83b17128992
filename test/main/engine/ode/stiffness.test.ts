/**
 * Stiff runs of ik_nodim (tau = 1e-6: r and v relax within ~1e-7 while u and s move on times of
 * order 1) with rodas4 and auto, against references computed here by other means: dopri5 at a tight
 * tolerance on a short run (through the initial layer, where it still finishes), and rodas4 at a
 * tolerance 1e4 times tighter on the full run. Plus auto's switching: to rodas4 on this case, never
 * on the non-stiff seed scenario, and back to dopri5 once a problem stops being stiff.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import type { Method, SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { compileModel } from '../../../../src-main/engine/compile';
import { AutoStepper } from '../../../../src-main/engine/ode/stiffness';
import { STEP_ACCEPTED } from '../../../../src-main/engine/ode/dopri5';
import { simulate } from '../../../../src-main/engine/simulate';
import { handModel, reciprocal, request } from './models';

const model = compileModel(getTemplate('ik_nodim') as ModelDef);

function stiff(method: Method, tEnd: number, sample: number, rtol: number, atol: number): SimulationRequest {
  return {
    model: 'ik_nodim',
    params: { tau: 1e-6 },
    initial: {},
    inputs: {},
    solver: { method, dt: Math.min(0.1, sample), tEnd, sample, cutoff: 0, rtol, atol },
  };
}

/** max over samples and variables of |a - b| / (1 + |b|). */
function maxRelDiff(a: SimulationResult, b: SimulationResult): number {
  expect(a.t).toEqual(b.t);
  let d = 0;
  a.columns.forEach((col, i) => {
    for (let k = 0; k < col.length; k++) d = Math.max(d, Math.abs(col[k] - b.columns[i][k]) / (1 + Math.abs(b.columns[i][k])));
  });
  return d;
}

describe('ik_nodim at tau = 1e-6 (stiff)', () => {
  it('rodas4 and auto agree with dopri5 through the initial layer (t <= 0.01)', () => {
    const ref = simulate(model, stiff('dopri5', 0.01, 1e-4, 1e-10, 1e-10));
    expect(ref.status).toBe('ok');
    expect(ref.stats.steps).toBeGreaterThan(5000); // dopri5 is held down by stability here (about 8,000)
    for (const method of ['rodas4', 'auto'] as const) {
      const res = simulate(model, stiff(method, 0.01, 1e-4, 1e-8, 1e-10));
      expect(res.status).toBe('ok');
      expect(maxRelDiff(res, ref)).toBeLessThan(1e-7); // measured 8e-9
    }
  });

  it('rodas4 over t = 0..10 takes few steps and matches a run at a 1e4 times tighter tolerance', () => {
    const res = simulate(model, stiff('rodas4', 10, 0.1, 1e-6, 1e-9));
    const ref = simulate(model, stiff('rodas4', 10, 0.1, 1e-10, 1e-13));
    expect(res.status).toBe('ok');
    expect(ref.status).toBe('ok');
    // dopri5 needs about 44 million steps for this run (its step is capped near 3.3 / |lambda|).
    expect(res.stats.steps).toBeLessThan(1e3);
    expect(maxRelDiff(res, ref)).toBeLessThan(1e-5); // measured 8e-7
    // the values are those of a real transient (not a trivial rest state)
    const r = res.columns[0];
    expect(r[10]).toBeGreaterThan(100);
    expect(r[100]).toBeLessThan(r[10]);
  });

  it('at the default tolerances rodas4 finishes in under 1e4 steps, and so does auto after switching', () => {
    const rodas = simulate(model, stiff('rodas4', 10, 0.1, 1e-3, 1e-6));
    const auto = simulate(model, stiff('auto', 10, 0.1, 1e-3, 1e-6));
    const ref = simulate(model, stiff('rodas4', 10, 0.1, 1e-10, 1e-13));
    for (const res of [rodas, auto]) {
      expect(res.status).toBe('ok');
      expect(res.stats.steps).toBeLessThan(1e4);
      expect(maxRelDiff(res, ref)).toBeLessThan(2e-3); // measured 2.5e-4 for both
    }
    expect(auto.message).toMatch(/^auto: dopri5, switched to rodas4 at t = \d\.\d+e-\d|^auto: dopri5, switched to rodas4 at t = 0\.0\d*/);
    expect(auto.message).toMatch(/\(dopri5 \d+ steps, rodas4 \d+ steps\)/);
  });
});

describe('auto', () => {
  // At rtol 1e-3 the seed scenario is mildly stiff for dopri5 (steps of ~5 time units hit its
  // stability boundary: 197 steps, 33 rejected, for g = 0.5), and auto rightly switches there.
  it.each([
    [0.5, 1e-6],
    [1.5, 1e-6],
    [0.5, 1e-8],
    [1.5, 1e-8],
  ])("stays with dopri5 on the seed scenario (g = %s, rtol = %s), giving dopri5's numbers", (g, rtol) => {
    const seed = (method: Method): SimulationRequest => ({
      model: 'ik_nodim',
      params: { g },
      initial: {},
      inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
      solver: { method, dt: 5e-4, tEnd: 1000, sample: 0.1, cutoff: 0, rtol, atol: rtol / 100 },
    });
    const auto = simulate(model, seed('auto'));
    const dopri = simulate(model, seed('dopri5'));
    expect(auto.message).toMatch(/^auto: dopri5 throughout \(no stiffness detected\); /);
    expect(auto.stats.steps).toBe(dopri.stats.steps);
    expect(maxRelDiff(auto, dopri)).toBe(0);
  });

  it('switches to rodas4 when a problem becomes stiff and back when it stops being stiff', () => {
    // x' = -k(t) x with k = 1 on [0, 5), 1e5 on [5, 10), 1 on [10, 20): stiff only in the middle.
    const piecewise = handModel({
      name: 'piecewise',
      states: [
        ['x', 1],
        ['y', 1],
      ],
      inputs: [['k', 1]],
      rhs: (y, p, dy) => {
        dy[0] = -p[0] * (y[0] - Math.cos(y[1]));
        dy[1] = 1;
      },
      jacobian: (y, p, out) => {
        out[0] = -p[0];
        out[1] = -p[0] * Math.sin(y[1]);
        out[2] = 0;
        out[3] = 0;
      },
    });
    const k = { kind: 'schedule' as const, baseline: 1, windows: [{ start: 5, stop: 10, value: 1e5 }] };
    const res = simulate(piecewise, request(piecewise, { method: 'auto', dt: 1e-3, tEnd: 20, sample: 0.1, rtol: 1e-6, atol: 1e-9 }, { inputs: { k } }));
    expect(res.status).toBe('ok');
    const m = /switched 2 times: to rodas4 at t = ([\d.e-]+), to dopri5 at t = ([\d.e-]+)/.exec(res.message);
    expect(m).not.toBeNull();
    const [toStiff, toNonStiff] = [Number(m![1]), Number(m![2])];
    expect(toStiff).toBeGreaterThanOrEqual(5);
    expect(toStiff).toBeLessThan(5.1);
    expect(toNonStiff).toBeGreaterThanOrEqual(10);
    expect(toNonStiff).toBeLessThan(12);
    expect(res.stats.steps).toBeLessThan(2000);
  });

  it('hands the dense output of each step to the method that made it', () => {
    const st = new AutoStepper(model, { rtol: 1e-6, atol: 1e-9, h0: 1e-3 });
    const p = Float64Array.from(model.paramNames, (name) => {
      const def = model.def.params.find((q) => q.name === name);
      return name === 'tau' ? 1e-6 : (def?.default ?? 0);
    });
    st.start(0, [0, 0, 0, 0], p);
    const out = new Float64Array(4);
    let guard = 0;
    let prevT = 0;
    const prevY = new Float64Array(4);
    while (st.current === 'dopri5' && guard++ < 100000) {
      prevT = st.t;
      prevY.set(st.y);
      if (st.step(p, 1) === STEP_ACCEPTED) {
        // dense output at the start of the step just taken is its initial state
        st.dense(prevT, out);
        for (let i = 0; i < 4; i++) expect(out[i]).toBe(prevY[i]);
      }
    }
    expect(st.current).toBe('rodas4');
    expect(st.switchCount).toBe(0); // decided, made on the next step
    st.step(p, 1);
    expect(st.switchCount).toBe(1);
    expect(st.switches[0].to).toBe('rodas4');
  });
});

describe.each(['rodas4', 'auto'] as const)('%s failures', (method) => {
  it('a non-finite slope at the initial state stops at t = 0', () => {
    const res = simulate(reciprocal, request(reciprocal, { method, dt: 0.01, tEnd: 1, sample: 0.1 }));
    expect(res.status).toBe('blowup');
    expect(res.blowup).toEqual({ t: 0, variable: 'y' });
    expect(res.message).toContain("right-hand side of y' is not finite at the initial state");
  });
});
