/**
 * Entry of an engine worker thread (bundled as out/main/worker.js). Serves RunJobMessages one at a
 * time: checks and runs the simulation or continuation, posts throttled progress (for a
 * continuation with the branch traced so far), then the result (a simulation's Float64Array
 * buffers transferred, no copy). An exception inside a job is reported as that job's failure; the
 * worker keeps serving. Imports no Electron and touches no disk.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Branch } from '@shared/continuation/types';
import type { SimulationResult } from '@shared/simulation/types';
import { runContinuationRequest } from './run-continuation-request';
import { runSimulationRequest } from './run-request';
import { ENGINE_WORKER_DATA, PROGRESS_INTERVAL_MS, type RunJobMessage, type WorkerReply } from './worker-protocol';

/** "t = 123.4 of 1000": what the progress bar says. */
function progressDetail(t: number, tEnd: number): string {
  return `t = ${Number(t.toPrecision(6))} of ${tEnd}`;
}

/** The distinct ArrayBuffers behind a result's arrays (columns may share one buffer). */
export function transferList(result: SimulationResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of [result.t, ...result.columns]) {
    if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  }
  return [...buffers];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Post = (reply: WorkerReply, transfer?: ArrayBuffer[]) => void;

/** Runs one job, posting its progress and its outcome through `post`. Never throws. */
export function serveJob(msg: RunJobMessage, post: Post): void {
  if (msg.kind === 'continuation') serveContinuation(msg, post);
  else serveSimulation(msg, post);
}

/** "120 points, g = 1.234": what the progress bar says during a trace. */
function continuationDetail(points: number, param: string, p: number): string {
  return `${points.toLocaleString('en')} points, ${param} = ${Number(p.toPrecision(5))}`;
}

/**
 * Runs one continuation job (through `run`, replaceable in tests). Progress goes out at most every
 * PROGRESS_INTERVAL_MS with the branch so far when it grew; the first piece of the branch at once.
 */
export function serveContinuation(msg: RunJobMessage, post: Post, run = runContinuationRequest): void {
  const { jobId } = msg;
  try {
    const flag = new Int32Array(msg.cancel);
    const req = msg.request as { param?: unknown } | null;
    const param = typeof req?.param === 'string' ? req.param : 'p';
    let lastPost = -Infinity;
    let progress = { points: 0, p: NaN, fraction: 0 };
    let partial: Branch | null = null;
    let sent: Branch | null = null;
    let sentPoints = -1;
    const flush = () => {
      const now = performance.now();
      if (now - lastPost < PROGRESS_INTERVAL_MS) return;
      lastPost = now;
      const grew = partial !== null && (partial !== sent || partial.points.length !== sentPoints);
      const detail = Number.isFinite(progress.p) ? continuationDetail(progress.points, param, progress.p) : 'finding the starting steady state';
      post({ type: 'progress', jobId, fraction: progress.fraction, detail, ...(grew ? { partial: partial! } : {}) });
      if (grew) {
        sent = partial;
        sentPoints = partial!.points.length;
      }
    };
    const outcome = run(msg.request, {
      isCancelled: () => Atomics.load(flag, 0) !== 0,
      onProgress: (info) => {
        progress = info;
        flush();
      },
      onPartial: (branch) => {
        partial = branch;
        // The first piece of the branch goes out at once, later growth at the progress rate.
        if (sent === null) lastPost = -Infinity;
        flush();
      },
    });
    if (outcome.ok) {
      post({ type: 'result', jobId, kind: 'continuation', result: outcome.result });
    } else {
      post({ type: 'failed', jobId, error: outcome.error });
    }
  } catch (e) {
    post({ type: 'failed', jobId, error: { message: `The continuation failed: ${errorText(e)}` } });
  }
}

function serveSimulation(msg: RunJobMessage, post: Post): void {
  const { jobId } = msg;
  try {
    const flag = new Int32Array(msg.cancel);
    const req = msg.request as { solver?: { tEnd?: unknown } } | null;
    const tEnd = typeof req?.solver?.tEnd === 'number' ? req.solver.tEnd : NaN;
    let lastPost = -Infinity;
    const outcome = runSimulationRequest(msg.request, {
      isCancelled: () => Atomics.load(flag, 0) !== 0,
      onProgress: (fraction, t) => {
        const now = performance.now();
        if (now - lastPost < PROGRESS_INTERVAL_MS) return;
        lastPost = now;
        post({ type: 'progress', jobId, fraction, detail: progressDetail(t, tEnd) });
      },
    });
    if (outcome.ok) {
      post({ type: 'result', jobId, kind: 'simulation', result: outcome.result }, transferList(outcome.result));
    } else {
      post({ type: 'failed', jobId, error: outcome.error });
    }
  } catch (e) {
    post({ type: 'failed', jobId, error: { message: `The simulation failed: ${errorText(e)}` } });
  }
}

// Serve only when started as an engine worker (not when imported by a test runner's own thread).
const port = parentPort;
if (port !== null && (workerData as typeof ENGINE_WORKER_DATA | undefined)?.role === ENGINE_WORKER_DATA.role) {
  port.on('message', (msg: RunJobMessage) => {
    if (msg?.type !== 'run') return;
    serveJob(msg, (reply, transfer) => port.postMessage(reply, transfer ?? []));
  });
}
