/**
 * Cycle families of the biophysical templates (ik_eta, ik_theta: v in mV, u in pA, |x| about 50 at
 * their Hopf points) with the default steps, which are measured relative to the size of the start
 * (../../../../src-main/engine/cycles/step-scale.ts): about as many points as ik_nodim's family
 * (79), not 50 times as many, with the same orbits. Checked against the same family traced with
 * the unscaled steps of a dimensionless model (dsMax 0.2: over a thousand points), on a mesh four
 * times finer, and against a long simulation of a stable orbit. A step of that size can pass
 * through the Hopf point where a family ends: the end is recognised there, with no fold of cycles.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { importPyratesModel } from '@shared/models/pyrates';
import { compileModel } from '../../../../src-main/engine/compile';
import { runContinuation } from '../../../../src-main/engine/continuation/run';
import { traceCycles, type CycleRequest } from '../../../../src-main/engine/cycles/trace-cycles';
import { traceCyclesFromOrbit } from '../../../../src-main/engine/cycles/trace-orbit';
import { simulate } from '../../../../src-main/engine/simulate';
import { fixtureSource } from '../../../shared/models/pyrates/sources';
import { scenarioHopf } from '../fixtures/scenario-hopf';

describe('cycle families in physical units (ik_eta, strong adaptation, in I_ext)', () => {
  const { compiled, hopf, values, params } = scenarioHopf('ik_eta', 'strong-adaptation');
  const [hb1, hb2] = hopf;
  const req: CycleRequest = { param: 'I_ext', values, start: { x: hb1.x, p: hb1.p, omega: hb1.omega! }, bounds: [0, 150], at: [60, 100] };
  const res = traceCycles(compiled, req);
  const fine = traceCycles(compiled, { ...req, settings: { ds: 0.01, dsMax: 0.2 } });
  const uz = (r: typeof res, p: number) => r.special.find((s) => s.kind === 'UZ' && s.point.p === p)!.point;

  it('goes from HB1 back to HB2 in fewer than 150 points (with the unscaled steps of a dimensionless model: over 1000)', () => {
    expect(hopf.length).toBe(2);
    expect(res.end.reason).toBe('hopf');
    expect(Math.abs(res.points[res.points.length - 1].p - hb2.p)).toBeLessThan(0.05);
    expect(res.points.length).toBeLessThan(150);
    expect(fine.points.length).toBeGreaterThan(1000);
    expect(Math.max(...res.points.map((q) => q.trivialError))).toBeLessThan(1e-6);
  });

  it('has the orbits of a mesh four times finer at the user points (period to 1e-9, extrema of v to 2e-5 mV of a 157 mV range), as the fine steps have', () => {
    const finer = traceCycles(compiled, { ...req, ntst: 320 });
    for (const p of [60, 100]) {
      const a = uz(res, p);
      const b = uz(finer, p);
      expect(Math.abs(a.period / b.period - 1)).toBeLessThan(1e-9);
      expect(Math.abs(a.min[1] - b.min[1])).toBeLessThan(2e-5);
      expect(Math.abs(a.max[1] - b.max[1])).toBeLessThan(2e-5);
      expect(a.stable).toBe(b.stable);
      expect(Math.abs(uz(fine, p).period / b.period - 1)).toBeLessThan(1e-9);
    }
  });

  it('is the orbit a long simulation from its point at I_ext = 100 follows (back to its start after three periods, extrema of v)', () => {
    const at = uz(res, 100);
    expect(at.stable).toBe(true);
    const [r, v, u, s] = at.start;
    const sim = simulate(compiled, {
      model: 'ik_eta',
      params,
      initial: { r, v, u, s },
      inputs: { I_ext: { kind: 'schedule', baseline: 100, windows: [] } },
      solver: { method: 'dopri5', dt: 1e-5, tEnd: 3 * at.period, sample: at.period / 100000, cutoff: 0, rtol: 1e-11, atol: 1e-13 },
    });
    expect(sim.status).toBe('ok');
    const vs = sim.columns[1];
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < sim.t.length; i++) {
      if (sim.t[i] < 2 * at.period) continue;
      lo = Math.min(lo, vs[i]);
      hi = Math.max(hi, vs[i]);
    }
    // v spans -124 to 33 mV in sharp bursts: the samples (1.1 us apart) miss the extrema by about 2e-6 mV.
    expect(Math.abs(hi - at.max[1])).toBeLessThan(2e-5);
    expect(Math.abs(lo - at.min[1])).toBeLessThan(2e-5);
    const end = sim.columns.map((c) => c[c.length - 1]);
    expect(Math.abs(sim.t[sim.t.length - 1] - 3 * at.period)).toBeLessThan(1e-6);
    end.forEach((x, i) => expect(Math.abs(x - at.start[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(at.start[i]))));
  });
});

describe('cycle families in physical units (ik_theta, strong adaptation, in I_ext)', () => {
  it('goes from HB1 back to HB2 in fewer than 150 points, its trivial multiplier within 1e-6 of 1', () => {
    const { compiled, hopf, values } = scenarioHopf('ik_theta', 'strong-adaptation');
    const [hb1, hb2] = hopf;
    const res = traceCycles(compiled, { param: 'I_ext', values, start: { x: hb1.x, p: hb1.p, omega: hb1.omega! }, bounds: [0, 150] });
    expect(res.end.reason).toBe('hopf');
    expect(Math.abs(res.points[res.points.length - 1].p - hb2.p)).toBeLessThan(0.05);
    expect(res.points.length).toBeLessThan(150);
    expect(Math.max(...res.points.map((q) => q.trivialError))).toBeLessThan(1e-6);
  });
});

describe('a family traced both ways from a simulated orbit (ik_theta, strong adaptation, I_ext = 100)', () => {
  it('ends at both Hopf points of the branch, with no special point where its steps pass through one', () => {
    const { compiled, hopf, values } = scenarioHopf('ik_theta', 'strong-adaptation');
    const res = traceCyclesFromOrbit(compiled, {
      param: 'I_ext',
      values,
      bounds: [0, 150],
      start: { kind: 'orbit', state: compiled.def.states.map((s) => s.initial), p: 100, transient: 2000, window: 2000 },
    });
    expect(res.status).toBe('ok');
    // Traced back through a Hopf point, the family turns in the parameter there: a fold of cycles (LPC) would be spurious.
    expect(res.special).toEqual([]);
    expect(res.firstEnd?.reason).toBe('hopf');
    expect(res.end.reason).toBe('hopf');
    const ends = [res.firstEnd!.p!, res.end.p!].sort((a, b) => a - b);
    expect(Math.abs(ends[0] - hopf[0].p)).toBeLessThan(0.01);
    expect(Math.abs(ends[1] - hopf[1].p)).toBeLessThan(0.01);
    expect(res.points.length).toBeLessThan(150);
  });
});

describe('a family of a model with a large parameter and small states (Jansen-Rit from the PyRates fixtures, in u)', () => {
  const def = importPyratesModel(fixtureSource(), 'model_templates/neural_mass_models/jansenrit.yaml', 'JRC2');
  const compiled = compileModel(def);
  const branch = runContinuation(compiled, {
    model: 'JRC2',
    params: {},
    initial: {},
    inputs: {},
    param: 'u',
    bounds: [0, 400],
    settings: { ...DEFAULT_CONTINUATION },
  }).branch!;
  const [hb1, hb2] = branch.special.filter((s) => s.type === 'HB');
  const res = traceCycles(compiled, { param: 'u', values: {}, start: { x: hb1.x, p: hb1.p, omega: hb1.omega! }, bounds: [0, 400], at: [200] });

  it('goes from HB1 (u about 90, |x| about 0.03) back to HB2 in fewer than 150 points (with steps of the size of the states: 1140)', () => {
    expect(res.end.reason).toBe('hopf');
    expect(Math.abs(res.end.p! - hb2.p)).toBeLessThan(0.05);
    expect(res.points.length).toBeLessThan(150);
    expect(Math.max(...res.points.map((q) => q.trivialError))).toBeLessThan(1e-6);
  });

  it('is the orbit a long simulation from its point at u = 200 follows (back to its start after three periods)', () => {
    const at = res.special.find((s) => s.kind === 'UZ')!.point;
    const sim = simulate(compiled, {
      model: 'JRC2',
      params: {},
      initial: Object.fromEntries(compiled.stateNames.map((name, i) => [name, at.start[i]])),
      inputs: { u: { kind: 'schedule', baseline: 200, windows: [] } },
      solver: { method: 'dopri5', dt: 1e-6, tEnd: 3 * at.period, sample: at.period / 1000, cutoff: 0, rtol: 1e-11, atol: 1e-14 },
    });
    expect(sim.status).toBe('ok');
    expect(Math.abs(sim.t[sim.t.length - 1] - 3 * at.period)).toBeLessThan(1e-9);
    const size = Math.max(...at.max.map((hi, i) => hi - at.min[i]));
    sim.columns.forEach((c, i) => expect(Math.abs(c[c.length - 1] - at.start[i])).toBeLessThan(1e-6 * size));
  });
});
