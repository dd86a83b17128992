/**
 * Entry of an engine worker thread (bundled as out/main/worker.js). Serves RunJobMessages one at a
 * time through the engine's job registry (./job-kinds.ts): runs the job, posts throttled progress
 * (with the partial result when it grew), then the result (buffers transferred where the kind says
 * so). An exception inside a job is reported as that job's failure; the worker keeps serving.
 * Imports no Electron and touches no disk.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { JOB_NOUNS, type JobKind, type JobPartialOf } from '@shared/jobs';
import { ENGINE_JOBS, type EngineEnv, type EngineJobKind, type EngineOutcome } from './job-kinds';
import { precompileEngineWasm } from './wasm/eq-kernel';
import { ENGINE_WORKER_DATA, PROGRESS_INTERVAL_MS, type EngineWorkerData, type RunJobMessage, type WorkerReply } from './worker-protocol';
import { clockMs } from './clock';

export { transferList } from './job-kinds';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Post = (reply: WorkerReply, transfer?: ArrayBuffer[]) => void;

/** The runners by kind (replaceable in tests). */
export type Runners = { readonly [K in JobKind]: EngineJobKind<K> };

/**
 * Runs one job, posting its progress and its outcome through `post`. Never throws (a returned
 * promise never rejects). Progress goes out at most every PROGRESS_INTERVAL_MS, with the partial
 * result when it grew; the first partial result at once. Returns a promise when the kind's runner
 * does (work spread over further threads), else nothing: the job is done when serveJob returns.
 */
export function serveJob(msg: RunJobMessage, post: Post, runners: Runners = ENGINE_JOBS, env: Omit<EngineEnv, 'cancel'> = {}): void | Promise<void> {
  const { jobId } = msg;
  const kind = msg.kind;
  const entry = runners[kind] as EngineJobKind<JobKind> | undefined;
  if (entry === undefined) {
    post({ type: 'failed', jobId, error: { message: `Unknown job kind '${String(kind)}'.` } });
    return;
  }
  const fail = (e: unknown) => post({ type: 'failed', jobId, error: { message: `The ${JOB_NOUNS[kind] ?? 'job'} failed: ${errorText(e)}` } });
  const deliver = (outcome: EngineOutcome<JobKind>) => {
    if (outcome.ok) {
      post({ type: 'result', jobId, kind, result: outcome.result } as WorkerReply, entry.transfer?.(outcome.result));
    } else {
      post({ type: 'failed', jobId, error: outcome.error });
    }
  };
  try {
    const flag = new Int32Array(msg.cancel);
    let lastPost = -Infinity;
    let fraction = 0;
    let describe: () => string = () => 'starting';
    let partial: JobPartialOf<JobKind> | null = null;
    let sent: unknown = null;
    let sentSize = -1;
    const sizeOf = (p: unknown) =>
      p !== null && typeof p === 'object' && Array.isArray((p as { points?: unknown }).points) ? (p as { points: unknown[] }).points.length : 0;
    const flush = () => {
      const now = clockMs();
      if (now - lastPost < PROGRESS_INTERVAL_MS) return;
      lastPost = now;
      const grew = partial !== null && (partial !== sent || sizeOf(partial) !== sentSize);
      post({ type: 'progress', jobId, kind, fraction, detail: describe(), ...(grew ? { partial } : {}) } as WorkerReply);
      if (grew) {
        sent = partial;
        sentSize = sizeOf(partial);
      }
    };
    const outcome = entry.run(
      msg.request,
      {
        isCancelled: () => Atomics.load(flag, 0) !== 0,
        progress: (f, detail) => {
          fraction = f;
          describe = detail;
          flush();
        },
        partial: (value) => {
          partial = value;
          if (sent === null) lastPost = -Infinity;
          flush();
        },
      },
      { ...env, cancel: msg.cancel },
    );
    if (outcome instanceof Promise) return outcome.then(deliver).catch(fail);
    deliver(outcome);
  } catch (e) {
    fail(e);
  }
}

// Serve only when started as an engine worker (not when imported by a test runner's own thread).
const port = parentPort;
const data = workerData as EngineWorkerData | undefined;
if (port !== null && data?.role === ENGINE_WORKER_DATA.role) {
  // Compiled while the worker waits for its first job (a continuation would compile them at once).
  void precompileEngineWasm();
  const env = { networkWorkerPath: data.networkWorkerPath, networkThreads: data.networkThreads };
  port.on('message', (msg: RunJobMessage) => {
    if (msg?.type !== 'run') return;
    void serveJob(msg, (reply, transfer) => port.postMessage(reply, transfer ?? []), ENGINE_JOBS, env);
  });
}
