/**
 * Reproducibility: the same request gives the same numbers, on one thread or split over worker
 * threads (the reduction sums fixed blocks in a fixed order), and a seed fixes the random draws.
 * Uses the built worker (out/main/network-worker.js).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRequest, NetworkResult } from '@shared/network/types';
import { startNetwork } from '../../../../src-main/engine/network/parallel';
import { simulateNetwork } from '../../../../src-main/engine/network/simulate-network';
import { ensureBuild, ROOT } from '../../ensure-build';

const WORKER = join(ROOT, 'out/main/network-worker.js');

function request(neurons: number, tEnd: number, network: Partial<NetworkRequest['network']> = {}): NetworkRequest {
  return {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 5.0005, stop: 7, value: 0 }] } },
    solver: { method: 'euler', dt: 1e-3, tEnd, sample: 0.1, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
    network: { neurons, recovery: 'individual', ...network },
  };
}

function expectSame(a: NetworkResult, b: NetworkResult): void {
  expect(b.status).toBe(a.status);
  expect(b.t).toEqual(a.t);
  for (let c = 0; c < 4; c++) expect(b.columns[c]).toEqual(a.columns[c]);
  expect(b.stats.spikes).toBe(a.stats.spikes);
  expect(b.raster?.neuron).toEqual(a.raster?.neuron);
  expect(b.raster?.time).toEqual(a.raster?.time);
}

describe('network reproducibility', () => {
  beforeAll(() => ensureBuild(), 180_000);

  it('same seed, same output; another seed or the quantiles, another output', () => {
    const a = simulateNetwork(request(500, 10, { seed: 11, rasterNeurons: 20 }));
    expectSame(a, simulateNetwork(request(500, 10, { seed: 11, rasterNeurons: 20 })));
    expect(simulateNetwork(request(500, 10, { seed: 12, rasterNeurons: 20 })).columns[0]).not.toEqual(a.columns[0]);
    expect(simulateNetwork(request(500, 10, { rasterNeurons: 20 })).columns[0]).not.toEqual(a.columns[0]);
    expect(a.raster!.time.length).toBeGreaterThan(0);
  });

  it('one thread and two or three worker threads give identical numbers (individual and shared recovery)', async () => {
    for (const [recovery, threads, neurons] of [
      ['individual', 2, 3000],
      ['shared', 3, 2500],
    ] as const) {
      const req = request(neurons, 15, { recovery, seed: 5, rasterNeurons: 30 });
      const one = simulateNetwork(req);
      const many = await startNetwork(req, { threads, workerPath: WORKER }).done;
      expect(many.stats.threads).toBe(threads);
      expectSame(one, many);
    }
  }, 60_000);

  it('cancel stops every thread at the same step and keeps the samples so far', async () => {
    const req = request(2048, 2000);
    let fraction = 0;
    const run = startNetwork(req, { threads: 2, workerPath: WORKER, progressMs: 10, onProgress: (f) => (fraction = f) });
    while (fraction === 0) await new Promise((r) => setTimeout(r, 10));
    run.cancel();
    const res = await run.done;
    expect(res.status).toBe('cancelled');
    expect(res.message).toMatch(/^Cancelled at t = /);
    expect(res.t.length).toBeGreaterThan(0);
    expect(res.t.length).toBeLessThan(20_001);
    const prefix = simulateNetwork({ ...req, solver: { ...req.solver, tEnd: res.t[res.t.length - 1] } });
    expect(res.columns[0]).toEqual(prefix.columns[0]);
    expect(res.columns[3]).toEqual(prefix.columns[3]);
  }, 60_000);
});
