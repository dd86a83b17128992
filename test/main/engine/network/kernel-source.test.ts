/**
 * Each generated neuron loop has source text of its own: V8 shares compiled code between functions
 * of one source text, and a loop sharing it with another closure loses the specialisation to its
 * captured arrays (about twice as slow per neuron-step; see kernel-source.ts). Same numbers either way.
 * A loop shaped to its shard's data (B_j uniform, no recorded neurons) gives the same bits as the general one;
 * a shard's warm-up of its new loop leaves its state and sums as they were.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkRequest } from '@shared/network/types';
import { BLOCK, NeuronShard, SUMS } from '../../../../src-main/engine/network/kernel';
import { neuronLoop, type LoopShape } from '../../../../src-main/engine/network/kernel-source';
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

/** The loop that assumes nothing of the shard's data. */
const GENERAL: LoopShape = { uniformB: null, record: true };

describe('generated neuron loops', () => {
  it('two loops for the same run have different source text', () => {
    const setup = networkSetup(request);
    const arrays = () => [new Float64Array(2), new Float64Array(2), new Float64Array(5), new Int32Array(1)] as const;
    const a = neuronLoop(setup, ...arrays(), GENERAL);
    const b = neuronLoop(setup, ...arrays(), GENERAL);
    expect(String(a)).not.toBe(String(b));
  });

  it.each(['individual', 'shared'] as const)(
    'a loop that takes B_j as a literal and lists no spikes gives the same bits as the general one (%s recovery)',
    (recovery) => {
      const setup = networkSetup({ ...request, network: { neurons: 300, recovery } });
      const n = setup.n;
      const run = (shape: LoopShape) => {
        const y = new Float64Array(2 * n);
        const p = new Float64Array(2 * n);
        for (let j = 0; j < n; j++) [y[2 * j], y[2 * j + 1], p[2 * j], p[2 * j + 1]] = [0.5 * j - 60, 0.01 * j, setup.B[j], setup.H[j]];
        const out = new Float64Array(5);
        const loop = neuronLoop(setup, y, p, out, new Int32Array(2 * n), shape);
        const sums: number[] = [];
        // Steps with a strong drive, so that neurons reach the peak and are reset.
        for (let step = 0; step < 400; step++) {
          loop(0, n, 0.3, 50, 0);
          sums.push(...out);
        }
        return { y, sums };
      };
      expect(setup.B.every((b) => b === setup.B[0])).toBe(true);
      const general = run(GENERAL);
      const shaped = run({ uniformB: setup.B[0], record: false });
      expect(general.sums.filter((_, i) => i % 5 === 0).reduce((a, b) => a + b)).toBeGreaterThan(0);
      expect(shaped.y).toEqual(general.y);
      expect(shaped.sums).toEqual(general.sums);
    },
  );

  it.each(['individual', 'shared'] as const)('a shard warms its new loop without changing a bit of its state or sums (%s recovery)', (recovery) => {
    const setup = networkSetup({ ...request, network: { neurons: 2500, recovery } });
    const nBlocks = Math.ceil(setup.n / BLOCK);
    // The second shard of two: its first neuron is not the network's first.
    const b0 = 1;
    const shard = new NeuronShard(setup, b0, nBlocks);
    const size = shard.hi - shard.lo;
    const y = new Float64Array(2 * size);
    const p = new Float64Array(2 * size);
    for (let j = 0; j < size; j++) [y[2 * j], y[2 * j + 1], p[2 * j], p[2 * j + 1]] = [setup.v0, setup.u0, setup.B[shard.lo + j], setup.H[shard.lo + j]];
    const sums = new Float64Array(nBlocks * SUMS).fill(7);
    const bare = new Float64Array(nBlocks * SUMS).fill(7);
    const loop = neuronLoop(setup, y, p, bare, new Int32Array(2 * BLOCK), GENERAL);
    let spikes = 0;
    for (let n = 0; n < 300; n++) {
      // A strong drive, so that neurons reach the peak and are reset.
      shard.step(n, 40, 0.2, 0.1, sums);
      const gs = setup.G * 0.2;
      const drive = 40 + gs * setup.Er - (setup.shared ? 0.1 : 0);
      for (let b = b0; b < nBlocks; b++) loop(b * BLOCK - shard.lo, Math.min((b + 1) * BLOCK, setup.n) - shard.lo, gs, drive, b * SUMS);
      expect(sums).toEqual(bare);
      spikes += sums[b0 * SUMS];
    }
    expect(spikes).toBeGreaterThan(0);
    expect(shard.vu).toEqual(y);
  });

  it('a second run in the process gives the same numbers as the first', () => {
    const first = simulateNetwork(request);
    const second = simulateNetwork(request);
    expect(second.columns).toEqual(first.columns);
  });
});
