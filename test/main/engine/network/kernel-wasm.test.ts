/**
 * The WebAssembly neuron loop (the default) gives the same bits as the JavaScript one on every
 * template, both recoveries, recorded neurons or none, each kind of reset, shards that start past
 * the first block and end in an odd neuron (the loop takes two neurons at a time in SIMD lanes,
 * then the odd one alone), and through a blow-up. And the binary
 * encoders against the specification's examples.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkRequest } from '@shared/network/types';
import { BLOCK, NeuronShard, SUMS, type LoopKind } from '../../../../src-main/engine/network/kernel';
import { blockCount, COLUMNS, runLoop, sampleCount, type Exchange } from '../../../../src-main/engine/network/loop';
import { networkSetup, type NetworkSetup } from '../../../../src-main/engine/network/population';
import { f64Const, sleb, uleb } from '../../../../src-main/engine/wasm/bytes';

/** ik_nodim over 8 time units at dt 1e-3; the biophysical templates over 100 ms at dt 5e-3 ms; the input off for a tenth of the run. */
function request(
  model: string,
  I: number,
  neurons: number,
  network: Partial<NetworkRequest['network']> = {},
  params: Record<string, number> = {},
): NetworkRequest {
  const [dt, tEnd] = model === 'ik_nodim' ? [1e-3, 8] : [5e-3, 100];
  return {
    model,
    params,
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: I, windows: [{ start: 0.4 * tEnd, stop: 0.5 * tEnd, value: 0 }] } },
    solver: { method: 'euler', dt, tEnd, sample: tEnd / 80, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
    network: { neurons, recovery: 'individual', ...network },
  };
}

/** The whole network loop on one thread, with shards of blocks [0, split) and [split, nBlocks) of the given kind. */
function run(req: NetworkRequest, kind: LoopKind, split: number, tweak: (s: NetworkSetup) => NetworkSetup = (s) => s) {
  const setup = tweak(networkSetup(req));
  const nBlocks = blockCount(setup.n);
  const shards = [new NeuronShard(setup, 0, split, kind), new NeuronShard(setup, split, nBlocks, kind)];
  const both = {
    step: (n: number, I: number, s: number, u: number, sums: Float64Array) => shards.forEach((sh) => sh.step(n, I, s, u, sums)),
  } as unknown as NeuronShard;
  const sums = new Float64Array(nBlocks * SUMS);
  const exchange: Exchange = { sumsFor: () => sums, sync: (_n, stop) => stop };
  const out = new Float64Array(COLUMNS * sampleCount(setup));
  const end = runLoop(setup, both, exchange, out);
  return {
    kinds: shards.map((sh) => sh.kind),
    end,
    out,
    vu: shards.map((sh) => Array.from(sh.vu)),
    spikes: shards.map((sh) => ({
      neuron: Array.from(sh.spikes.neuron.slice(0, sh.spikes.count)),
      step: Array.from(sh.spikes.step.slice(0, sh.spikes.count)),
    })),
  };
}

const CASES = [
  // model, I_ext, extra parameters: each fires (asserted below)
  ['ik_nodim', 2, { g: 1.5 }],
  ['ik_eta', 500, {}],
  ['ik_theta', 500, {}],
] as const;

describe('WebAssembly neuron loop', () => {
  it.each(CASES.flatMap(([model, I, params]) => (['individual', 'shared'] as const).map((recovery) => [model, recovery, I, params] as const)))(
    '%s, %s recovery: the same samples, states and recorded spikes as the JavaScript loop',
    (model, recovery, I, params) => {
      // 2 BLOCK + 301 neurons: a second shard of one full block and an odd tail.
      const req = request(model, I, 2 * BLOCK + 301, { recovery, rasterNeurons: 41 }, params);
      const wasm = run(req, 'wasm', 1);
      const js = run(req, 'js', 1);
      expect(wasm.kinds).toEqual(['wasm', 'wasm']);
      expect(js.kinds).toEqual(['js', 'js']);
      expect(js.end.status).toBe('ok');
      expect(js.end.spikes).toBeGreaterThan(100);
      expect(js.spikes.reduce((a, s) => a + s.neuron.length, 0)).toBeGreaterThan(0);
      expect(wasm.end).toEqual(js.end);
      expect(wasm.out).toEqual(js.out);
      expect(wasm.vu).toEqual(js.vu);
      expect(wasm.spikes).toEqual(js.spikes);
    },
  );

  it('heterogeneous B_j (ik_theta draws thresholds: no B literal) and no recorded neuron: same bits', () => {
    const req = request('ik_theta', 500, 999, { recovery: 'individual', seed: 3 });
    const setup = networkSetup(req);
    expect(setup.B.some((b) => b !== setup.B[0])).toBe(true);
    const wasm = run(req, 'wasm', 0);
    const js = run(req, 'js', 0);
    expect(js.end.spikes).toBeGreaterThan(100);
    expect(wasm.out).toEqual(js.out);
    expect(wasm.vu).toEqual(js.vu);
  });

  it('a reset of neither kind the templates use (v := -0.5 v + 3, u += d), with k = 2 and v_r of ik_eta: same bits', () => {
    const req = request('ik_eta', 500, 1501, { recovery: 'individual', rasterNeurons: 9 }, { k: 2 });
    const tweak = (s: NetworkSetup): NetworkSetup => ({ ...s, resetA: -0.5, resetB: 3, vLow: -0.5 * s.vPeak + 3 });
    const setup = tweak(networkSetup(req));
    expect([setup.k === 1, setup.vr === 0]).toEqual([false, false]);
    const wasm = run(req, 'wasm', 1, tweak);
    const js = run(req, 'js', 1, tweak);
    expect(wasm.kinds).toEqual(['wasm', 'wasm']);
    expect(js.end.spikes).toBeGreaterThan(100);
    expect(wasm.out).toEqual(js.out);
    expect(wasm.vu).toEqual(js.vu);
    expect(wasm.spikes).toEqual(js.spikes);
  });

  it('a blow-up ends both at the same step with the same message', () => {
    const req: NetworkRequest = {
      ...request('ik_nodim', 5, 101),
      solver: { method: 'euler', dt: 0.5, tEnd: 10, sample: 0.5, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
    };
    const wasm = run(req, 'wasm', 0);
    const js = run(req, 'js', 0);
    expect(js.end.status).toBe('blowup');
    expect(wasm.end).toEqual(js.end);
    expect(wasm.out).toEqual(js.out);
  });

  it('an empty shard and a shard of three neurons (one turn of two, then the odd one)', () => {
    const req = request('ik_nodim', 20, 3, {}, { g: 1.5, Delta: 5 });
    const wasm = run(req, 'wasm', 0);
    const js = run(req, 'js', 0);
    expect(js.end.spikes).toBeGreaterThan(0);
    expect(wasm.out).toEqual(js.out);
    expect(wasm.vu).toEqual(js.vu);
  });
});

describe('WebAssembly binary encoders', () => {
  it('LEB128 as the specification and its examples give them', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(0)).toEqual([0]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(() => uleb(-1)).toThrow(/not a non-negative integer/);
    expect(() => sleb(2 ** 31)).toThrow(/not a 32-bit integer/);
  });

  it('f64 constants carry the exact double, -0 included', () => {
    expect(f64Const(1)).toEqual([0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(f64Const(-0)).toEqual([0x44, 0, 0, 0, 0, 0, 0, 0, 0x80]);
    const x = 0.1 + 0.2;
    expect(new Float64Array(new Uint8Array(f64Const(x).slice(1)).buffer)[0]).toBe(x);
  });
});
