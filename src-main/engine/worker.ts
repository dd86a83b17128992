/**
 * Entry of an engine worker thread (bundled as out/main/worker.js). Serves RunJobMessages one at a
 * time: checks and runs the simulation, posts throttled progress, then the result with its
 * Float64Array buffers transferred (no copy). An exception inside a job is reported as that job's
 * failure; the worker keeps serving. Imports no Electron and touches no disk.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationResult } from '@shared/simulation/types';
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

/** Runs one job, posting its progress and its outcome through `post`. Never throws. */
export function serveJob(msg: RunJobMessage, post: (reply: WorkerReply, transfer?: ArrayBuffer[]) => void): void {
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
      post({ type: 'result', jobId, result: outcome.result }, transferList(outcome.result));
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
