/**
 * The equilibrium corrector in WebAssembly (src-main/engine/wasm/eq-*.ts) against the JavaScript
 * corrector it stands in for: the stored module is what the assembler makes; the model's Jacobian,
 * the corrector's statuses, iterates, iteration counts, tangents and branch-point tests, and whole
 * traces are the same bits either way, on the templates and on a model that uses every function of
 * the expression language; and correctors of several models and orders share the kernels' memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { compileModel } from '../../../../src-main/engine/compile';
import type { CompiledModel } from '../../../../src-main/engine/compiled-model';
import { eqProblem, equilibriumContinuation } from '../../../../src-main/engine/continuation/eq-problem';
import { DenseLu } from '../../../../src-main/engine/continuation/lu';
import { Corrector, type NewtonOptions } from '../../../../src-main/engine/continuation/newton';
import { CHORD_FLOOR, CHORD_FRACTION, DIST_FRACTION, MAX_TURN, onSameBranch, startPoint } from '../../../../src-main/engine/continuation/palc';
import type { StepOutcome, TracedPoint } from '../../../../src-main/engine/continuation/problem';
import { runContinuation } from '../../../../src-main/engine/continuation/run';
import { useDenseKernels } from '../../../../src-main/engine/wasm/dense-kernels';
import { eqCorrectorModule } from '../../../../src-main/engine/wasm/eq-corrector-code';
import { eqCorrectorWasm } from '../../../../src-main/engine/wasm/eq-corrector-wasm';
import { eqLayout } from '../../../../src-main/engine/wasm/eq-model-code';
import { rng } from '../../../shared/expr/rng';
import { CHAINED } from '../model/chained-model';
import { tinyModel } from '../continuation/tiny-models';

afterEach(() => useDenseKernels(true));

/** Whether two lists hold the same doubles bit for bit (NaN equal to NaN, 0 unequal to -0). */
const sameBits = (p: number[], q: number[]) => p.length === q.length && p.every((v, i) => Object.is(v, q[i]));

/** Every function of the expression language, in three states and an input. */
const ALL_FUNCTIONS = tinyModel(
  'all_functions',
  { x: 0.3, y: -0.2, z: 0.5 },
  { a: 0.7, b: -1.3, c: 0.4 },
  {
    x: 'exp(-x^2) - log(1 + y^2) + sqrt(1 + z^2)*a - abs(x - b) + sin(y)*cos(z) + tan(x/4) - tanh(y) + sinh(z/2) - cosh(x/3) + c*I',
    y: 'atan(x) + arctan(y/2) + arcsin(tanh(z)/2) - arccos(tanh(x)/3) + sign(y)*0.1 + min(x, y) - max(y, z) + absv(z - a) + mini(x, z) - maxi(x, b)',
    z: 'sigmoid(x - y) - (1 + x^2)^1.5/4 + (1 + y^2)^-2 + z^3/3 - z^4/8 + x^-1*0.01 + (2 + sin(z))^(0.5 + y/10) - a*z',
  },
  { I: 0.2 },
);

/** Model, parameters and free parameter of a corrector. */
interface Case {
  def: ModelDef;
  param: string;
  values?: Record<string, number>;
}

/** A corrector on `c`'s equilibria, on WebAssembly or in JavaScript. */
function corrector(model: CompiledModel, c: Case, wasm: boolean) {
  useDenseKernels(wasm);
  const p = [...model.def.params.map((q) => q.default), ...model.def.inputs.map((q) => q.default)];
  for (const [name, v] of Object.entries(c.values ?? {})) p[model.paramNames.indexOf(name)] = v;
  const k = model.paramNames.indexOf(c.param);
  const problem = equilibriumContinuation(eqProblem(model, p, k));
  expect(problem.borderedSystem !== undefined).toBe(wasm);
  return { newton: new Corrector(problem), problem };
}

/** Everything a corrector reports for one solve from z0 and the tangent after it. */
function solveAll(model: CompiledModel, c: Case, z0: number[], row: number[], target: number, opts: NewtonOptions, wasm: boolean): number[] {
  const { newton, problem } = corrector(model, c, wasm);
  const z = Float64Array.from(z0);
  const cRow = Float64Array.from(row);
  const status = newton.solve(z, cRow, target, opts);
  const out: number[] = [['converged', 'maxIter', 'diverged', 'singular'].indexOf(status), newton.lastIterations, newton.totalIterations, ...z];
  if (status === 'converged') {
    const t = new Float64Array(z.length);
    out.push(newton.tangent(z, cRow, t, true), ...t);
    out.push(...problem.pointData!(z).flat());
    // A second solve from a step along the tangent: the corrector's state carried over.
    const z2 = z.map((v, i) => v + 0.01 * t[i]);
    const target2 = z2.reduce((s, v, i) => s + v * t[i], 0);
    out.push(['converged', 'maxIter', 'diverged', 'singular'].indexOf(newton.solve(z2, t, target2, opts)), ...z2, newton.residualNorm(z2, t, target2));
  }
  return out;
}

describe('the equilibrium corrector in WebAssembly', () => {
  it('is made in this runtime, from the stored bytes, which are what the assembler makes', () => {
    expect(Array.from(eqCorrectorWasm())).toEqual(Array.from(eqCorrectorModule()));
    const model = compileModel(getTemplate('ik_nodim')!);
    expect(model.equilibriumKernel!(model.paramNames.indexOf('g'))).not.toBeNull();
    expect(model.equilibriumKernel!(model.paramNames.indexOf('I_ext'))).not.toBeNull();
    expect(() => model.equilibriumKernel!(model.paramNames.length)).toThrow(RangeError);
  });

  it('lays its arrays out after the space both dense kernels use, for every order', () => {
    for (let n = 1; n <= 40; n++) {
      const L = eqLayout(n, 3);
      // The LU of order n + 1 and the eigenvalues of order n both fit below the first array.
      expect(L.z).toBeGreaterThanOrEqual(8 * (n + 1) ** 2 + 24 * (n + 1));
      expect(L.z).toBeGreaterThanOrEqual(8 * n * n + 16 * n);
      expect(L.end - L.z).toBe(8 * (9 * (n + 1) + 3 + 2 * n + n * n + 2));
    }
  });

  it('evaluates the Jacobian of every function of the language to the bits of the JavaScript one', () => {
    const model = compileModel(ALL_FUNCTIONS);
    const r = rng(5);
    for (const param of ['a', 'b', 'c', 'I']) {
      const k = model.paramNames.indexOf(param);
      const kernel = model.equilibriumKernel!(k)!;
      expect(kernel).not.toBeNull();
      const p = Float64Array.from([0.7, -1.3, 0.4, 0.2]);
      for (let trial = 0; trial < 200; trial++) {
        const u = Float64Array.from([4 * r() - 2, 4 * r() - 2, 4 * r() - 2, 3 * r() - 1.5]);
        // Exact ties of min/max and of a sign change, and zero in x^-1, now and then.
        if (trial % 17 === 0) u[1] = u[0];
        if (trial % 23 === 0) u[0] = 0;
        const wasm = new Float64Array(9);
        kernel.jacobianAt(u, p, wasm);
        const q = Float64Array.from(p);
        q[k] = u[3];
        const js = new Float64Array(9);
        model.jacobian(u.subarray(0, 3), q, js);
        expect(sameBits(Array.from(wasm), Array.from(js)), `${param}, trial ${trial}`).toBe(true);
      }
    }
  });

  it('solves as the JavaScript corrector does, to the bit: converging, damped, stopped by maxIter, diverging, singular', () => {
    const cases: Case[] = [
      { def: getTemplate('ik_nodim')!, param: 'g', values: { I_ext: 0.15 } },
      { def: getTemplate('ik_eta')!, param: 'eta' },
      { def: getTemplate('ik_theta')!, param: 'eta' },
      { def: CHAINED, param: 'P' },
      { def: ALL_FUNCTIONS, param: 'c' },
    ];
    const r = rng(9);
    let compared = 0;
    const statuses = new Set<number>();
    for (const c of cases) {
      const model = compileModel(c.def);
      const n = model.stateNames.length;
      const x0 = c.def.states.map((s) => s.initial);
      const k = model.paramNames.indexOf(c.param);
      const lambda = [...c.def.params.map((q) => q.default), ...c.def.inputs.map((q) => q.default)][k];
      for (let trial = 0; trial < 40; trial++) {
        // Starts near and far from a steady state, rows along lambda or random, tight and loose limits.
        const spread = trial % 4 === 0 ? 10 : trial % 2 === 0 ? 1 : 0.01;
        const z0 = [...x0.map((v) => v + spread * (r() - 0.5) * (1 + Math.abs(v))), lambda + 0.1 * (r() - 0.5)];
        const row = trial % 3 === 0 ? z0.map((_, i) => (i === n ? 1 : 0)) : z0.map(() => r() - 0.5);
        const target = row.reduce((s, v, i) => s + v * z0[i], 0);
        const opts: NewtonOptions = { tol: 1e-10, maxIter: trial % 5 === 0 ? 2 : 12, damped: trial % 2 === 1 };
        const js = solveAll(model, c, z0, row, target, opts, false);
        const wasm = solveAll(model, c, z0, row, target, opts, true);
        expect(sameBits(js, wasm), `${c.def.name}, trial ${trial}`).toBe(true);
        statuses.add(js[0]);
        compared++;
      }
    }
    expect(compared).toBe(200);
    // Converged, maxIter and diverged are all among them.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([0, 1, 2]));
  });

  it('makes whole steps (prediction, corrector, tangent, same-branch check) as the JavaScript steps do, to the bit', () => {
    const cases: Case[] = [
      { def: getTemplate('ik_nodim')!, param: 'g', values: { I_ext: 0.15 } },
      { def: getTemplate('ik_eta')!, param: 'eta' },
      { def: getTemplate('ik_theta')!, param: 'g' },
      { def: CHAINED, param: 'P' },
      { def: ALL_FUNCTIONS, param: 'c' },
    ];
    const limits = { distFraction: DIST_FRACTION, cosMaxTurn: Math.cos(MAX_TURN), chordFraction: CHORD_FRACTION, chordFloor: CHORD_FLOOR };
    const opts = { tol: 1e-10, maxIter: 8 };
    // Small steps (the factorisation reused for the tangent), larger ones (factored again), and
    // steps too large for the corrector or the same-branch check; both directions.
    const steps = [1e-4, 0.01, 0.05, -0.02, 0.3, 1, -3, 20, 0.02, 0.004];
    const walk = (model: CompiledModel, c: Case, wasm: boolean): number[] => {
      const { newton } = corrector(model, c, wasm);
      expect(newton.wholeSteps).toBe(wasm);
      const n1 = model.stateNames.length + 1;
      const k = model.paramNames.indexOf(c.param);
      const p = [...c.def.params.map((q) => q.default), ...c.def.inputs.map((q) => q.default)];
      for (const [name, v] of Object.entries(c.values ?? {})) p[model.paramNames.indexOf(name)] = v;
      const z0 = Float64Array.from([...c.def.states.map((s) => s.initial), p[k]]);
      const e = Float64Array.from({ length: n1 }, (_, i) => (i === n1 - 1 ? 1 : 0));
      expect(newton.solve(z0, e, p[k], { ...opts, maxIter: 40, damped: true })).toBe('converged');
      let prev = startPoint(newton, z0) as TracedPoint;
      const out: number[] = [];
      const codes = ['converged', 'maxIter', 'diverged', 'singular', 'jump'];
      for (let round = 0; round < 3; round++) {
        for (const h of steps) {
          const z = new Float64Array(n1);
          const t = new Float64Array(n1);
          let status: string;
          let bpTest = NaN;
          if (wasm) {
            const o: StepOutcome = { status: 'converged', bpTest: NaN };
            newton.step(prev, h, opts, limits, z, t, o);
            status = o.status;
            bpTest = o.bpTest;
          } else {
            // ./palc.ts traceDirectionSteps, written out.
            const pred = new Float64Array(n1);
            let target = 0;
            for (let i = 0; i < n1; i++) {
              pred[i] = prev.z[i] + h * prev.t[i];
              target += prev.t[i] * pred[i];
            }
            z.set(pred);
            status = newton.solve(z, prev.t, target, opts);
            if (status === 'converged') {
              bpTest = newton.tangent(z, prev.t, t, true);
              if (Number.isNaN(bpTest)) status = 'singular';
              else if (!onSameBranch(prev, pred, z, t, h)) status = 'jump';
            }
          }
          out.push(codes.indexOf(status), newton.lastIterations, newton.totalIterations, bpTest, ...z, ...t, newton.residualNorm(z, prev.t, 0));
          if (status === 'converged' && Math.abs(h) < 0.1) prev = { z, t, bpTest, iterations: newton.lastIterations };
        }
      }
      return out;
    };
    const seen = new Set<number>();
    for (const c of cases) {
      const model = compileModel(c.def);
      const js = walk(model, c, false);
      const wasm = walk(model, c, true);
      expect(sameBits(js, wasm), c.def.name).toBe(true);
      const n1 = model.stateNames.length + 1;
      for (let i = 0; i < js.length; i += 5 + 2 * n1) seen.add(js[i]);
    }
    // Converged, stopped and off-branch steps are all among them.
    expect([...seen]).toEqual(expect.arrayContaining([0, 4]));
    expect([...seen].some((s) => s === 1 || s === 2)).toBe(true);
  });

  it('reports a singular bordered matrix and non-finite values as the JavaScript corrector does', () => {
    // x' = x - p with the last row (1, -1): the bordered matrix [[1, -1], [1, -1]] is singular.
    const line: Case = { def: tinyModel('line', { x: 0 }, { p: 0 }, { x: 'x - p' }), param: 'p' };
    // x' = 1/x - p at x = 0: not finite.
    const pole: Case = { def: tinyModel('pole', { x: 0 }, { p: 1 }, { x: '1/x - p' }), param: 'p' };
    for (const [c, z0, row, expected] of [
      [line, [0.5, 0.2], [1, -1], 'singular'],
      [pole, [0, 1], [0, 1], 'diverged'],
    ] as const) {
      const model = compileModel(c.def);
      const opts = { tol: 1e-10, maxIter: 8 };
      const js = solveAll(model, c, [...z0], [...row], 0.3, opts, false);
      const wasm = solveAll(model, c, [...z0], [...row], 0.3, opts, true);
      expect(js[0]).toBe(['converged', 'maxIter', 'diverged', 'singular'].indexOf(expected));
      expect(sameBits(js, wasm)).toBe(true);
    }
  });

  it('gives the same traces, special points and all, on the templates and a model with chained definitions', () => {
    const traces: [ModelDef, string, [number, number], Record<string, number>][] = [
      [getTemplate('ik_nodim')!, 'g', [0, 3], { I_ext: 0.15 }],
      [getTemplate('ik_nodim')!, 'I_ext', [-1, 1], {}],
      [getTemplate('ik_eta')!, 'eta', [-60, 60], {}],
      [getTemplate('ik_theta')!, 'g', [0, 30], {}],
      [CHAINED, 'P', [-3, 6], {}],
    ];
    for (const [def, param, bounds, inputs] of traces) {
      const run = (wasm: boolean) => {
        useDenseKernels(wasm);
        const req = { model: def.name, params: {}, initial: {}, inputs, param, bounds, settings: { ...DEFAULT_CONTINUATION } };
        const { stats, ...result } = runContinuation(compileModel(def), req);
        return JSON.stringify({ result, points: stats.points, newtonIterations: stats.newtonIterations });
      };
      const js = run(false);
      expect(run(true), `${def.name} in ${param}`).toBe(js);
      expect(JSON.parse(js).points).toBeGreaterThan(50);
    }
  });

  it('shares the kernels memory with other correctors and larger factorisations between its calls', () => {
    const a: Case = { def: getTemplate('ik_nodim')!, param: 'g', values: { I_ext: 0.15 } };
    const b: Case = { def: CHAINED, param: 'P' };
    const models = [compileModel(a.def), compileModel(b.def)];
    const run = (wasm: boolean) => {
      const ca = corrector(models[0], a, wasm);
      const cb = corrector(models[1], b, wasm);
      const big = new DenseLu(30);
      const r = rng(3);
      const m = new Float64Array(900).map(() => r() - 0.5);
      const out: number[] = [];
      const za = Float64Array.from([0.03, 0.2, 0.07, 0.08, 0.5]);
      const zb = Float64Array.from([0.1, 0.05, 0.02, 1.2]);
      const ea = Float64Array.from([0, 0, 0, 0, 1]);
      const eb = Float64Array.from([0, 0, 0, 1]);
      for (let step = 0; step < 5; step++) {
        za[4] += 0.05;
        zb[3] += 0.1;
        out.push(ca.newton.solve(za, ea, za[4], { tol: 1e-10, maxIter: 12, damped: true }) === 'converged' ? 1 : 0);
        big.factor(m);
        out.push(cb.newton.solve(zb, eb, zb[3], { tol: 1e-10, maxIter: 12, damped: true }) === 'converged' ? 1 : 0);
        const ta = new Float64Array(5);
        out.push(ca.newton.tangent(za, ea, ta), ...ta, ...za, ...zb, big.det());
      }
      return out;
    };
    const js = run(false);
    expect(js.filter((v, i) => i % 18 < 2 && v === 1).length).toBe(10);
    expect(sameBits(run(true), js)).toBe(true);
  });
});
