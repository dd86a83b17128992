/**
 * The "Continue this cycle" form of the run inspector (src-renderer/src/state/run-cycle-form.svelte.ts):
 * the diagram's parameter and range by default, a first range around the run's value for another
 * parameter, the request and the issues by field.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { RunSource } from '../../src-renderer/src/lib/cycle-from-run';
import { RunCycleForm } from '../../src-renderer/src/state/run-cycle-form.svelte';

const def = getTemplate('ik_nodim')!;
const t = Float64Array.from({ length: 2001 }, (_, k) => k * 0.5);
const run: RunSource = {
  id: 7,
  request: {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } },
    solver: { method: 'rk4', dt: 1e-3, tEnd: 1000, sample: 0.5, cutoff: 0, rtol: 1e-6, atol: 1e-9 },
  },
  result: { t, names: ['r', 'v', 'u', 's'], columns: [0, 1, 2, 3].map((i) => t.map((x) => 0.1 + 0.05 * Math.sin(x / 30 + i))), status: 'ok' },
};

describe('RunCycleForm', () => {
  it("takes the diagram's parameter and range, and builds the request from the run", () => {
    const f = new RunCycleForm(run, def, { param: 'g', from: '0', to: '3' });
    expect([f.param, f.from, f.to]).toEqual(['g', '0', '3']);
    expect(f.params).toContain('I_ext');
    expect(f.built.ok).toBe(true);
    expect(f.built.ok && f.built.request.start.label).toBe('run 7');
  });

  it("gives another parameter a range around the run's value, and back the diagram's for its parameter", () => {
    const f = new RunCycleForm(run, def, { param: 'g', from: '0', to: '3' });
    f.setParam('I_ext');
    expect([f.from, f.to]).toEqual(['0', '1']);
    expect(f.built.ok && f.built.request.start.p).toBe(0.15);
    f.setParam('g');
    expect([f.from, f.to]).toEqual(['0', '3']);
  });

  it("names the range when it leaves out the run's value, and falls back to g without a diagram parameter of the model", () => {
    const f = new RunCycleForm(run, def, { param: 'nope', from: '5', to: '6' });
    expect(f.param).toBe('g');
    f.setFrom('2');
    f.setTo('3');
    expect(f.issue('bounds')).toMatch(/does not contain the run's g = 1.5/);
    expect(f.issue('run')).toBeUndefined();
  });
});
