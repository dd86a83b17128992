/**
 * The starting equilibrium is decided by the dynamics: a stable steady state Newton finds from the
 * initial state is the start; an unstable one is taken only when the simulation from the initial
 * state does not settle (it oscillates or runs away), and then the result says so.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import type { ModelDef } from '@shared/models/types';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { eqProblem } from '../../../../src-main/engine/continuation/eq-problem';
import { BorderedNewton } from '../../../../src-main/engine/continuation/newton';
import { eigenvalues, isStable } from '../../../../src-main/engine/continuation/stability';
import { findEquilibrium } from '../../../../src-main/engine/continuation/start';
import { Rk4Stepper } from '../../../../src-main/engine/ode/fixed-step';
import { tinyModel, trace } from './tiny-models';

const ik = getTemplate('ik_nodim')!;

/** The pieces findEquilibrium works on, for `def` at its defaults overridden by `over` (params and inputs). */
function setup(def: ModelDef, param: string, over: Record<string, number> = {}) {
  const model = compileModel(def);
  const p = [...def.params.map((q) => over[q.name] ?? q.default), ...def.inputs.map((q) => over[q.name] ?? q.default)];
  const k = model.paramNames.indexOf(param);
  const newton = new BorderedNewton(eqProblem(model, p, k));
  const x0 = (init: Record<string, number>) => def.states.map((s) => init[s.name] ?? s.initial);
  return { model, p, k, newton, x0 };
}

/** The state after simulating from x0 for time T with classical RK4 (step h). */
function settle(def: ModelDef, p: number[], x0: number[], T: number, h = 0.01): Float64Array {
  const model = compileModel(def);
  const y = Float64Array.from(x0);
  new Rk4Stepper(model).advance(y, Float64Array.from(p), h, Math.round(T / h));
  return y;
}

describe('ik_nodim at I_ext = 0 from v = 1 (a non-physical root with r < 0 is nearest)', () => {
  const { p, k, newton, x0 } = setup(ik, 'g');
  const init = x0({ v: 1 });

  it('Newton alone from v = 1 lands on an unstable steady state with r < 0 (the trap)', () => {
    const z = Float64Array.from([...init, p[k]]);
    const e = new Float64Array(5);
    e[4] = 1;
    expect(newton.solve(z, e, p[k], { tol: 1e-10, maxIter: 50, damped: true })).toBe('converged');
    expect(z[0]).toBeLessThan(0);
    const jac = new Float64Array(16);
    newton.prob.jacobian(z, p[k], jac);
    expect(isStable(eigenvalues(jac, 4))).toBe(false);
  });

  it('starts instead where the simulation from v = 1 comes to rest (r > 0, stable)', () => {
    const found = findEquilibrium(newton, init, p[k], DEFAULT_CONTINUATION);
    expect(found.status).toBe('ok');
    if (found.status !== 'ok') return;
    expect(found.stable).toBe(true);
    expect(found.note).toBeUndefined();
    expect(found.z[0]).toBeGreaterThan(0);
    const rest = settle(ik, p, init, 3000);
    for (let i = 0; i < 4; i++) expect(Math.abs(found.z[i] - rest[i])).toBeLessThan(1e-6);
  });

  it('traces the physical branch: r > 0 throughout, stable at g = 0 and at the start', () => {
    const r = trace(ik, 'g', [0, 3], { initial: { v: 1 } });
    expect(r.status).toBe('ok');
    const b = r.branch!;
    expect(b.points[b.startIndex].stable).toBe(true);
    expect(b.points[0].p).toBe(0);
    expect(b.points[0].stable).toBe(true);
    for (const pt of b.points) expect(pt.x[0]).toBeGreaterThan(0);
    // The same branch as from the default initial state.
    const ref = trace(ik, 'g', [0, 3]).branch!;
    expect(Math.abs(b.points[b.startIndex].x[0] - ref.points[ref.startIndex].x[0])).toBeLessThan(1e-10);
  });
});

describe('ik_nodim at g = 1.5, I_ext = 0.15 (the model oscillates)', () => {
  const { p, k, newton, x0 } = setup(ik, 'g', { g: 1.5, I_ext: 0.15 });
  for (const init of [{}, { v: 1 }] as Record<string, number>[]) {
    it(`starts from the unstable steady state the oscillation surrounds, and says so (initial ${JSON.stringify(init)})`, () => {
      const found = findEquilibrium(newton, x0(init), p[k], DEFAULT_CONTINUATION);
      expect(found.status).toBe('ok');
      if (found.status !== 'ok') return;
      expect(found.stable).toBe(false);
      expect(found.note).toMatch(/^The steady state at g = 1\.5 is unstable; the simulation from the initial state oscillates/);
      expect(found.z[0]).toBeGreaterThan(0);
      // Still oscillating long after: the state keeps moving away from that steady state.
      const later = settle(ik, p, x0(init), 3000);
      expect(Math.max(...[0, 1, 2, 3].map((i) => Math.abs(later[i] - found.z[i])))).toBeGreaterThan(1e-3);
    });
  }

  it('the trace from v = 1 is the branch with the reference Hopf points', () => {
    const b = trace(ik, 'g', [0, 3], { params: { g: 1.5 }, inputs: { I_ext: 0.15 }, initial: { v: 1 } }).branch!;
    expect(b.points[b.startIndex].p).toBe(1.5);
    expect(b.points[b.startIndex].stable).toBe(false);
    expect(b.special.map((s) => s.label)).toEqual(['HB1', 'HB2']);
  });

  it("the result's message tells the user the start is unstable and why", () => {
    const r = trace(ik, 'g', [0, 3], { params: { g: 1.5 }, inputs: { I_ext: 0.15 } });
    expect(r.status).toBe('ok');
    expect(r.message).toMatch(/The steady state at g = 1\.5 is unstable; the simulation from the initial state oscillates/);
  });
});

describe('an unstable start when the simulation runs away', () => {
  it("x' = y, y' = x + p y (a saddle): the origin, with a note that the simulation runs away", () => {
    const def = tinyModel('saddle', { x: 0.3, y: 0.1 }, { p: -0.5 }, { x: 'y', y: 'x + p*y' });
    const { p, k, newton, x0 } = setup(def, 'p');
    const found = findEquilibrium(newton, x0({}), p[k], DEFAULT_CONTINUATION);
    expect(found.status).toBe('ok');
    if (found.status !== 'ok') return;
    expect(found.stable).toBe(false);
    expect(found.via).toBe('newton');
    expect(Math.max(Math.abs(found.z[0]), Math.abs(found.z[1]))).toBeLessThan(1e-12);
    expect(found.note).toMatch(/^The steady state at p = -0\.5 is unstable; the simulation from the initial state runs away \(it blew up at t = /);
  });

  it('a stable root found by Newton is taken at once, without simulating', () => {
    const def = tinyModel('fold', { x: 3 }, { p: 1 }, { x: 'p - x^2' });
    const { p, k, newton, x0 } = setup(def, 'p');
    const found = findEquilibrium(newton, x0({}), p[k], DEFAULT_CONTINUATION);
    expect(found).toMatchObject({ status: 'ok', via: 'newton', time: 0, stable: true });
  });
});
