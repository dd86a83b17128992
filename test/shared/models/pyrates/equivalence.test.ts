/**
 * Imported models simulate as they should: the ik circuits of the fixture file (written with other
 * equation forms and with inheritance) give the built-in templates' results bit for bit; and
 * PyRates' documented equivalences hold between independently written files: ik_nodim with
 * alpha = b = d = 0 is the QIF model with conductance synapse, and the three-node Jansen-Rit
 * circuit is its one-operator form JRC2. Known answers: the van der Pol period for mu = 1 and the
 * Stuart-Landau limit cycle; the Wilson-Cowan circuit against the same equations written by hand.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '@shared/models/build';
import { importPyratesModel } from '@shared/models/pyrates';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { DEFAULT_SOLVER, type InputSpec, type SimulationRequest, type SolverSettings } from '@shared/simulation/types';
import { runSimulationRequest } from '../../../../src-main/engine/run-request';
import { fixtureSource, NMM } from './sources';

const hooks = { onProgress: () => {}, isCancelled: () => false };

function imported(file: string, name: string, as = `imported_${name}`): ModelDef {
  return { ...importPyratesModel(fixtureSource(), file, name), name: as };
}

/** Columns of a run by state name. */
function simulate(
  model: string,
  def: ModelDef | undefined,
  opts: { params?: Record<string, number>; initial?: Record<string, number>; inputs?: Record<string, InputSpec>; solver: Partial<SolverSettings> },
): { t: Float64Array; col: (name: string) => Float64Array } {
  const req: SimulationRequest = {
    model,
    ...(def ? { def } : {}),
    params: opts.params ?? {},
    initial: opts.initial ?? {},
    inputs: opts.inputs ?? {},
    solver: { ...DEFAULT_SOLVER, ...opts.solver },
  };
  const out = runSimulationRequest(req, hooks);
  if (!out.ok) throw new Error(`${out.error.message} ${JSON.stringify(out.error.issues)}`);
  expect(out.result.status).toBe('ok');
  const { names, columns, t } = out.result;
  return {
    t,
    col: (name) => {
      const i = names.indexOf(name);
      if (i < 0) throw new Error(`no column ${name} (have ${names.join(', ')})`);
      return columns[i];
    },
  };
}

const maxAbsDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const maxAbs = (a: Float64Array) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const step = (start: number, stop: number, value: number): InputSpec => ({ kind: 'schedule', baseline: 0, windows: [{ start, stop, value }] });

describe('the ik circuits of a PyRates file', () => {
  it.each(['ik_nodim', 'ik_eta', 'ik_theta'])('%s: same equations and bit-for-bit the results of the built-in template', (name) => {
    const def = imported(`${NMM}/ik.yaml`, name);
    const builtIn = getTemplate(name) as ModelDef;
    expect(buildModel(def).rhs).toEqual(buildModel(builtIn).rhs);
    expect(def.params.map((p) => [p.name, p.default])).toEqual(builtIn.params.map((p) => [p.name, p.default]));
    expect(def.states.map((p) => [p.name, p.initial])).toEqual(builtIn.states.map((p) => [p.name, p.initial]));
    const biophysical = name !== 'ik_nodim';
    const opts = {
      params: biophysical ? { eta: 45, g: 1.2 } : { g: 1.5, eta: 0.1 },
      inputs: { I_ext: step(biophysical ? 300 : 30, biophysical ? 600 : 60, biophysical ? 20 : 0.15) },
      solver: { method: 'rk4' as const, tEnd: biophysical ? 1000 : 100, dt: biophysical ? 0.01 : 0.005, sample: 0.5 },
    };
    for (const method of ['rk4', 'dopri5'] as const) {
      const a = simulate(name, undefined, { ...opts, solver: { ...opts.solver, method } });
      const b = simulate(def.name, def, { ...opts, solver: { ...opts.solver, method } });
      for (const s of ['r', 'v', 'u', 's']) expect(Array.from(b.col(s)), `${name} ${method} ${s}`).toEqual(Array.from(a.col(s)));
    }
  });
});

describe("PyRates' documented equivalences", () => {
  it('ik_nodim with alpha = b = d = 0, eta = -5, Delta = 1, tau_s = 2, g = 5 is qif_conduct (input step 5 on 30 <= t < 50)', () => {
    const ik = imported(`${NMM}/ik.yaml`, 'ik_nodim');
    const qif = imported(`${NMM}/qif.yaml`, 'qif_conduct');
    const inputs = { I_ext: step(30, 50, 5) };
    const solver = { method: 'rk4' as const, tEnd: 80, dt: 1e-3, sample: 0.01 };
    const a = simulate(ik.name, ik, { params: { alpha: 0, b: 0, d: 0, eta: -5, Delta: 1, tau_s: 2, g: 5 }, inputs, solver });
    const b = simulate(qif.name, qif, { inputs, solver });
    for (const s of ['r', 'v', 's']) {
      const scale = maxAbs(b.col(s));
      expect(maxAbsDiff(a.col(s), b.col(s)), s).toBeLessThanOrEqual(1e-12 * scale);
    }
    // The step matters: the rate during the step differs from the rate before it.
    const at = (t: number) => Math.round(t / 0.01);
    expect(Math.abs(b.col('r')[at(45)] - b.col('r')[at(25)])).toBeGreaterThan(0.1);
  });

  it('the three-node Jansen-Rit circuit is its one-operator form JRC2 (T = 1.5)', () => {
    const jrc = imported(`${NMM}/jansenrit.yaml`, 'JRC');
    const jrc2 = imported(`${NMM}/jansenrit.yaml`, 'JRC2');
    const solver = { method: 'rk4' as const, tEnd: 1.5, dt: 1e-4, sample: 1e-3 };
    const a = simulate(jrc.name, jrc, { solver });
    const b = simulate(jrc2.name, jrc2, { solver });
    const pairs: [string, string][] = [
      ['ein_rpo_e_v', 'V_ein'],
      ['iin_rpo_e_v', 'V_iin'],
      ['pc_rpo_e_in_v', 'V_pce'],
      ['pc_rpo_i_v', 'V_pci'],
    ];
    for (const [x, y] of pairs) {
      const scale = maxAbs(b.col(y));
      expect(scale, y).toBeGreaterThan(1e-3);
      // Only rounding differs (0.8*c against 108, sigmoid against the explicit logistic).
      expect(maxAbsDiff(a.col(x), b.col(y)), `${x} vs ${y}`).toBeLessThanOrEqual(1e-11 * scale);
    }
    // The excitatory interneurons oscillate (the alpha rhythm): the last 0.5 s swing by > 10% of the peak.
    const tail = b.col('V_ein').slice(1000);
    expect(Math.max(...tail) - Math.min(...tail)).toBeGreaterThan(0.1 * maxAbs(tail));
  });
});

describe('known answers', () => {
  it('Wilson-Cowan (two nodes, two operators each, four edges) equals the same equations written by hand', () => {
    const wc = imported(`${NMM}/wilsoncowan.yaml`, 'WC');
    const S = (x: string) => `1/(1 + exp(-(${x})))`;
    const byHand: ModelDef = {
      name: 'wc_by_hand',
      version: 1,
      title: 'WC',
      description: '',
      states: [
        { name: 'E', latex: 'E', description: '', unit: '', initial: 0 },
        { name: 'I', latex: 'I', description: '', unit: '', initial: 0 },
      ],
      params: [],
      inputs: [{ name: 'P', latex: 'P', description: '', unit: '', default: 0 }],
      definitions: [],
      equations: [
        { state: 'E', rhs: `(-E + (1 - E)*(${S('15*E - 15*I + P - 2')} - ${S('-2')}))/10`, latex: 'x' },
        { state: 'I', rhs: `(-I + (1 - I)*(${S('2*(15*E - 4*I - 2.5)')} - ${S('-5')}))/10`, latex: 'x' },
      ],
    };
    const solver = { method: 'rk4' as const, tEnd: 200, dt: 0.01, sample: 0.1 };
    const a = simulate(wc.name, wc, { inputs: { e_r_ext: step(20, 120, 1.5) }, solver });
    const b = simulate(byHand.name, byHand, { inputs: { P: step(20, 120, 1.5) }, solver });
    expect(maxAbs(b.col('E'))).toBeGreaterThan(0.05);
    expect(maxAbsDiff(a.col('e_r'), b.col('E'))).toBeLessThanOrEqual(1e-12);
    expect(maxAbsDiff(a.col('i_r'), b.col('I'))).toBeLessThanOrEqual(1e-12);
  });

  it('van der Pol with mu = 1 oscillates with period 6.6632868593', () => {
    const vdp = imported('model_templates/oscillators/vanderpol.yaml', 'vdp');
    const dt = 1e-3;
    const run = simulate(vdp.name, vdp, { solver: { method: 'rk4', tEnd: 100, dt, sample: dt } });
    const x = run.col('x');
    const ups: number[] = [];
    for (let i = 1; i < x.length; i++) if (x[i - 1] < 0 && x[i] >= 0) ups.push(run.t[i - 1] + (dt * -x[i - 1]) / (x[i] - x[i - 1]));
    const last = ups.slice(-4);
    const period = (last[3] - last[0]) / 3;
    expect(Math.abs(period - 6.66328685932313)).toBeLessThan(1e-5);
  });

  it('Stuart-Landau started on its limit cycle stays on it: x = cos(omega t), z = sin(omega t)', () => {
    const sl = imported('model_templates/oscillators/stuartlandau.yaml', 'sl');
    const omega = 2;
    const run = simulate(sl.name, sl, { params: { omega }, solver: { method: 'rk4', tEnd: 20, dt: 1e-3, sample: 0.05 } });
    const cosErr = run.t.reduce((m, t, i) => Math.max(m, Math.abs(run.col('x')[i] - Math.cos(omega * t)), Math.abs(run.col('z')[i] - Math.sin(omega * t))), 0);
    expect(cosErr).toBeLessThan(1e-9);
  });
});
