/**
 * Each generated neuron loop has source text of its own: V8 shares compiled code between functions
 * of one source text, and a loop sharing it with another closure loses the specialisation to its
 * captured arrays (about twice as slow per neuron-step; see kernel-source.ts). Same numbers either way.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkRequest } from '@shared/network/types';
import { neuronLoop } from '../../../../src-main/engine/network/kernel-source';
import { networkSetup } from '../../../../src-main/engine/network/population';
import { simulateNetwork } from '../../../../src-main/engine/network/simulate-network';

const request: NetworkRequest = {
  model: 'ik_nodim',
  params: { g: 1.5 },
  initial: {},
  inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [] } },
  solver: { method: 'euler', dt: 1e-3, tEnd: 2, sample: 0.1, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
  network: { neurons: 500, recovery: 'shared' },
};

describe('generated neuron loops', () => {
  it('two loops for the same run have different source text', () => {
    const setup = networkSetup(request);
    const arrays = () => [new Float64Array(2), new Float64Array(2), new Float64Array(5), new Int32Array(1)] as const;
    const a = neuronLoop(setup, ...arrays());
    const b = neuronLoop(setup, ...arrays());
    expect(String(a)).not.toBe(String(b));
  });

  it('a second run in the process gives the same numbers as the first', () => {
    const first = simulateNetwork(request);
    const second = simulateNetwork(request);
    expect(second.columns).toEqual(first.columns);
  });
});
