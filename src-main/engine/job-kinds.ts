/**
 * How the engine runs each job kind (@shared/jobs): one entry per kind, called by the worker
 * (./worker.ts) with uniform hooks. Each runner checks its untrusted request itself (see
 * ./job-checks.ts) and reports bad input as an outcome, never an exception.
 */
import type { ApiError } from '@shared/api';
import type { JobKind, JobPartialOf, JobResultOf } from '@shared/jobs';
import type { SimulationResult } from '@shared/simulation/types';
import { grouped, timeDetail, traceDetail } from './progress-detail';
import { runContinuationRequest } from './run-continuation-request';
import { runCurveRequest } from './run-curve-request';
import { cycleTransferList, runCycleRequest } from './run-cycle-request';
import { networkTransferList, runNetworkRequest, runNetworkRequestThreaded } from './run-network-request';
import { runSimulationRequest } from './run-request';

export interface EngineJobHooks<K extends JobKind> {
  /** Polled by the engine; true ends the job early with the data computed so far. */
  isCancelled(): boolean;
  /** Fraction done (0..1) and what the progress bar says (made only when a report goes out). */
  progress(fraction: number, detail: () => string): void;
  /** The result so far, as it grows (kinds with a partial result). */
  partial(value: JobPartialOf<K>): void;
}

export type EngineOutcome<K extends JobKind> = { ok: true; result: JobResultOf<K> } | { ok: false; error: ApiError };

/** What the engine worker was started with, beyond the job itself (see ENGINE_WORKER_DATA). */
export interface EngineEnv {
  /** The bundled network worker script; absent: networks run on the engine worker's own thread. */
  networkWorkerPath?: string;
  /** Network threads per network job (default 2). */
  networkThreads?: number;
  /** The job's cancel flag (Int32 element 0 non-zero: stop), for work that runs on further threads. */
  cancel?: SharedArrayBuffer;
}

export interface EngineJobKind<K extends JobKind> {
  /**
   * Runs one job. Most kinds compute on the calling thread and return the outcome; a kind that
   * spreads its work over further threads returns a promise and the worker awaits it.
   */
  run(request: unknown, hooks: EngineJobHooks<K>, env: EngineEnv): EngineOutcome<K> | Promise<EngineOutcome<K>>;
  /** Buffers to transfer (not copy) with the result. */
  transfer?(result: JobResultOf<K>): ArrayBuffer[];
}

/** The distinct ArrayBuffers behind a simulation's arrays (columns may share one buffer). */
export function transferList(result: SimulationResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of [result.t, ...result.columns]) {
    if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  }
  return [...buffers];
}

/** A string field of an unchecked request, for progress text only. */
function field<T>(request: unknown, read: (r: Record<string, unknown>) => unknown, fallback: T): T {
  const v = request !== null && typeof request === 'object' ? read(request as Record<string, unknown>) : undefined;
  return typeof v === typeof fallback ? (v as T) : fallback;
}

export const ENGINE_JOBS: { readonly [K in JobKind]: EngineJobKind<K> } = {
  simulation: {
    run(request, hooks) {
      const tEnd = field(request, (r) => (r.solver as { tEnd?: unknown } | undefined)?.tEnd, NaN);
      return runSimulationRequest(request, {
        isCancelled: hooks.isCancelled,
        onProgress: (fraction, t) => hooks.progress(fraction, () => timeDetail(t, tEnd)),
      });
    },
    transfer: transferList,
  },
  continuation: {
    run(request, hooks) {
      const param = field(request, (r) => r.param, 'p');
      return runContinuationRequest(request, {
        isCancelled: hooks.isCancelled,
        onProgress: (info) =>
          hooks.progress(info.fraction, () => (Number.isFinite(info.p) ? traceDetail(info.points, param, info.p) : 'finding the starting steady state')),
        onPartial: hooks.partial,
      });
    },
  },
  curve: {
    run(request, hooks) {
      const names = field(request, (r) => (Array.isArray(r.params) ? r.params.join(',') : undefined), 'P,Q').split(',');
      return runCurveRequest(request, {
        isCancelled: hooks.isCancelled,
        onProgress: (info) =>
          hooks.progress(
            info.fraction,
            () => `${grouped(info.points)} points, ${names[0]} = ${Number(info.p[0].toPrecision(5))}, ${names[1]} = ${Number(info.p[1].toPrecision(5))}`,
          ),
        onPartial: hooks.partial,
      });
    },
  },
  cycle: {
    run(request, hooks) {
      const param = field(request, (r) => r.param, 'p');
      return runCycleRequest(request, {
        isCancelled: hooks.isCancelled,
        onProgress: (info) => hooks.progress(info.fraction, () => traceDetail(info.points, param, info.p)),
        onPartial: hooks.partial,
      });
    },
    transfer: cycleTransferList,
  },
  network: {
    run(request, hooks, env) {
      const tEnd = field(request, (r) => (r.solver as { tEnd?: unknown } | undefined)?.tEnd, NaN);
      const watch = { isCancelled: hooks.isCancelled, onProgress: (fraction: number, t: number) => hooks.progress(fraction, () => timeDetail(t, tEnd)) };
      const threads = env.networkThreads ?? 2;
      if (env.networkWorkerPath === undefined || env.cancel === undefined || env.cancel.byteLength < 4 || threads < 2) return runNetworkRequest(request, watch);
      return runNetworkRequestThreaded(request, watch, { workerPath: env.networkWorkerPath, threads, cancel: env.cancel });
    },
    transfer: networkTransferList,
  },
};
