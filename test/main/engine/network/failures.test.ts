/** Numerical failure is data: a step too coarse for the spikes ends in 'blowup' or carries a note. */
import { describe, expect, it } from 'vitest';
import type { NetworkRequest } from '@shared/network/types';
import { simulateNetwork } from '../../../../src-main/engine/network/simulate-network';

const request = (model: string, I: number, dt: number, tEnd: number): NetworkRequest => ({
  model,
  params: {},
  initial: {},
  inputs: { I_ext: { kind: 'schedule', baseline: I, windows: [] } },
  solver: { method: 'euler', dt, tEnd, sample: dt, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
  network: { neurons: 100, recovery: 'individual' },
});

describe('network failures', () => {
  it('a step far too large: every neuron mid-spike at two steps running is a blow-up of v, the samples before it kept', () => {
    const res = simulateNetwork(request('ik_nodim', 5, 0.5, 10));
    expect(res.status).toBe('blowup');
    // Past the peak at t = 2 (reflected below the reset), still beyond at t = 2.5.
    expect(res.blowup).toEqual({ t: 2.5, variable: 'v' });
    expect(res.message).toMatch(/every neuron has been mid-spike .* for two steps running: dt is too large .* try a smaller dt/);
    expect(res.t.length).toBe(5);
    expect(res.columns.every((c) => c.every(Number.isFinite))).toBe(true);
  });

  it('a network of one neuron: the step it spends reflected below the reset keeps the mean potential of the step before', () => {
    const req = request('ik_nodim', 20, 1e-3, 3);
    const res = simulateNetwork({ ...req, params: { g: 0, a: 0, d: 0 }, network: { ...req.network, neurons: 1 } });
    expect(res.status).toBe('ok');
    expect(res.message).toMatch(/for 1 neuron, /);
    const [r, v] = [res.columns[0], res.columns[1]];
    const spikes = r.map((x, k) => (x > 0 ? k : -1)).filter((k) => k > 0);
    expect(spikes.length).toBeGreaterThan(3);
    for (const k of spikes) {
      // The spike step: v was at or past the peak and is reflected below -200, out of the mean.
      expect(v[k]).toBe(v[k - 1]);
      expect(v[k + 1]).toBeGreaterThan(-200);
      expect(v[k + 1]).toBeLessThan(0);
    }
    expect(v.every(Number.isFinite)).toBe(true);
  });

  it('neurons firing every step: the run ends but says dt is too large', () => {
    const res = simulateNetwork(request('ik_eta', 500, 0.5, 100));
    expect(res.status).toBe('ok');
    expect(res.message).toMatch(/note: the neurons fired on average every 1 steps .* \(try a smaller dt\)$/);
    const calm = simulateNetwork(request('ik_eta', 500, 0.01, 20));
    expect(calm.message).not.toMatch(/note/);
  });
});
