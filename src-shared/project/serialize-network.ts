/** Writing what makes a run a network run (ProjectRun.network): settings, counts, the spike raster bit-exact. */
import { encodeArray } from './arrays';
import type { ByteCodec } from './codec';
import { num } from './numbers';
import { shaped } from './shapes';
import type { RunNetwork } from './types';

export function runNetworkJson(net: RunNetwork, codec?: ByteCodec): unknown {
  const s = net.settings;
  const { steps, neurons, threads, spikes, wallMs } = net.stats;
  return shaped('runNetwork', {
    settings: shaped('networkSettings', {
      neurons: s.neurons,
      recovery: s.recovery,
      seed: s.seed,
      vPeak: s.vPeak === undefined ? undefined : num(s.vPeak),
      vReset: s.vReset === undefined ? undefined : num(s.vReset),
      rasterNeurons: s.rasterNeurons,
    }),
    stats: shaped('networkStats', { steps: num(steps), neurons: num(neurons), threads: num(threads), spikes: num(spikes), wallMs: num(wallMs) }),
    raster: net.raster
      ? shaped('spikeRaster', {
          neurons: encodeArray(net.raster.neurons, codec),
          neuron: encodeArray(net.raster.neuron, codec),
          time: encodeArray(net.raster.time, codec),
        })
      : undefined,
  });
}
