/**
 * Every named scenario is valid for its template and, simulated, does what its description says:
 * settles, oscillates, bursts or switches, at the rates the description quotes.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { SCENARIOS, findScenario, scenarioRequest, scenariosOf, unknownScenarioMessage, type Scenario } from '@shared/models/scenarios';
import { validateSimulation } from '@shared/simulation/validate';
import { compileModel } from '../../../src-main/engine/compile';
import { simulate } from '../../../src-main/engine/simulate';

/** r over [t0, t1) of the scenario's run (rk4, dt 5e-4 as the app's default). */
function run(s: Scenario): (t0: number, t1: number) => number[] {
  const def = getTemplate(s.model)!;
  const res = simulate(compileModel(def), scenarioRequest(s));
  expect(res.status).toBe('ok');
  const r = res.columns[res.names.indexOf('r')];
  return (t0, t1) => Array.from(r).filter((_, i) => res.t[i] >= t0 && res.t[i] < t1);
}

const max = (y: number[]) => Math.max(...y);
const min = (y: number[]) => Math.min(...y);
const mean = (y: number[]) => y.reduce((a, b) => a + b, 0) / y.length;
/** Relative spread (max - min) / mean: 0 for a constant rate. */
const spread = (y: number[]) => (max(y) - min(y)) / mean(y);

/** Peaks rising and falling by at least h (a hysteresis counter: wiggles smaller than h do not count). */
function peaks(y: number[], h: number): number {
  let n = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let rising = true;
  for (const v of y) {
    if (rising) {
      if (v > hi) hi = v;
      if (v < lo) lo = hi = v;
      if (hi - lo > h && v < hi - h) {
        n++;
        rising = false;
        lo = v;
      }
    } else {
      if (v < lo) lo = v;
      if (v > lo + h) {
        rising = true;
        hi = v;
      }
    }
  }
  return n;
}

describe('scenarios as data', () => {
  it('has unique names per model, a source, a description, and only names the template has', () => {
    for (const s of SCENARIOS) {
      const def = getTemplate(s.model);
      expect(def, s.model).toBeDefined();
      expect(s.source.length).toBeGreaterThan(20);
      expect(s.description.length).toBeGreaterThan(20);
      expect(scenariosOf(s.model).filter((q) => q.name === s.name)).toHaveLength(1);
      for (const p of Object.keys(s.params))
        expect(
          def!.params.map((q) => q.name),
          `${s.name}: ${p}`,
        ).toContain(p);
      for (const i of Object.keys(s.inputs))
        expect(
          def!.inputs.map((q) => q.name),
          `${s.name}: ${i}`,
        ).toContain(i);
      expect(validateSimulation(scenarioRequest(s), def!), `${s.model}/${s.name}`).toEqual([]);
    }
  });

  it('offers scenarios for every built-in template', () => {
    for (const model of ['ik_nodim', 'ik_eta', 'ik_theta']) expect(scenariosOf(model).length).toBeGreaterThanOrEqual(2);
  });

  it('finds by model and name, and names the valid ones for an unknown name', () => {
    expect(findScenario('ik_theta', 'strong-adaptation')?.params.d).toBe(200);
    expect(findScenario('ik_nodim', 'strong-adaptation')).toBeUndefined();
    expect(unknownScenarioMessage('ik_theta', 'burst')).toBe("unknown scenario 'burst' for ik_theta (scenarios: weak-adaptation, strong-adaptation)");
  });

  it('builds a request with the scenario values, its T and sampling', () => {
    const s = findScenario('ik_theta', 'weak-adaptation')!;
    const req = scenarioRequest(s);
    expect(req.params).toMatchObject({ k: 0.7, v_r: -60, C: 100, g: 15, d: 10, tau_s: 6, a: 0.03, b: -2, Delta: 1 });
    expect(req.inputs.I_ext).toEqual({ kind: 'schedule', baseline: 40, windows: [{ start: 1000, stop: 2000, value: 60 }] });
    expect(req.solver.tEnd).toBe(3000);
    expect(req.solver.sample).toBe(0.1);
  });
});

describe('scenarios do what they say', () => {
  it('ik_nodim asynchronous: settles before the input is switched off, and again after', () => {
    const r = run(findScenario('ik_nodim', 'asynchronous')!);
    // Damped ringing only: the rate stays within 1 % of its mean before the switch and at the end.
    expect(spread(r(300, 400))).toBeLessThan(1e-2);
    expect(spread(r(900, 1000))).toBeLessThan(1e-2);
    // The switch-on gives a transient: the rate leaves its steady value by far more than that.
    expect(max(r(600, 700)) / mean(r(900, 1000))).toBeGreaterThan(1.5);
  });

  it('ik_nodim oscillating: periodic bursts before t = 400 and after 600, suppressed while the input is off', () => {
    const r = run(findScenario('ik_nodim', 'oscillating')!);
    const before = r(0, 400);
    const after = r(600, 1000);
    // The first burst overshoots (a fast ringing up to twice the later peaks): a quarter of the range.
    expect(peaks(before, 0.25 * (max(before) - min(before)))).toBeGreaterThanOrEqual(2);
    expect(peaks(after, 0.5 * (max(after) - min(after)))).toBeGreaterThanOrEqual(2);
    expect(max(after) / min(after)).toBeGreaterThan(5);
    const off = r(450, 600);
    expect(max(off) - min(off)).toBeLessThan(0.1 * (max(before) - min(before)));
  });

  it('ik_theta weak adaptation: ~1.5 Hz, switched to ~30 Hz by the step, stays near 25 Hz after it', () => {
    const r = run(findScenario('ik_theta', 'weak-adaptation')!);
    const low = r(800, 1000);
    const step = r(1800, 2000);
    const after = r(2800, 3000);
    for (const seg of [low, step, after]) expect(spread(seg)).toBeLessThan(1e-2);
    // r is in 1/ms: 1.5 Hz = 1.5e-3.
    expect(mean(low)).toBeGreaterThan(1.2e-3);
    expect(mean(low)).toBeLessThan(1.8e-3);
    expect(mean(step)).toBeGreaterThan(0.025);
    expect(mean(step)).toBeLessThan(0.035);
    expect(mean(after)).toBeGreaterThan(0.02);
    expect(mean(after)).toBeLessThan(0.03);
  });

  for (const [model, peak] of [
    ['ik_theta', 0.03],
    ['ik_eta', 0.075],
  ] as const) {
    it(`${model} strong adaptation: regular population bursts peaking near ${peak * 1000} Hz`, () => {
      const r = run(findScenario(model, 'strong-adaptation')!)(1000, 2000);
      expect(max(r) / min(r)).toBeGreaterThan(10);
      expect(peaks(r, 0.5 * (max(r) - min(r)))).toBeGreaterThanOrEqual(3);
      expect(max(r)).toBeGreaterThan(0.8 * peak);
      expect(max(r)).toBeLessThan(1.2 * peak);
    });
  }

  it('ik_eta weak adaptation: fires steadily at ~30 Hz', () => {
    const r = run(findScenario('ik_eta', 'weak-adaptation')!)(800, 1000);
    expect(spread(r)).toBeLessThan(1e-3);
    expect(mean(r)).toBeGreaterThan(0.025);
    expect(mean(r)).toBeLessThan(0.035);
  });
});
