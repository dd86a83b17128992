/**
 * The seed scenario of ik_nodim against the independent scipy references in test/fixtures/reference/
 * (solve_ivp RK45 at rtol 1e-10, atol 1e-12, integrated piecewise over the input's jumps):
 * T = 1000, I_ext = 0.15 except 0 for 400 <= t < 600, y0 = 0, g = 0.5 and g = 1.5, compared on the
 * reference grid (every 0.1). Bounds from the issue: rk4 at dt = 5e-4 below 1e-8 in r, dopri5 at
 * rtol 1e-8 / atol 1e-10 below 1e-6, euler at dt = 5e-4 below 1e-3; rodas4 and auto at the same
 * tolerances as dopri5 below 1e-7 (measured about 4e-9 and 9e-9 for g = 0.5 and 1.5).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { isAdaptive, type Method, type SimulationRequest, type SimulationResult } from '@shared/simulation/types';
import { compileModel } from '../../../src-main/engine/compile';
import { fixedStepper } from '../../../src-main/engine/ode/fixed-step';
import { simulate } from '../../../src-main/engine/simulate';

const REFERENCE_DIR = resolve(__dirname, '../../fixtures/reference');
const model = compileModel(getTemplate('ik_nodim') as ModelDef);

/** Reference columns t, r, v, u, s. */
function reference(g: string): number[][] {
  const lines = readFileSync(resolve(REFERENCE_DIR, `ik_nodim_seed_g${g}.csv`), 'utf8')
    .trim()
    .split('\n');
  expect(lines[0]).toBe('t,r,v,u,s');
  const cols: number[][] = [[], [], [], [], []];
  for (const line of lines.slice(1)) line.split(',').forEach((x, j) => cols[j].push(Number(x)));
  return cols;
}

function seed(g: number, method: Method): SimulationRequest {
  return {
    model: 'ik_nodim',
    params: { g },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
    solver: { method, dt: 5e-4, tEnd: 1000, sample: 0.1, cutoff: 0, rtol: 1e-8, atol: 1e-10 },
  };
}

/** max |result - reference| per state variable, on the reference's times. */
function maxErrors(res: SimulationResult, ref: number[][]): number[] {
  const n = ref[0].length;
  expect(res.t.length).toBeGreaterThanOrEqual(n);
  let tErr = 0;
  for (let k = 0; k < n; k++) tErr = Math.max(tErr, Math.abs(res.t[k] - ref[0][k]));
  expect(tErr).toBeLessThan(1e-9);
  return res.columns.map((col, i) => {
    let e = 0;
    for (let k = 0; k < n; k++) e = Math.max(e, Math.abs(col[k] - ref[i + 1][k]));
    return e;
  });
}

const report: string[] = [];
afterAll(() => console.log(`ik_nodim seed scenario vs test/fixtures/reference (max |error| over t = 0..999.9):\n${report.join('\n')}`));

const BOUND: Record<Method, number> = { rk4: 1e-8, dopri5: 1e-6, euler: 1e-3, rodas4: 1e-7, auto: 1e-7 };

describe.each(['0.5', '1.5'])('ik_nodim seed scenario, g = %s', (g) => {
  const ref = reference(g);

  it.each(['rk4', 'dopri5', 'euler', 'rodas4', 'auto'] as const)('%s reproduces the reference r', (method) => {
    const res = simulate(model, seed(Number(g), method));
    expect(res.status).toBe('ok');
    const [r, v, u, s] = maxErrors(res, ref);
    const steps = isAdaptive(method) ? `, ${res.stats.steps} steps; ${res.message}` : '';
    report.push(`  g = ${g} ${method.padEnd(6)} r ${r.toExponential(2)}  v ${v.toExponential(2)}  u ${u.toExponential(2)}  s ${s.toExponential(2)}${steps}`);
    expect(r).toBeLessThan(BOUND[method]);
  });
});

describe('fused kernels of the compiled model', () => {
  it.skipIf(model.rk4Steps === undefined || model.eulerSteps === undefined)('give the numbers of the array-based steppers', () => {
    const p = Float64Array.from(model.paramNames, (_, k) => [0.02, 1, 0, 0.6, 1.5, 1, -0.01, 0.008, 0.02, 2.6, 1, 0.15][k]);
    for (const method of ['euler', 'rk4'] as const) {
      const a = Float64Array.from([0.1, -0.5, 0.01, 0.2]);
      const b = Float64Array.from(a);
      fixedStepper(model, method, { fused: true }).advance(a, p, 5e-4, 100_000);
      fixedStepper(model, method, { fused: false }).advance(b, p, 5e-4, 100_000);
      for (let i = 0; i < 4; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[i])));
    }
  });
});
