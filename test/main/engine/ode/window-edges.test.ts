/**
 * Fixed-step methods land exactly on input window edges that are not on the step grid: the step
 * holding an edge is split there, so a window's effect does not depend on dt. Checked against
 * dopri5 at tight tolerance (which restarts at every edge) on ik_nodim, against the exact solution
 * of a linear system, and by the order of convergence with every edge off the grid.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { Method, SimulationResult, InputSpec } from '@shared/simulation/types';
import { compileModel } from '../../../../src-main/engine/compile';
import { simulate } from '../../../../src-main/engine/simulate';
import { handModel, logSlope, request } from './models';

const ik = compileModel(getTemplate('ik_nodim')!);

function ikRun(method: Method, dt: number, windows: { start: number; stop: number; value: number }[], tEnd: number): SimulationResult {
  const inputs: Record<string, InputSpec> = { I_ext: { kind: 'schedule', baseline: 0.15, windows } };
  return simulate(ik, request(ik, { method, dt, tEnd, sample: 0.1, rtol: 1e-12, atol: 1e-14 }, { inputs }));
}

/** max over samples and variables of |a - b| / (1 + |b|). */
function maxRelDiff(a: SimulationResult, b: SimulationResult): number {
  expect(a.t).toEqual(b.t);
  let d = 0;
  a.columns.forEach((col, j) => col.forEach((x, k) => (d = Math.max(d, Math.abs(x - b.columns[j][k]) / (1 + Math.abs(b.columns[j][k]))))));
  return d;
}

describe('fixed-step runs of ik_nodim agree with dopri5 at windows off the step grid', () => {
  it.each([
    // A pulse ten times shorter than the step: moved to the grid, it vanished (no effect at all).
    { label: 'I_ext:333.3333:333.3334=100, dt = 0.001', windows: [{ start: 333.3333, stop: 333.3334, value: 100 }], dt: 0.001, tEnd: 340, bound: 1e-10 },
    // Stop moved from 100.123 to the grid (100.13): r was off by 2e-2.
    { label: 'I_ext:100.05:100.123=5, dt = 0.01', windows: [{ start: 100.05, stop: 100.123, value: 5 }], dt: 0.01, tEnd: 110, bound: 1e-7 },
  ])('rk4 at $label', ({ windows, dt, tEnd, bound }) => {
    const reference = ikRun('dopri5', dt, windows, tEnd);
    const rk4 = ikRun('rk4', dt, windows, tEnd);
    expect(rk4.status).toBe('ok');
    expect(maxRelDiff(rk4, reference)).toBeLessThan(bound);
    // The window matters far beyond the bound: dropping or moving it could not pass.
    expect(maxRelDiff(ikRun('rk4', dt, [], tEnd), reference)).toBeGreaterThan(1e4 * bound);
  });

  it('euler lands on the same edges (its error is its own O(dt), not the window moved)', () => {
    const windows = [{ start: 100.05, stop: 100.123, value: 5 }];
    const reference = ikRun('dopri5', 0.01, windows, 110);
    const errors = [0.01, 0.005].map((dt) => maxRelDiff(ikRun('euler', dt, windows, 110), reference));
    expect(errors[0] / errors[1]).toBeGreaterThan(1.8);
    expect(errors[0] / errors[1]).toBeLessThan(2.2);
  });
});

/** y' = -y + I(t), y(0) = 1. */
const relax = handModel({
  name: 'relax',
  states: [['y', 1]],
  inputs: [['I', 0]],
  rhs: (y, p, dy) => {
    dy[0] = -y[0] + p[0];
  },
});

/** Baseline 0.5; [0.3337, 0.7771) = 2; [0.5113, 0.5129) = -40 (later wins); [1.2345, 1.6789) = -1. */
const WINDOWS: InputSpec = {
  kind: 'schedule',
  baseline: 0.5,
  windows: [
    { start: 0.3337, stop: 0.7771, value: 2 },
    { start: 0.5113, stop: 0.5129, value: -40 },
    { start: 1.2345, stop: 1.6789, value: -1 },
  ],
};
const BREAKS = [0, 0.3337, 0.5113, 0.5129, 0.7771, 1.2345, 1.6789, Infinity];
const LEVELS = [0.5, 2, -40, 2, 0.5, -1, 0.5];

/** Exact y(t): on each piece y relaxes to its level, y = I + (y(a) - I) e^{-(t - a)}. */
function exact(t: number): number {
  let y = 1;
  for (let i = 0; i < LEVELS.length && BREAKS[i] < t; i++) {
    const b = Math.min(BREAKS[i + 1], t);
    y = LEVELS[i] + (y - LEVELS[i]) * Math.exp(-(b - BREAKS[i]));
  }
  return y;
}

function maxError(res: SimulationResult): number {
  let e = 0;
  res.t.forEach((t, k) => (e = Math.max(e, Math.abs(res.columns[0][k] - exact(t)))));
  return e;
}

describe('order of convergence with window edges off the step grid', () => {
  // dt = 0.1 / 2^j: no edge is a multiple of any of these steps (0.3337 / dt = 3.337 * 2^j, ...).
  const steps = [0.1, 0.05, 0.025, 0.0125, 0.00625];
  it.each([
    ['euler', 1],
    ['rk4', 4],
  ] as const)('%s keeps order %d', (method, order) => {
    const errors = steps.map((dt) => {
      const res = simulate(relax, request(relax, { method, dt, tEnd: 2, sample: 0.1 }, { inputs: { I: WINDOWS } }));
      expect(res.status).toBe('ok');
      expect(res.t.length).toBe(21);
      return maxError(res);
    });
    expect(Math.abs(logSlope(steps, errors) - order)).toBeLessThan(0.15);
    // At the finest step the error is that of the method, not of a moved edge (~ dt * 40 * 0.0016).
    expect(errors[errors.length - 1]).toBeLessThan(method === 'euler' ? 5e-3 : 1e-9);
  });

  it('samples the same grid with and without windows', () => {
    const none = simulate(relax, request(relax, { method: 'rk4', dt: 0.003, tEnd: 2, sample: 0.03 }));
    const some = simulate(relax, request(relax, { method: 'rk4', dt: 0.003, tEnd: 2, sample: 0.03 }, { inputs: { I: WINDOWS } }));
    expect(some.t).toEqual(none.t);
    expect(some.t.length).toBe(67);
  });
});
