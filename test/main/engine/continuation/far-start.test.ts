/**
 * Starts far from where the model comes to rest quickly (ik_nodim at eta = 1e3 and 1e6, where the
 * simulation oscillates with periods of 1e-3..1e-1): the start is found by continuing the steady
 * state from the parameter's default, it is the physical steady state (checked against an
 * independent 1-D root solve), and the message says how it was found. On the old code the search
 * simulated for ~100 s and the trace from eta = 1e6 stalled there (36 points, "turns too sharply").
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { trace } from './tiny-models';

const def = getTemplate('ik_nodim')!;
const model = compileModel(def);
const P = Object.fromEntries(def.params.map((q) => [q.name, q.default]));

/** G(r) = tau v' at the point with r' = u' = s' = 0 (v, u, s as functions of r > 0), at eta + I. */
function reduced(eta: number) {
  const { Delta, tau, alpha, g, E_r, b, a, d, tau_s, J } = P;
  const state = (r: number) => {
    const s = tau_s * J * r;
    const v = (alpha + g * s * tau - Delta / (Math.PI * tau * r)) / 2;
    const u = b * v + (d * r) / a;
    return { r, v, u, s };
  };
  const G = (r: number) => {
    const { v, u, s } = state(r);
    return v * v - alpha * v + eta - u + g * s * tau * (E_r - v) - (Math.PI * tau * r) ** 2;
  };
  return { state, G };
}

/** Every root r > 0 of G on a fine logarithmic grid over [1e-8, 1e6], refined by bisection. */
function physicalSteadyStates(eta: number) {
  const { state, G } = reduced(eta);
  const roots: number[] = [];
  let r0 = 1e-8;
  let g0 = G(r0);
  for (let i = 1; i <= 14000; i++) {
    const r1 = 1e-8 * 10 ** (i / 1000);
    const g1 = G(r1);
    if (g0 * g1 <= 0) {
      let lo = r0;
      let hi = r1;
      for (let k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
        const mid = 0.5 * (lo + hi);
        if (G(mid) * G(lo) <= 0) hi = mid;
        else lo = mid;
      }
      roots.push(0.5 * (lo + hi));
    }
    r0 = r1;
    g0 = g1;
  }
  return roots.map(state);
}

describe.each([1e3, 1e6])('ik_nodim started at eta = %d', (eta) => {
  const result = trace(def, 'eta', [-1, eta], { params: { eta } });
  const branch = result.branch!;
  const start = branch.points[branch.startIndex];

  it('starts from the one physical steady state (r > 0) of an independent 1-D root solve', () => {
    expect(result.status).toBe('ok');
    expect(start.p).toBe(eta);
    const exact = physicalSteadyStates(eta);
    expect(exact).toHaveLength(1);
    const [r, v, u, s] = start.x;
    expect(r).toBeGreaterThan(0);
    expect(Math.abs(r - exact[0].r) / exact[0].r).toBeLessThan(1e-9);
    expect(Math.abs(v - exact[0].v) / Math.abs(exact[0].v)).toBeLessThan(1e-9);
    expect(Math.abs(u - exact[0].u) / Math.abs(exact[0].u)).toBeLessThan(1e-9);
    expect(Math.abs(s - exact[0].s) / Math.abs(exact[0].s)).toBeLessThan(1e-9);
  });

  it('satisfies F(x) = 0 to rounding relative to the size of the terms (eta)', () => {
    const p = Float64Array.from([...def.params.map((q) => (q.name === 'eta' ? eta : q.default)), 0]);
    const f = new Float64Array(4);
    model.rhs(Float64Array.from(start.x), p, f);
    for (const fi of f) expect(Math.abs(fi)).toBeLessThan(1e-12 * eta);
  });

  it('is unstable there (a focus past the Hopf point), and the message says how it was found', () => {
    expect(start.stable).toBe(false);
    expect(start.eigenvalues.some(([re]) => re > 0)).toBe(true);
    const at = `eta = ${eta}`;
    expect(result.message).toContain(`The steady state at ${at} is unstable; the simulation from the initial state had not settled`);
    expect(result.message).toContain(`found by continuing the stable steady state at eta = 0 to ${at}.`);
    expect(result.message).not.toMatch(/turns too sharply|step size fell/);
  });

  it('traces away from the start along the physical branch (checked down to eta = 1)', () => {
    expect(branch.ends.map((e) => e.reason)).not.toContain('stepUnderflow');
    let i = branch.startIndex;
    let checked = 0;
    while (i > 0 && branch.points[i - 1].p < branch.points[i].p && branch.points[i - 1].p >= 1) {
      i--;
      const pt = branch.points[i];
      const exact = physicalSteadyStates(pt.p)[0];
      expect(Math.abs(pt.x[0] - exact.r) / exact.r).toBeLessThan(1e-8);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    expect(branch.points[i].p).toBeLessThan(10);
  });
});

describe('ik_nodim from eta = 1000 with steps of at most 1', () => {
  it('traces the whole range [-1, 1000] on the physical branch (r > 0, matching the 1-D root solve)', () => {
    const r = trace(def, 'eta', [-1, 1000], { params: { eta: 1000 }, settings: { dsMax: 1 } });
    const b = r.branch!;
    expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    expect(b.points[0].p).toBe(-1);
    for (const pt of b.points) {
      const exact = physicalSteadyStates(pt.p);
      expect(exact).toHaveLength(1);
      expect(Math.abs(pt.x[0] - exact[0].r) / exact[0].r).toBeLessThan(1e-8);
    }
  });
});
