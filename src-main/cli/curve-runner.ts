/**
 * Runs the curve requests of `meanfield continue --curves` one after the other through the engine
 * entry (../engine/run-curve-request.ts). Like the branch, the curves first run in this process
 * for at most a short budget (most take milliseconds, less than starting a thread); what is left
 * then runs on a worker thread, where Ctrl+C can stop it: the curve being traced ends with the
 * points so far (status 'cancelled') and the remaining ones are not started. A second Ctrl+C ends
 * the process at once.
 *
 * The worker thread is the CLI's own module (out/main/cli.js) started with CURVE_WORKER_DATA: it
 * serves one batch of requests (serveCurveWorker), posting throttled progress and each outcome.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CurveRequest, CurveResult } from '@shared/curves/types';
import { runCurveRequest, type CurveOutcome } from '../engine/run-curve-request';

export const CURVE_WORKER_DATA = { role: 'meanfield-curves' } as const;

/** Minimum time between two progress messages from the worker, in milliseconds. */
const PROGRESS_INTERVAL_MS = 50;

type ToWorker = { type: 'curves'; requests: CurveRequest[]; cancel: SharedArrayBuffer };
type FromWorker =
  | { type: 'progress'; index: number; points: number; p: [number, number] }
  | { type: 'outcome'; index: number; outcome: CurveOutcome }
  | { type: 'failed'; index: number; message: string }
  | { type: 'done' };

/** What became of one request: its result, or why it could not run. */
export type CurveRun = { request: CurveRequest; result: CurveResult } | { request: CurveRequest; error: string };

export interface CurveRunnerOptions {
  /** The script the worker thread runs (the built CLI module, out/main/cli.js). */
  workerPath: string;
  /** Budget of the in-process attempt in milliseconds. */
  inProcessMs: number;
  /** Progress of request `index`: points traced and the (P, Q) reached. */
  onProgress?(index: number, info: { points: number; p: [number, number] }): void;
}

function runOf(request: CurveRequest, outcome: CurveOutcome): CurveRun {
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

/** Runs `requests` on a fresh worker thread, Ctrl+C cancelling (see the file comment). */
async function onWorker(requests: CurveRequest[], opts: CurveRunnerOptions, offset: number): Promise<{ runs: CurveRun[]; interrupted: boolean }> {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const worker = new Worker(opts.workerPath, { workerData: CURVE_WORKER_DATA });
  const runs: CurveRun[] = [];
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    Atomics.store(flag, 0, 1);
  };
  process.on('SIGINT', onSigint);
  try {
    await new Promise<void>((resolve) => {
      let finished = false;
      worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'progress') opts.onProgress?.(offset + msg.index, { points: msg.points, p: msg.p });
        else if (msg.type === 'outcome') runs.push(runOf(requests[msg.index], msg.outcome));
        else if (msg.type === 'failed') runs.push({ request: requests[msg.index], error: msg.message });
        else {
          finished = true;
          resolve();
        }
      });
      // A worker that fails outside a curve: the curves not yet done are reported as failed.
      const lost = (why: string) => {
        if (finished) return;
        finished = true;
        for (let i = runs.length; i < requests.length; i++) runs.push({ request: requests[i], error: `the curve worker stopped (${why})` });
        resolve();
      };
      worker.on('error', (e) => lost(e.message));
      worker.on('exit', (code) => lost(`exit code ${code}`));
      worker.postMessage({ type: 'curves', requests, cancel } satisfies ToWorker);
    });
  } finally {
    process.off('SIGINT', onSigint);
    await worker.terminate();
  }
  return { runs, interrupted };
}

/**
 * The worker side: when this module runs as a curve worker thread, serves the batch it is sent and
 * returns true; elsewhere does nothing and returns false.
 */
export function serveCurveWorker(): boolean {
  const port = parentPort;
  if (isMainThread || port === null || (workerData as typeof CURVE_WORKER_DATA | undefined)?.role !== CURVE_WORKER_DATA.role) return false;
  port.once('message', (msg: ToWorker) => {
    const flag = new Int32Array(msg.cancel);
    const post = (reply: FromWorker) => port.postMessage(reply);
    for (let index = 0; index < msg.requests.length && Atomics.load(flag, 0) === 0; index++) {
      let last = -Infinity;
      try {
        const outcome = runCurveRequest(msg.requests[index], {
          isCancelled: () => Atomics.load(flag, 0) !== 0,
          onProgress: ({ points, p }) => {
            const now = performance.now();
            if (now - last < PROGRESS_INTERVAL_MS) return;
            last = now;
            post({ type: 'progress', index, points, p });
          },
        });
        post({ type: 'outcome', index, outcome });
      } catch (e) {
        post({ type: 'failed', index, message: `the curve failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    post({ type: 'done' });
  });
  return true;
}
