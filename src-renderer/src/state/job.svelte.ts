/**
 * Runs one engine job at a time through window.api: start, poll progress every 80 ms, cancel.
 * Generic over the job kinds of @shared/jobs (`jobRunner(kind, events)`). A cancelled job still
 * delivers its partial result (status 'cancelled'), which the owner keeps. Polls may carry the
 * result so far (a continuation's branch), handed to `events.partial`.
 */
import type { ApiError, JobPoll } from '@shared/api';
import { JOB_NOUNS, type JobKind, type JobPartialOf, type JobRequestOf, type JobResultOf, type JobStart } from '@shared/jobs';

export type JobPhase = 'idle' | 'starting' | 'running' | 'cancelling';

const POLL_MS = 80;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface JobEvents<K extends JobKind> {
  /** The job finished (ok, or stopped early with a status) with this result. */
  finished(request: JobRequestOf<K>, result: JobResultOf<K>): void;
  /** The job could not start or failed; `error.issues` name the fields at fault. */
  failed(request: JobRequestOf<K>, error: ApiError): void;
  /** The result so far (while running), e.g. a continuation's branch. */
  partial?(request: JobRequestOf<K>, value: JobPartialOf<K>): void;
}

export class JobRunner<K extends JobKind> {
  #phase = $state<JobPhase>('idle');
  #fraction = $state(0);
  #detail = $state('');
  #jobId: string | null = null;
  readonly #kind: K;
  readonly #events: JobEvents<K>;

  constructor(kind: K, events: JobEvents<K>) {
    this.#kind = kind;
    this.#events = events;
  }

  get kind(): K {
    return this.#kind;
  }
  get phase(): JobPhase {
    return this.#phase;
  }
  get busy(): boolean {
    return this.#phase !== 'idle';
  }
  /** Progress in [0, 1]. */
  get fraction(): number {
    return this.#fraction;
  }
  get detail(): string {
    return this.#detail;
  }

  /** Starts `request` unless a job is already running; resolves when the job is over. */
  async run(request: JobRequestOf<K>): Promise<void> {
    if (this.busy) return;
    this.#phase = 'starting';
    this.#fraction = 0;
    this.#detail = 'starting';
    try {
      const started = await window.api.startJob({ kind: this.#kind, request } as JobStart);
      if (!started.ok) {
        this.#events.failed(request, started.error);
        return;
      }
      this.#jobId = started.value.jobId;
      if (this.#phase === 'starting') this.#phase = 'running';
      else void window.api.cancelJob(this.#jobId); // Cancel was pressed while starting.
      await this.#follow(request, this.#jobId);
    } catch (e) {
      this.#events.failed(request, { message: e instanceof Error ? e.message : String(e) });
    } finally {
      this.#jobId = null;
      this.#phase = 'idle';
    }
  }

  async #follow(request: JobRequestOf<K>, jobId: string): Promise<void> {
    for (;;) {
      await sleep(POLL_MS);
      const poll: JobPoll = await window.api.pollJob(jobId);
      switch (poll.state) {
        case 'running':
          this.#fraction = poll.fraction;
          if (this.#phase !== 'cancelling') this.#detail = poll.detail;
          if (poll.partial) this.#events.partial?.(request, poll.partial as JobPartialOf<K>);
          break;
        case 'finished':
          this.#fraction = 1;
          this.#events.finished(request, poll.result as JobResultOf<K>);
          return;
        case 'failed':
          this.#events.failed(request, poll.error);
          return;
        case 'unknown':
          this.#events.failed(request, { message: `The ${JOB_NOUNS[this.#kind]} job was lost (unknown job id).` });
          return;
      }
    }
  }

  /** Asks the running job to stop; its partial result arrives as a cancelled result. */
  cancel(): void {
    if (this.#phase === 'starting') {
      this.#phase = 'cancelling';
    } else if (this.#phase === 'running' && this.#jobId) {
      this.#phase = 'cancelling';
      this.#detail = 'cancelling';
      void window.api.cancelJob(this.#jobId);
    }
  }
}

export type SimulationJob = JobRunner<'simulation'>;
export type ContinuationJob = JobRunner<'continuation'>;
export type NetworkJob = JobRunner<'network'>;

/** A runner of jobs of `kind`. */
export function jobRunner<K extends JobKind>(kind: K, events: JobEvents<K>): JobRunner<K> {
  return new JobRunner(kind, events);
}
