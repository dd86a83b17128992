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
  it('a step far too large: every neuron mid-spike is a blow-up of v, the samples before it kept', () => {
    const res = simulateNetwork(request('ik_nodim', 5, 0.5, 10));
    expect(res.status).toBe('blowup');
    expect(res.blowup).toEqual({ t: 2, variable: 'v' });
    expect(res.message).toMatch(/every neuron is mid-spike .* try a smaller dt/);
    expect(res.t.length).toBe(4);
    expect(res.columns.every((c) => c.every(Number.isFinite))).toBe(true);
  });

  it('neurons firing every step: the run ends but says dt is too large', () => {
    const res = simulateNetwork(request('ik_eta', 500, 0.5, 100));
    expect(res.status).toBe('ok');
    expect(res.message).toMatch(/note: the neurons fired on average every 1 steps .* \(try a smaller dt\)$/);
    const calm = simulateNetwork(request('ik_eta', 500, 0.01, 20));
    expect(calm.message).not.toMatch(/note/);
  });
});
