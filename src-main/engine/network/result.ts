/** Turning the loop's sample buffer and the shards' spike records into a NetworkResult. */
import type { NetworkResult, SpikeRaster } from '@shared/network/types';
import { COLUMNS, sampleCount, type LoopEnd } from './loop';
import type { NetworkSetup } from './population';

/** Spike records of one shard: neuron indices and step numbers, `count` of them. */
export interface ShardSpikes {
  neuron: Int32Array;
  step: Float64Array;
  count: number;
}

/** The raster of the recorded neurons, spikes ordered by time then neuron. */
export function mergeRaster(setup: NetworkSetup, shards: readonly ShardSpikes[]): SpikeRaster {
  const total = shards.reduce((m, s) => m + s.count, 0);
  const order: { neuron: number; step: number }[] = [];
  for (const s of shards) for (let i = 0; i < s.count; i++) order.push({ neuron: s.neuron[i], step: s.step[i] });
  order.sort((x, y) => x.step - y.step || x.neuron - y.neuron);
  const neuron = new Int32Array(total);
  const time = new Float64Array(total);
  order.forEach((e, i) => {
    neuron[i] = e.neuron;
    time[i] = e.step * setup.dt;
  });
  return { neurons: Int32Array.from(setup.raster), neuron, time };
}

/** The result of a finished (or stopped) loop whose samples are in `out` (COLUMNS x sampleCount). */
export function networkResult(
  setup: NetworkSetup,
  out: Float64Array,
  end: LoopEnd,
  shards: readonly ShardSpikes[],
  threads: number,
  wallMs: number,
): NetworkResult {
  const count = sampleCount(setup);
  const column = (c: number): Float64Array => out.slice(c * count, c * count + end.written);
  const result: NetworkResult = {
    status: end.status,
    message: end.message,
    t: column(0),
    names: ['r', 'v', 'u', 's'],
    columns: Array.from({ length: COLUMNS - 1 }, (_, c) => column(c + 1)),
    stats: { steps: end.steps, neurons: setup.n, threads, spikes: end.spikes, wallMs },
  };
  if (setup.raster.length > 0) result.raster = mergeRaster(setup, shards);
  if (end.blowup) result.blowup = end.blowup;
  return result;
}
