/**
 * The app's network request (lib/network-request.ts) and how network runs are drawn: the form's
 * settings carried over, the Euler step (the form's fixed dt, else the model's default), options
 * refused by name, and network series thinner and dashed in the panels they share with the mean field.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { validateNetwork } from '@shared/network/validate';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import { chartTheme, NETWORK_DASH, timeSeriesOptions } from '../../src-renderer/src/lib/chart-options';
import { DEFAULT_NETWORK_DRAFTS, networkRequest, networkStep, networkTag } from '../../src-renderer/src/lib/network-request';
import { buildPanels } from '../../src-renderer/src/lib/series';

function sim(model: string, method: SimulationRequest['solver']['method'], dt: number): SimulationRequest {
  return {
    model,
    params: { g: 1.5 },
    initial: { v: -1 },
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 40, stop: 60, value: 0 }] } },
    solver: { ...DEFAULT_SOLVER, method, dt, tEnd: 100, sample: 0.01 },
  };
}

describe('networkRequest', () => {
  it('keeps the form settings and takes the fixed-step dt, a valid network request of the template', () => {
    const built = networkRequest(sim('ik_nodim', 'rk4', 5e-4), { ...DEFAULT_NETWORK_DRAFTS, neurons: '2000', seed: '7', raster: '0' });
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    const r = built.request;
    expect(r.solver).toMatchObject({ method: 'euler', dt: 5e-4, tEnd: 100, sample: 0.01 });
    expect(r.params).toEqual({ g: 1.5 });
    expect(r.initial).toEqual({ v: -1 });
    expect(r.inputs).toEqual(sim('ik_nodim', 'rk4', 5e-4).inputs);
    expect(r.network).toEqual({ neurons: 2000, recovery: 'individual', seed: 7 });
    expect(validateNetwork(r, getTemplate('ik_nodim')!)).toEqual([]);
    expect(networkTag(r.network)).toBe('network N=2000 individual seed 7');
  });

  it("an adaptive method's dt is not the network's step: the model's default is taken (and said)", () => {
    expect(networkStep(sim('ik_nodim', 'dopri5', 0.1))).toEqual({ dt: 1e-3, fromForm: false });
    expect(networkStep(sim('ik_eta', 'auto', 0.1))).toEqual({ dt: 1e-2, fromForm: false });
    expect(networkStep(sim('ik_eta', 'euler', 2e-3))).toEqual({ dt: 2e-3, fromForm: true });
    // A sample step below the network's dt becomes dt.
    const coarse = networkRequest(
      { ...sim('ik_nodim', 'dopri5', 0.1), solver: { ...DEFAULT_SOLVER, method: 'dopri5', dt: 0.1, tEnd: 10, sample: 1e-4 } },
      DEFAULT_NETWORK_DRAFTS,
    );
    expect(coarse.ok && coarse.request.solver.sample).toBe(1e-3);
  });

  it('refuses bad options by name, and a raster larger than N', () => {
    const bad = networkRequest(sim('ik_nodim', 'rk4', 5e-4), { neurons: '1.5', recovery: 'shared', seed: '-1', raster: '10' });
    expect(bad.ok ? [] : bad.issues.map((i) => i.field)).toEqual(['neurons', 'seed']);
    const big = networkRequest(sim('ik_nodim', 'rk4', 5e-4), { neurons: '100', recovery: 'shared', seed: '', raster: '101' });
    expect(big.ok ? [] : big.issues.map((i) => i.field)).toEqual(['raster']);
  });
});

describe('network series in the time-series panels', () => {
  it('share the panel with the mean field and are drawn thinner and dashed', () => {
    const t = Float64Array.from({ length: 11 }, (_, i) => i);
    const data = { t, names: ['r', 'v'], columns: [t.map((x) => x), t.map((x) => -x)] };
    const panels = buildPanels(
      [
        { id: 1, label: 'mean field', color: '#111', data },
        { id: 2, label: 'network N=500 shared', color: '#222', data, network: true },
      ],
      ['r'],
    );
    expect(panels[0].series.map((s) => s.network ?? false)).toEqual([false, true]);
    const opts = timeSeriesOptions('r', 't', panels[0].series, chartTheme(false), 'ts');
    expect(opts.series[1]).toMatchObject({ label: 'mean field', width: 1.5 });
    expect(opts.series[1].dash).toBeUndefined();
    expect(opts.series[2]).toMatchObject({ label: 'network N=500 shared', width: 1, dash: NETWORK_DASH });
  });
});
