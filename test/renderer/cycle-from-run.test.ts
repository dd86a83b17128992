/**
 * "Continue this cycle" (src-renderer/src/lib/cycle-from-run.ts): the run's values at its end, the
 * settled stretch after the last input change, thinning that keeps the last sample, and the runs
 * refused with a reason (network, blow-up, too few samples, at rest).
 */
import { describe, expect, it } from 'vitest';
import { isOrbitStart } from '@shared/cycles/types';
import { getTemplate } from '@shared/models/templates';
import type { SimulationRequest } from '@shared/simulation/types';
import {
  buildOrbitCycleRequest,
  inputValueAt,
  lastInputChange,
  MAX_SAMPLES,
  runValueText,
  settledFrom,
  type RunSource,
} from '../../src-renderer/src/lib/cycle-from-run';

const def = getTemplate('ik_nodim')!;
const solver = { method: 'rk4' as const, dt: 1e-3, tEnd: 1000, sample: 0.01, cutoff: 0, rtol: 1e-6, atol: 1e-9 };
const request = (
  inputs: SimulationRequest['inputs'] = { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
): SimulationRequest => ({
  model: 'ik_nodim',
  params: { g: 1.5 },
  initial: {},
  inputs,
  solver,
});

/** A run sampled every `step` up to 1000: states oscillating with period 200 (or constant). */
function run(over: Partial<RunSource> = {}, step = 0.5, oscillating = true): RunSource {
  const t = Float64Array.from({ length: Math.round(1000 / step) + 1 }, (_, k) => k * step);
  const columns = [0, 1, 2, 3].map((i) => t.map((x) => 0.1 * (i + 1) + (oscillating ? 0.05 * Math.sin((2 * Math.PI * x) / 200 + i) : 0)));
  return { id: 3, request: request(), result: { t, names: ['r', 'v', 'u', 's'], columns, status: 'ok' }, ...over };
}

describe('the values and the stretch of the run', () => {
  it('takes each input at its value at the end of the run, and its last change', () => {
    const sched = { kind: 'schedule' as const, baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] };
    expect(inputValueAt(sched, 500, 1e-3)).toBe(0);
    expect(inputValueAt(sched, 600, 1e-3)).toBe(0.15);
    expect(lastInputChange(request(), 1000)).toBe(600);
    expect(lastInputChange(request({ I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 900, stop: 1200, value: 0.2 }] } }), 1000)).toBe(900);
    expect(lastInputChange(request({ I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } }), 1000)).toBe(0);
    const arr = { kind: 'array' as const, values: [0, 0, 1, 1, 1] };
    expect(lastInputChange(request({ I_ext: arr }), 1000)).toBeCloseTo(2e-3, 15);
    expect(inputValueAt(arr, 1000, 1e-3)).toBe(1);
    // The second half after the change at 600: from t = 800.
    const r = run();
    expect(r.result.t[settledFrom(r)]).toBe(800);
  });

  it('builds the orbit start: label, the run value of the parameter, thinned samples ending at the last one', () => {
    const r = run({}, 0.01);
    const built = buildOrbitCycleRequest(r, def, { param: 'g', pFrom: '0', pTo: '3' });
    expect(built.ok).toBe(true);
    const req = built.ok ? built.request : null;
    const s = req!.start;
    expect(isOrbitStart(s)).toBe(true);
    if (!isOrbitStart(s)) return;
    expect(s.label).toBe('run 3');
    expect(s.p).toBe(1.5);
    expect(req!.values).toEqual({ I_ext: 0.15 });
    expect(req!.bounds).toEqual([0, 3]);
    expect(s.t.length).toBeLessThanOrEqual(MAX_SAMPLES);
    expect(s.t.length).toBeGreaterThan(MAX_SAMPLES / 2);
    expect(s.t.at(-1)).toBe(1000);
    expect(s.t[0]).toBeGreaterThanOrEqual(800);
    expect(s.t[0]).toBeLessThan(800.2);
    expect(s.y.map((c) => c.at(-1))).toEqual(r.result.columns.map((c) => c.at(-1)));
    expect(s.y[2].length).toBe(s.t.length);
    expect(runValueText(r, 'I_ext')).toBe('I_ext = 0.15');
  });

  it('continues in an input, at its value at the end of the run', () => {
    const built = buildOrbitCycleRequest(run(), def, { param: 'I_ext', pFrom: '0', pTo: '1' });
    const s = built.ok ? built.request.start : null;
    expect(s?.p).toBe(0.15);
    expect(built.ok && built.request.values).toEqual({ g: 1.5 });
  });
});

describe('runs that cannot start a family', () => {
  const issue = (r: RunSource, drafts = { param: 'g', pFrom: '0', pTo: '3' }) => {
    const b = buildOrbitCycleRequest(r, def, drafts);
    return b.ok ? null : b.issues;
  };

  it('a run at rest says so, with the stretch', () => {
    const [i] = issue(run({}, 0.5, false))!;
    expect(i.field).toBe('run');
    expect(i.message).toMatch(/^Run 3 settled on a steady state \(r, v, u, s constant .* for t from 800 to 1000\): there is no oscillation to continue/);
  });

  it('network runs, blow-ups and too few samples are refused with the reason', () => {
    expect(issue(run({ network: {} }))![0].message).toMatch(/spiking network/);
    const r = run();
    expect(issue({ ...r, result: { ...r.result, status: 'blowup' } })![0].message).toMatch(/blew up/);
    expect(issue(run({}, 50))![0].message).toMatch(/only 5 samples .*simulate longer/);
  });

  it('a range without the run value, an unreadable bound or an unknown parameter name the field', () => {
    expect(issue(run(), { param: 'g', pFrom: '2', pTo: '3' })!.map((i) => i.field)).toEqual(['bounds']);
    expect(issue(run(), { param: 'g', pFrom: 'x', pTo: '3' })!.map((i) => i.field)).toEqual(['bounds']);
    expect(issue(run(), { param: 'nope', pFrom: '0', pTo: '3' })!.map((i) => i.field)).toEqual(['param']);
  });
});
