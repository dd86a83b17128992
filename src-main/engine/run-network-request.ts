/**
 * One network request from untrusted input to a result: checked (./request-issues.ts), then run on
 * the network's own worker threads when the engine worker knows where their script is (the app's
 * job service says so, see ./worker-protocol.ts), else on the calling thread. Both give the same
 * numbers, bit for bit (./network/parallel.ts). Cancelling keeps the samples computed so far (status
 * 'cancelled'); a network thread that dies is reported as a failure, never thrown.
 */
import type { ApiError } from '@shared/api';
import type { NetworkRequest, NetworkResult } from '@shared/network/types';
import { startNetwork } from './network/parallel';
import { simulateNetwork } from './network/simulate-network';
import { networkRequestIssues } from './request-issues';

export type NetworkOutcome = { ok: true; result: NetworkResult } | { ok: false; error: ApiError };

export interface NetworkHooks {
  /** Fraction done (0..1) and the network's time. */
  onProgress(fraction: number, t: number): void;
  isCancelled(): boolean;
}

/** Where the network threads come from: the bundled script (out/main/network-worker.js) and how many. */
export interface NetworkThreads {
  workerPath: string;
  threads: number;
  /** The job's cancel flag (Int32 element 0 non-zero: stop), read by the network's leading thread. */
  cancel: SharedArrayBuffer;
}

/** Runs `request` on this thread (small networks, tests, or no worker script known). */
export function runNetworkRequest(request: unknown, hooks: NetworkHooks): NetworkOutcome {
  const error = networkRequestIssues(request);
  if (error !== null) return { ok: false, error };
  return { ok: true, result: simulateNetwork(request as NetworkRequest, { onProgress: hooks.onProgress, isCancelled: hooks.isCancelled }) };
}

/** Runs `request` on `threads.threads` network worker threads; this thread only watches. */
export async function runNetworkRequestThreaded(request: unknown, hooks: NetworkHooks, threads: NetworkThreads): Promise<NetworkOutcome> {
  const error = networkRequestIssues(request);
  if (error !== null) return { ok: false, error };
  const run = startNetwork(request as NetworkRequest, {
    threads: threads.threads,
    workerPath: threads.workerPath,
    cancel: threads.cancel,
    onProgress: hooks.onProgress,
    progressMs: 50,
  });
  try {
    return { ok: true, result: await run.done };
  } catch (e) {
    return { ok: false, error: { message: e instanceof Error ? e.message : String(e) } };
  }
}

/** The distinct ArrayBuffers behind a network result's arrays (to transfer, not copy). */
export function networkTransferList(result: NetworkResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const arrays: ArrayBufferView[] = [result.t, ...result.columns];
  if (result.raster) arrays.push(result.raster.neurons, result.raster.neuron, result.raster.time);
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}
