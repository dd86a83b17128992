/**
 * The network split over worker threads: blocks of neurons are dealt out in contiguous ranges, the
 * threads meet once per step in shared memory (./shared-exchange.ts), and the leader writes the
 * samples. The result is the same, bit for bit, as simulateNetwork's on one thread (the reduction
 * sums fixed blocks in a fixed order). The calling thread only starts, watches and collects, so
 * it stays free for progress, Ctrl+C and a user interface.
 */
import { Worker } from 'node:worker_threads';
import type { NetworkRequest, NetworkResult } from '@shared/network/types';
import { blockCount, COLUMNS, sampleCount, type LoopEnd } from './loop';
import { networkSetup } from './population';
import { networkResult, type ShardSpikes } from './result';
import { CTL_CANCEL, sharedRun } from './shared-exchange';
import { NETWORK_WORKER_DATA, type ShardMessage, type ShardReply } from './worker';
import { clockMs } from '../clock';

export interface ParallelOptions {
  /** Worker threads wanted (at most one per block of neurons; default 2). */
  threads?: number;
  /** The bundled network worker script (out/main/network-worker.js). */
  workerPath: string;
  /** An outside cancel flag: a SharedArrayBuffer of 4 bytes whose Int32 element 0 becomes non-zero. */
  cancel?: SharedArrayBuffer;
  /** Called about every `progressMs` with the fraction done and the network's time. */
  onProgress?(fraction: number, t: number): void;
  progressMs?: number;
}

export interface NetworkRun {
  /** The result: status 'cancelled' (with the samples so far) after cancel(). Rejects when a worker fails. */
  readonly done: Promise<NetworkResult>;
  cancel(): void;
}

/** Starts `req` (checked with validateNetwork beforehand) on worker threads. */
export function startNetwork(req: NetworkRequest, opts: ParallelOptions): NetworkRun {
  const started = clockMs();
  const setup = networkSetup(req);
  const nBlocks = blockCount(setup.n);
  const threads = Math.max(1, Math.min(opts.threads ?? 2, nBlocks));
  const outLength = COLUMNS * sampleCount(setup);
  const run = sharedRun(threads, nBlocks, outLength);
  const ctl = new Int32Array(run.ctl);
  const info = new Float64Array(run.out, 8 * outLength, 2);
  const tEnd = setup.kLast * setup.stride * setup.dt;
  const workers: Worker[] = [];
  const done = new Promise<NetworkResult>((resolve, reject) => {
    const spikes: ShardSpikes[] = new Array<ShardSpikes>(threads);
    let end: LoopEnd | null = null;
    let pending = threads;
    let failed = false;
    const timer = setInterval(() => opts.onProgress?.(tEnd > 0 ? info[0] / tEnd : 0, info[0]), opts.progressMs ?? 100);
    const finish = (error?: Error): void => {
      clearInterval(timer);
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(networkResult(setup, new Float64Array(run.out, 0, outLength), end!, spikes, threads, clockMs() - started));
    };
    for (let i = 0; i < threads; i++) {
      const b0 = Math.floor((i * nBlocks) / threads);
      const b1 = Math.floor(((i + 1) * nBlocks) / threads);
      const worker = new Worker(opts.workerPath, { workerData: NETWORK_WORKER_DATA });
      workers.push(worker);
      worker.once('message', (reply: ShardReply) => {
        if (failed) return;
        if (reply.type === 'error') {
          failed = true;
          finish(new Error(`The network simulation failed: ${reply.message}`));
          return;
        }
        spikes[i] = reply.spikes;
        if (i === 0) end = reply.end;
        if (--pending === 0) finish();
      });
      worker.once('error', (e) => {
        if (failed) return;
        failed = true;
        finish(new Error(`The network simulation failed: ${e.message}`));
      });
      const msg: ShardMessage = { type: 'shard', setup, b0, b1, index: i, threads, nBlocks, run, ...(opts.cancel ? { cancel: opts.cancel } : {}) };
      worker.postMessage(msg);
    }
  });
  return { done, cancel: () => Atomics.store(ctl, CTL_CANCEL, 1) };
}
