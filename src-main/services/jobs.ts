/**
 * Engine jobs (every kind of @shared/jobs) on a small pool of worker threads (plain Node, no
 * Electron). The main thread only queues, dispatches and collects: the numeric work never runs on
 * its event loop.
 *
 * - `start` queues a job and returns its id at once; jobs beyond the pool size wait in FIFO order.
 * - `poll` reports progress, then the result (or failure) exactly once; afterwards the id is unknown.
 *   A running job's poll carries its partial result (a continuation's branch so far) when it grew
 *   since the last poll.
 * - `cancel` sets the job's shared flag, which the engine reads every few hundred steps (or every
 *   continuation point), so a cancelled job ends (with the data computed so far, status
 *   'cancelled') within milliseconds.
 * - `cancelAll` stops every job (the page that started them was reloaded or closed).
 * - Results nobody polls are dropped after `unclaimedTtlMs`.
 * - Workers start lazily and are reused; a worker that dies fails its job with a message and is
 *   replaced by a fresh one when the next job needs it.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiError, JobPoll } from '@shared/api';
import type { JobFinished, JobKind, JobPartialOf, JobRequestOf, JobRunning } from '@shared/jobs';
import { ENGINE_WORKER_DATA, type EngineWorkerData, type RunJobMessage, type WorkerReply } from '../engine/worker-protocol';

export interface JobServiceOptions {
  /** Path or file URL of the worker script (out/main/worker.js in a build). */
  workerPath: string | URL;
  /** Number of worker threads (default min(2, available cores)). */
  poolSize?: number;
  /**
   * How long a finished or failed job waits to be polled before it is dropped, in milliseconds
   * (default 10 minutes), so results nobody collects (e.g. after a window reload) do not pile up.
   */
  unclaimedTtlMs?: number;
  /**
   * The network worker script that network jobs start their own threads from (default:
   * network-worker.js next to `workerPath`, where the build puts it).
   */
  networkWorkerPath?: string;
  /** Threads per network job (default min(8, available cores)). */
  networkThreads?: number;
  /** Told when a worker throws outside a job or stops unexpectedly (main writes it to its log). */
  onWorkerError?(message: string, error?: unknown): void;
}

declare const kindBrand: unique symbol;
/** A job id that remembers its kind, so that `poll` returns that kind's result type. */
export type JobId<K extends JobKind> = string & { readonly [kindBrand]: K };
/** What `poll` reports for a job of kind K (a finished job carries K's result). */
export type PollOf<K extends JobKind> = Exclude<JobPoll, { state: 'finished'; kind: Exclude<JobKind, K> }>;

type JobState = { state: 'queued' } | { state: 'running'; fraction: number; detail: string } | JobFinished | { state: 'failed'; error: ApiError };

interface Job {
  id: string;
  kind: JobKind;
  request: unknown;
  cancel: SharedArrayBuffer;
  status: JobState;
  /** The partial result so far (a continuation's branch), and whether a poll has delivered this one already. */
  partial: JobPartialOf<JobKind> | null;
  partialSent: boolean;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  /** Set once the worker is gone (exited or terminated); the slot is then dropped. */
  dead: boolean;
}

export class JobService {
  readonly #workerPath: string | URL;
  readonly #poolSize: number;
  readonly #workerData: EngineWorkerData;
  readonly #ttlMs: number;
  readonly #onWorkerError: (message: string, error?: unknown) => void;
  readonly #jobs = new Map<string, Job>();
  readonly #queue: Job[] = [];
  readonly #slots: Slot[] = [];
  #seq = 0;
  #disposed = false;

  constructor(options: JobServiceOptions) {
    this.#workerPath = options.workerPath;
    const size = options.poolSize ?? Math.min(2, availableParallelism());
    if (!Number.isInteger(size) || size < 1) throw new Error(`poolSize must be a positive integer, got ${size}`);
    this.#poolSize = size;
    this.#ttlMs = options.unclaimedTtlMs ?? 10 * 60_000;
    const scriptPath = typeof options.workerPath === 'string' ? options.workerPath : fileURLToPath(options.workerPath);
    this.#workerData = {
      ...ENGINE_WORKER_DATA,
      networkWorkerPath: options.networkWorkerPath ?? join(dirname(scriptPath), 'network-worker.js'),
      networkThreads: options.networkThreads ?? Math.min(8, availableParallelism()),
    };
    this.#onWorkerError = options.onWorkerError ?? (() => undefined);
  }

  /** Number of live worker threads (for diagnostics and tests). */
  get workerCount(): number {
    return this.#slots.length;
  }

  /**
   * Queues a job of `kind` (default: a simulation) and returns its id. The request is checked in
   * the worker: an invalid one ends as a failed job whose error lists the fields at fault.
   */
  start<K extends JobKind = 'simulation'>(request: JobRequestOf<K>, kind?: K): JobId<K>;
  start(request: unknown, kind: JobKind = 'simulation'): JobId<JobKind> {
    if (this.#disposed) throw new Error('The job service has been shut down.');
    const id = `job-${++this.#seq}`;
    const job: Job = {
      id,
      kind,
      request,
      cancel: new SharedArrayBuffer(4),
      status: { state: 'queued' },
      partial: null,
      partialSent: false,
    };
    this.#jobs.set(id, job);
    this.#queue.push(job);
    this.#pump();
    return id as JobId<JobKind>;
  }

  /** Whether the job is known: queued, running, or finished and not yet polled. */
  has(jobId: string): boolean {
    return this.#jobs.has(jobId);
  }

  /** The job's state; a finished or failed job is reported once and then forgotten. */
  poll<K extends JobKind>(jobId: JobId<K>): PollOf<K>;
  poll(jobId: string): JobPoll;
  poll(jobId: string): JobPoll {
    const job = this.#jobs.get(jobId);
    if (job === undefined) return { state: 'unknown' };
    const { kind } = job;
    const s = job.status;
    switch (s.state) {
      case 'queued':
        return { state: 'running', kind, fraction: 0, detail: 'waiting for a free worker' };
      case 'running': {
        const poll = { state: 'running', kind, fraction: s.fraction, detail: s.detail } as JobRunning;
        if (job.partial !== null && !job.partialSent) {
          job.partialSent = true;
          return { ...poll, partial: job.partial } as JobRunning;
        }
        return poll;
      }
      case 'finished':
        this.#jobs.delete(jobId);
        return s;
      case 'failed':
        this.#jobs.delete(jobId);
        return { state: 'failed', kind, error: s.error };
    }
  }

  /**
   * Asks a job to stop; it then finishes with status 'cancelled' and the data computed so far
   * (a queued job still runs, but stops at once). Returns false when the id is unknown.
   */
  cancel(jobId: string): boolean {
    const job = this.#jobs.get(jobId);
    if (job === undefined) return false;
    Atomics.store(new Int32Array(job.cancel), 0, 1);
    return true;
  }

  /**
   * Asks every queued and running job to stop (the page that started them went away, e.g. a window
   * reload); each ends as 'cancelled' with its data so far and is dropped when nobody polls it.
   * Returns how many jobs were asked.
   */
  cancelAll(): number {
    let n = 0;
    for (const job of this.#jobs.values()) {
      if (job.status.state === 'queued' || job.status.state === 'running') {
        Atomics.store(new Int32Array(job.cancel), 0, 1);
        n++;
      }
    }
    return n;
  }

  /** Stops every worker; running and queued jobs are failed. The service cannot be used afterwards. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const job of this.#queue) this.#fail(job, 'The application is shutting down.');
    this.#queue.length = 0;
    const slots = this.#slots.splice(0);
    await Promise.all(
      slots.map(async (slot) => {
        slot.dead = true;
        if (slot.job !== null) this.#fail(slot.job, 'The application is shutting down.');
        slot.job = null;
        await slot.worker.terminate();
      }),
    );
  }

  #fail(job: Job, message: string): void {
    this.#settle(job, { state: 'failed', error: { message } });
  }

  /** Records a job's outcome and schedules dropping it if it is never polled. */
  #settle(job: Job, status: JobFinished | { state: 'failed'; error: ApiError }): void {
    job.status = status;
    job.partial = null;
    const timer = setTimeout(() => {
      if (this.#jobs.get(job.id) === job) this.#jobs.delete(job.id);
    }, this.#ttlMs);
    timer.unref();
  }

  /** Hands queued jobs to idle workers, starting workers up to the pool size. */
  #pump(): void {
    while (this.#queue.length > 0 && !this.#disposed) {
      let slot = this.#slots.find((s) => s.job === null && !s.dead);
      if (slot === undefined) {
        if (this.#slots.length >= this.#poolSize) return;
        slot = this.#spawn();
      }
      const job = this.#queue.shift()!;
      slot.job = job;
      job.status = { state: 'running', fraction: 0, detail: 'starting' };
      const msg: RunJobMessage = { type: 'run', jobId: job.id, kind: job.kind, request: job.request, cancel: job.cancel };
      try {
        slot.worker.postMessage(msg);
      } catch (e) {
        // The request could not be cloned (e.g. a function in it): refuse this job only.
        slot.job = null;
        this.#fail(job, `The ${job.kind} request cannot be sent to the engine: ${(e as Error).message}`);
      }
    }
  }

  #spawn(): Slot {
    const worker = new Worker(this.#workerPath, { workerData: this.#workerData });
    const slot: Slot = { worker, job: null, dead: false };
    let lastError = '';
    worker.on('message', (reply: WorkerReply) => this.#onReply(slot, reply));
    worker.on('error', (e) => {
      lastError = e instanceof Error ? e.message : String(e);
      this.#onWorkerError(`An engine worker failed${slot.job ? ` running ${slot.job.id}` : ''}: ${lastError}`, e);
    });
    worker.on('exit', (code) => {
      if (slot.dead) return;
      slot.dead = true;
      if (lastError === '') this.#onWorkerError(`An engine worker stopped unexpectedly (exit code ${code})${slot.job ? ` running ${slot.job.id}` : ''}.`);
      const i = this.#slots.indexOf(slot);
      if (i >= 0) this.#slots.splice(i, 1);
      if (slot.job !== null) {
        const why = lastError !== '' ? `: ${lastError}` : ` (exit code ${code})`;
        this.#fail(slot.job, `The ${slot.job.kind} engine stopped unexpectedly${why}. The job was lost; please run it again.`);
        slot.job = null;
      }
      this.#pump();
    });
    this.#slots.push(slot);
    return slot;
  }

  #onReply(slot: Slot, reply: WorkerReply): void {
    const job = slot.job;
    if (job === null || job.id !== reply.jobId) return;
    switch (reply.type) {
      case 'progress':
        job.status = { state: 'running', fraction: reply.fraction, detail: reply.detail };
        if (reply.partial !== undefined) {
          job.partial = reply.partial;
          job.partialSent = false;
        }
        return;
      case 'result':
        this.#settle(job, { state: 'finished', kind: reply.kind, result: reply.result } as JobFinished);
        break;
      case 'failed':
        this.#settle(job, { state: 'failed', error: reply.error });
        break;
    }
    slot.job = null;
    this.#pump();
  }
}
