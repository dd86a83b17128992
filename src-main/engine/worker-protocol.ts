/**
 * Messages between the job service (main thread) and an engine worker thread (./worker.ts), typed
 * from the job registry (@shared/jobs). A worker runs one job at a time; the job's cancel flag is a
 * shared Int32Array of length 1 that the main thread sets to 1 and the worker reads with
 * Atomics.load, so cancelling needs no message.
 */
import type { ApiError } from '@shared/api';
import type { JobKind, JobPartialOf, JobResultOf } from '@shared/jobs';

/** main -> worker: run `request` (unknown: the worker checks it) as a job of `kind`. */
export interface RunJobMessage {
  type: 'run';
  jobId: string;
  kind: JobKind;
  request: unknown;
  /** 4 bytes; element 0 becomes non-zero when the job is cancelled. */
  cancel: SharedArrayBuffer;
}

/** worker -> main. Progress messages are throttled by the worker and may carry the partial result. */
export type WorkerReply =
  | { [K in JobKind]: { type: 'progress'; jobId: string; kind: K; fraction: number; detail: string; partial?: JobPartialOf<K> } }[JobKind]
  | { [K in JobKind]: { type: 'result'; jobId: string; kind: K; result: JobResultOf<K> } }[JobKind]
  | { type: 'failed'; jobId: string; error: ApiError };

/** Minimum time between two progress messages of one job, in milliseconds. */
export const PROGRESS_INTERVAL_MS = 50;

/** The workerData the job service starts engine workers with; the worker serves only with it. */
export const ENGINE_WORKER_DATA = { role: 'meanfield-engine' } as const;

/** The full workerData of an engine worker: its role, and where network jobs find their own threads. */
export interface EngineWorkerData {
  role: typeof ENGINE_WORKER_DATA.role;
  /** The bundled network worker script (out/main/network-worker.js); absent: networks run on the engine worker. */
  networkWorkerPath?: string;
  /** Threads per network job. */
  networkThreads?: number;
}
