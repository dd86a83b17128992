/**
 * Runs one engine job at a time through window.api: start, poll progress every 80 ms, cancel.
 * Generic over the job kind: a simulation (`simulationJob`) or a continuation (`continuationJob`).
 * A cancelled job still delivers its partial result (status 'cancelled'), which the owner keeps.
 * A continuation's polls may carry the branch traced so far, handed to `events.partial`.
 */
import type { ApiError, ApiResult, JobKind, JobPoll } from '@shared/api';
import type { Branch, ContinuationRequest, ContinuationResult } from '@shared/continuation/types';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';

export type JobPhase = 'idle' | 'starting' | 'running' | 'cancelling';

const POLL_MS = 80;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface JobEvents<Req, Res> {
  /** The job finished (ok, or stopped early with a status) with this result. */
  finished(request: Req, result: Res): void;
  /** The job could not start or failed; `error.issues` name the fields at fault. */
  failed(request: Req, error: ApiError): void;
  /** A continuation's branch so far (while running). */
  partial?(request: Req, branch: Branch): void;
}

interface JobKindSpec<Req> {
  kind: JobKind;
  /** "simulation" / "continuation", for messages. */
  noun: string;
  start(request: Req): Promise<ApiResult<{ jobId: string }>>;
}

export class JobRunner<Req, Res> {
  #phase = $state<JobPhase>('idle');
  #fraction = $state(0);
  #detail = $state('');
  #jobId: string | null = null;
  readonly #spec: JobKindSpec<Req>;
  readonly #events: JobEvents<Req, Res>;

  constructor(spec: JobKindSpec<Req>, events: JobEvents<Req, Res>) {
    this.#spec = spec;
    this.#events = events;
  }

  get kind(): JobKind {
    return this.#spec.kind;
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
  async run(request: Req): Promise<void> {
    if (this.busy) return;
    this.#phase = 'starting';
    this.#fraction = 0;
    this.#detail = 'starting';
    try {
      const started = await this.#spec.start(request);
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

  async #follow(request: Req, jobId: string): Promise<void> {
    for (;;) {
      await sleep(POLL_MS);
      const poll: JobPoll = await window.api.pollJob(jobId);
      switch (poll.state) {
        case 'running':
          this.#fraction = poll.fraction;
          if (this.#phase !== 'cancelling') this.#detail = poll.detail;
          if (poll.partial) this.#events.partial?.(request, poll.partial);
          break;
        case 'finished':
          this.#fraction = 1;
          this.#events.finished(request, poll.result as Res);
          return;
        case 'failed':
          this.#events.failed(request, poll.error);
          return;
        case 'unknown':
          this.#events.failed(request, { message: `The ${this.#spec.noun} job was lost (unknown job id).` });
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

export type SimulationJob = JobRunner<SimulationRequest, SimulationResult>;
export type ContinuationJob = JobRunner<ContinuationRequest, ContinuationResult>;

export function simulationJob(events: JobEvents<SimulationRequest, SimulationResult>): SimulationJob {
  return new JobRunner({ kind: 'simulation', noun: 'simulation', start: (r) => window.api.startSimulation(r) }, events);
}

export function continuationJob(events: JobEvents<ContinuationRequest, ContinuationResult>): ContinuationJob {
  return new JobRunner({ kind: 'continuation', noun: 'continuation', start: (r) => window.api.startContinuation(r) }, events);
}
