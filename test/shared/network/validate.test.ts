import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { NetworkRequest } from '@shared/network/types';
import { validateNetwork } from '@shared/network/validate';

const ok: NetworkRequest = {
  model: 'ik_theta',
  params: {},
  initial: {},
  inputs: {},
  solver: { method: 'euler', dt: 0.01, tEnd: 10, sample: 0.1, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
  network: { neurons: 100, recovery: 'individual' },
};
const fields = (req: NetworkRequest, model = req.model) => validateNetwork(req, getTemplate(model)!).map((i) => i.field);

describe('validateNetwork', () => {
  it('accepts a plain request and names each field at fault', () => {
    expect(validateNetwork(ok, getTemplate('ik_theta')!)).toEqual([]);
    expect(fields({ ...ok, solver: { ...ok.solver, method: 'rk4' } })).toEqual(['solver.method']);
    expect(fields({ ...ok, network: { ...ok.network, neurons: 0 } })).toEqual(['network.neurons']);
    expect(fields({ ...ok, network: { ...ok.network, recovery: 'global' as 'shared' } })).toEqual(['network.recovery']);
    expect(fields({ ...ok, network: { ...ok.network, seed: 2 ** 32 } })).toEqual(['network.seed']);
    expect(fields({ ...ok, network: { ...ok.network, vPeak: -2000 } })).toEqual(['network.vReset']);
    expect(fields({ ...ok, network: { ...ok.network, rasterNeurons: 101 } })).toEqual(['network.rasterNeurons']);
    expect(fields({ ...ok, params: { tau_s: -1 } })).toEqual(['params.tau_s']);
  });

  it('refuses models without a network and absurd run lengths', () => {
    expect(fields({ ...ok, model: 'ik_nodim', network: { ...ok.network, vReset: -5 } }, 'ik_nodim')).toEqual(['network.vReset']);
    const custom = { ...getTemplate('ik_eta')!, name: 'mine' };
    expect(validateNetwork({ ...ok, model: 'mine' }, custom).map((i) => i.field)).toEqual(['model']);
    const huge = { ...ok, solver: { ...ok.solver, dt: 1e-6, tEnd: 1e6, sample: 1e3 }, network: { ...ok.network, neurons: 1e7 } };
    expect(validateNetwork(huge, getTemplate('ik_theta')!)[0]).toMatchObject({ field: 'network.neurons', message: expect.stringMatching(/neuron updates/) });
  });
});
