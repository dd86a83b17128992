/**
 * Messages between the job service (main thread) and an engine worker thread (./worker.ts).
 * A worker runs one job at a time; the job's cancel flag is a shared Int32Array of length 1 that the
 * main thread sets to 1 and the worker reads with Atomics.load, so cancelling needs no message.
 */
import type { ApiError, JobKind } from '@shared/api';
import type { Branch, ContinuationResult } from '@shared/continuation/types';
import type { SimulationResult } from '@shared/simulation/types';

/** main -> worker: run `request` (unknown: the worker checks it) as a job of `kind`. */
export interface RunJobMessage {
  type: 'run';
  jobId: string;
  kind: JobKind;
  request: unknown;
  /** 4 bytes; element 0 becomes non-zero when the job is cancelled. */
  cancel: SharedArrayBuffer;
}

/**
 * worker -> main. Progress messages are throttled by the worker; a continuation's progress may
 * carry the branch traced so far (`partial`).
 */
export type WorkerReply =
  | { type: 'progress'; jobId: string; fraction: number; detail: string; partial?: Branch }
  | { type: 'result'; jobId: string; kind: 'simulation'; result: SimulationResult }
  | { type: 'result'; jobId: string; kind: 'continuation'; result: ContinuationResult }
  | { type: 'failed'; jobId: string; error: ApiError };

/** Minimum time between two progress messages of one job, in milliseconds. */
export const PROGRESS_INTERVAL_MS = 50;

/** The workerData the job service starts engine workers with; the worker serves only with it. */
export const ENGINE_WORKER_DATA = { role: 'meanfield-engine' } as const;
