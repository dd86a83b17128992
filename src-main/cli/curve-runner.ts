/**
 * Runs the curve requests of `meanfield continue --curves` one after the other through the engine
 * entry (../engine/run-curve-request.ts): in this process first, then as curve jobs on an engine
 * worker that Ctrl+C stops (./job-queue.ts).
 */
import type { CurveRequest } from '@shared/curves/types';
import { runCurveRequest } from '../engine/run-curve-request';
import { runQueued, type QueueOptions, type QueuedRun } from './job-queue';

/** What became of one request: its result, or why it could not run. */
export type CurveRun = QueuedRun<'curve'>;

export type CurveRunnerOptions = QueueOptions;

/**
 * Traces every request in order; resolves to the runs done (all of them unless interrupted: then
 * those before the interruption and the cancelled one with its points so far).
 */
export function runCurves(requests: readonly CurveRequest[], opts: CurveRunnerOptions): Promise<{ runs: CurveRun[]; interrupted: boolean }> {
  return runQueued('curve', requests, (request, isCancelled) => runCurveRequest(request, { isCancelled, onProgress: () => undefined }), opts);
}
