/**
 * Entry of a network worker thread (bundled as out/main/network-worker.js): steps one shard of the
 * network in lock-step with the other workers (./shared-exchange.ts), then posts its spike records
 * (and, from the leader, how the loop ended) and waits to be terminated. No disk, no Electron.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NeuronShard } from './kernel';
import { COLUMNS, runLoop, sampleCount, type LoopEnd } from './loop';
import type { NetworkSetup } from './population';
import type { ShardSpikes } from './result';
import { CTL_CANCEL, SharedExchange, type SharedRun } from './shared-exchange';

export const NETWORK_WORKER_DATA = { role: 'meanfield-network' } as const;

/** main -> worker: step blocks b0..b1-1 as thread `index` of `threads`. */
export interface ShardMessage {
  type: 'shard';
  setup: NetworkSetup;
  b0: number;
  b1: number;
  index: number;
  threads: number;
  nBlocks: number;
  run: SharedRun;
  /** An outside cancel flag (Int32 element 0 non-zero: stop), polled by the leader. */
  cancel?: SharedArrayBuffer;
}

export type ShardReply = { type: 'done'; end: LoopEnd | null; spikes: ShardSpikes } | { type: 'error'; message: string };

/** Runs one shard; the leader (index 0) writes the samples and progress into run.out. */
export function runShard(msg: ShardMessage): ShardReply {
  try {
    const { setup, run } = msg;
    const shard = new NeuronShard(setup, msg.b0, msg.b1);
    const exchange = new SharedExchange(run, msg.nBlocks, msg.index, msg.threads);
    const leader = msg.index === 0;
    const outLength = COLUMNS * sampleCount(setup);
    const out = leader ? new Float64Array(run.out, 0, outLength) : null;
    const info = new Float64Array(run.out, 8 * outLength, 2);
    const ctl = new Int32Array(run.ctl);
    const outside = msg.cancel !== undefined ? new Int32Array(msg.cancel) : null;
    const end = runLoop(setup, shard, exchange, out, {
      onProgress: (_fraction, t) => (info[0] = t),
      isCancelled: () => Atomics.load(ctl, CTL_CANCEL) !== 0 || (outside !== null && Atomics.load(outside, 0) !== 0),
    });
    const { neuron, step, count } = shard.spikes;
    return { type: 'done', end: leader ? end : null, spikes: { neuron: neuron.slice(0, count), step: step.slice(0, count), count } };
  } catch (e) {
    return { type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

const port = parentPort;
if (port !== null && (workerData as typeof NETWORK_WORKER_DATA | undefined)?.role === NETWORK_WORKER_DATA.role) {
  port.once('message', (msg: ShardMessage) => port.postMessage(runShard(msg)));
}
