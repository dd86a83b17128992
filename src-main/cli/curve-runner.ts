/**
 * Runs the curve requests of `meanfield continue --curves` one after the other through the engine
 * entry (../engine/run-curve-request.ts). Like the branch, the curves first run in this process
 * for at most a short budget (most take milliseconds, less than starting a thread); what is left
 * then runs as curve jobs on an engine worker (../services/jobs.ts), where Ctrl+C can stop it: the
 * curve being traced ends with the points so far (status 'cancelled') and the remaining ones are
 * not started. A second Ctrl+C ends the process at once.
 */
import type { ApiError } from '@shared/api';
import type { CurveRequest, CurveResult } from '@shared/curves/types';
import { runCurveRequest } from '../engine/run-curve-request';
import { JobService } from '../services/jobs';

/** How often the job is polled, in milliseconds. */
const POLL_MS = 10;

/** What became of one request: its result, or why it could not run. */
export type CurveRun = { request: CurveRequest; result: CurveResult } | { request: CurveRequest; error: string };

export interface CurveRunnerOptions {
  /** The engine worker script (out/main/worker.js in a build). */
  workerPath: string;
  /** Budget of the in-process attempt in milliseconds. */
  inProcessMs: number;
  /** Progress of request `index`, in words ("120 points, g = 1.2, eta = 0.3"). */
  onProgress?(index: number, detail: string): void;
}

function runOf(request: CurveRequest, outcome: { ok: true; result: CurveResult } | { ok: false; error: ApiError }): CurveRun {
  return outcome.ok
    ? { request, result: outcome.result }
    : { request, error: outcome.error.message + (outcome.error.issues ?? []).map((i) => ` ${i.field}: ${i.message}.`).join('') };
}

/**
 * Traces every request in order; resolves to the runs done (all of them unless interrupted: then
 * those before the interruption and the cancelled one with its points so far).
 */
export async function runCurves(requests: readonly CurveRequest[], opts: CurveRunnerOptions): Promise<{ runs: CurveRun[]; interrupted: boolean }> {
  const runs: CurveRun[] = [];
  const deadline = performance.now() + opts.inProcessMs;
  for (const request of requests) {
    const outcome = runCurveRequest(request, { isCancelled: () => performance.now() > deadline, onProgress: () => undefined });
    if (outcome.ok && outcome.result.status === 'cancelled') break;
    runs.push(runOf(request, outcome));
  }
  if (runs.length === requests.length) return { runs, interrupted: false };
  const rest = await onWorker(requests.slice(runs.length), opts, runs.length);
  return { runs: [...runs, ...rest.runs], interrupted: rest.interrupted };
}

/**
 * Runs `requests` one after the other as curve jobs on an engine worker (the job service, as for
 * every kind of job), Ctrl+C cancelling (see the file comment).
 */
async function onWorker(requests: CurveRequest[], opts: CurveRunnerOptions, offset: number): Promise<{ runs: CurveRun[]; interrupted: boolean }> {
  const jobs = new JobService({ workerPath: opts.workerPath, poolSize: 1 });
  const runs: CurveRun[] = [];
  let interrupted = false;
  let current: string | null = null;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    if (current !== null) jobs.cancel(current);
  };
  process.on('SIGINT', onSigint);
  try {
    for (let index = 0; index < requests.length && !interrupted; index++) {
      const request = requests[index];
      const id = jobs.start(request, 'curve');
      current = id;
      if (interrupted) jobs.cancel(id);
      for (;;) {
        const p = jobs.poll(id);
        if (p.state === 'finished') {
          runs.push({ request, result: p.result });
          break;
        }
        if (p.state === 'failed') {
          runs.push(runOf(request, { ok: false, error: p.error }));
          break;
        }
        if (p.state === 'unknown') {
          runs.push({ request, error: 'the curve job was lost' });
          break;
        }
        if (p.detail !== '') opts.onProgress?.(offset + index, p.detail);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      current = null;
    }
  } finally {
    process.off('SIGINT', onSigint);
    await jobs.dispose();
  }
  return { runs, interrupted };
}
