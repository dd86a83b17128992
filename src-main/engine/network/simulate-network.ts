/**
 * simulateNetwork: the spiking network of a validated NetworkRequest on the calling thread (tests,
 * small networks, and any job that already runs on a worker). ./parallel.ts splits the same loop
 * over worker threads and gives the same numbers, bit for bit.
 */
import type { NetworkRequest, NetworkResult } from '@shared/network/types';
import { NeuronShard, SUMS } from './kernel';
import { blockCount, COLUMNS, runLoop, sampleCount, type Exchange, type LoopHooks } from './loop';
import { networkSetup } from './population';
import { networkResult } from './result';
import { clockMs } from '../clock';

/** Runs `req` (checked with validateNetwork beforehand) on this thread. */
export function simulateNetwork(req: NetworkRequest, hooks: LoopHooks = {}): NetworkResult {
  const started = clockMs();
  const setup = networkSetup(req);
  const nBlocks = blockCount(setup.n);
  const shard = new NeuronShard(setup, 0, nBlocks);
  const sums = new Float64Array(nBlocks * SUMS);
  const exchange: Exchange = { sumsFor: () => sums, sync: (_n, stop) => stop };
  const out = new Float64Array(COLUMNS * sampleCount(setup));
  const end = runLoop(setup, shard, exchange, out, hooks);
  return networkResult(setup, out, end, [shard.spikes], 1, clockMs() - started);
}
