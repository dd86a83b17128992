/**
 * Runs a list of requests of one job kind (curves of `--curves`, cycle families of `--cycles`) one
 * after the other, so that Ctrl+C stops the one being traced (it ends with its points so far, status
 * 'cancelled') and the remaining ones are not started; a second Ctrl+C ends the process at once.
 * - runQueued (curves): like the branch, they first run in this process for at most a short budget
 *   (most take milliseconds, less than starting a thread); what is left then runs as jobs on an
 *   engine worker (../services/jobs.ts).
 * - runSliced (cycles): in this process throughout, a slice at a time, the event loop turning in
 *   between (a family takes longer than a branch, and a worker would add its own start-up and
 *   compiler warm-up to it).
 */
import type { ApiError } from '@shared/api';
import { JOB_NOUNS, type JobRequestOf, type JobResultOf } from '@shared/jobs';
import type { Steps } from '../engine/continuation/steps';
import { JobService } from '../services/jobs';
import { clockMs } from '../engine/clock';

/** How often the job is polled, in milliseconds. */
const POLL_MS = 10;

/** How long in-process work runs (runSliced) before the event loop turns, in milliseconds. */
const SLICE_MS = 20;

/** Kinds run as a queue after the branch (their results carry a status). */
export type QueuedKind = 'curve' | 'cycle';

/** What became of one request: its result, or why it could not run. */
export type QueuedRun<K extends QueuedKind> = { request: JobRequestOf<K>; result: JobResultOf<K> } | { request: JobRequestOf<K>; error: string };

export type QueuedOutcome<K extends QueuedKind> = { ok: true; result: JobResultOf<K> } | { ok: false; error: ApiError };

export interface QueueOptions {
  /** The engine worker script (out/main/worker.js in a build). */
  workerPath: string;
  /** Budget of the in-process attempt in milliseconds; 0: every request runs on the worker. */
  inProcessMs: number;
  /** Progress of request `index`, in words ("120 points, g = 1.2"). */
  onProgress?(index: number, detail: string): void;
}

export interface KindQueueOptions<K extends QueuedKind> extends QueueOptions {
  /** True to leave a request out, given the runs done before it (it then has no run). */
  skip?(request: JobRequestOf<K>, done: readonly QueuedRun<K>[]): boolean;
}

/** The request's run from an engine outcome (a refused request: the message and the fields at fault). */
export function runOf<K extends QueuedKind>(request: JobRequestOf<K>, outcome: QueuedOutcome<K>): QueuedRun<K> {
  return outcome.ok
    ? { request, result: outcome.result }
    : { request, error: outcome.error.message + (outcome.error.issues ?? []).map((i) => ` ${i.field}: ${i.message}.`).join('') };
}

/**
 * Traces every request in order (`inProcess` runs one in this process until `isCancelled`); resolves
 * to the runs done (all of them unless interrupted: then those before the interruption and the
 * cancelled one with its points so far).
 */
export async function runQueued<K extends QueuedKind>(
  kind: K,
  requests: readonly JobRequestOf<K>[],
  inProcess: (request: JobRequestOf<K>, isCancelled: () => boolean) => QueuedOutcome<K>,
  opts: KindQueueOptions<K>,
): Promise<{ runs: QueuedRun<K>[]; interrupted: boolean }> {
  const runs: QueuedRun<K>[] = [];
  const deadline = clockMs() + opts.inProcessMs;
  let next = 0;
  for (; next < requests.length && opts.inProcessMs > 0; next++) {
    const request = requests[next];
    if (opts.skip?.(request, runs) === true) continue;
    const outcome = inProcess(request, () => clockMs() > deadline);
    if (outcome.ok && outcome.result.status === 'cancelled') break;
    runs.push(runOf(request, outcome));
  }
  if (next === requests.length) return { runs, interrupted: false };
  const rest = await onWorker(kind, requests.slice(next), opts, next, runs);
  return { runs, interrupted: rest.interrupted };
}

/** Runs `requests` one after the other as jobs on an engine worker, adding to `runs`, Ctrl+C cancelling (see the file comment). */
async function onWorker<K extends QueuedKind>(
  kind: K,
  requests: JobRequestOf<K>[],
  opts: KindQueueOptions<K>,
  offset: number,
  runs: QueuedRun<K>[],
): Promise<{ interrupted: boolean }> {
  const jobs = new JobService({ workerPath: opts.workerPath, poolSize: 1 });
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
      if (opts.skip?.(request, runs) === true) continue;
      const id = jobs.start(request, kind);
      current = id;
      if (interrupted) jobs.cancel(id);
      for (;;) {
        const p = jobs.poll(id);
        if (p.state === 'finished') {
          runs.push({ request, result: p.result as JobResultOf<K> });
          break;
        }
        if (p.state === 'failed') {
          runs.push(runOf(request, { ok: false, error: p.error }));
          break;
        }
        if (p.state === 'unknown') {
          runs.push({ request, error: `the ${JOB_NOUNS[kind]} job was lost` });
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
  return { interrupted };
}

/**
 * Traces every request in order in this process, a slice of about SLICE_MS at a time (`steps`, a
 * trace that yields between its steps, ../engine/continuation/steps.ts), the event loop turning
 * between slices so that Ctrl+C is heard (see the file comment). `steps` reports progress in words
 * through its third argument.
 */
export async function runSliced<K extends QueuedKind>(
  requests: readonly JobRequestOf<K>[],
  steps: (request: JobRequestOf<K>, isCancelled: () => boolean, progress: (detail: string) => void) => Steps<QueuedOutcome<K>>,
  opts: Pick<KindQueueOptions<K>, 'onProgress' | 'skip'>,
): Promise<{ runs: QueuedRun<K>[]; interrupted: boolean }> {
  const runs: QueuedRun<K>[] = [];
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  try {
    for (let index = 0; index < requests.length && !interrupted; index++) {
      const request = requests[index];
      if (opts.skip?.(request, runs) === true) continue;
      const trace = steps(
        request,
        () => interrupted,
        (detail) => opts.onProgress?.(index, detail),
      );
      let step = trace.next();
      while (step.done !== true) {
        const until = clockMs() + SLICE_MS;
        while (step.done !== true && clockMs() < until) step = trace.next();
        if (step.done !== true) await new Promise((resolve) => setImmediate(resolve));
      }
      runs.push(runOf(request, step.value));
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return { runs, interrupted };
}
