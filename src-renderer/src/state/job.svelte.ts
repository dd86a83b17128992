/**
 * Runs one simulation job at a time through window.api: start, poll progress every 80 ms, cancel.
 * A cancelled job still delivers its partial result (status 'cancelled'), which is kept as a run.
 */
import type { ApiError } from '@shared/api';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';

export type JobPhase = 'idle' | 'starting' | 'running' | 'cancelling';

const POLL_MS = 80;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface JobEvents {
  /** The job finished (ok, blowup or cancelled) with this result. */
  finished(request: SimulationRequest, result: SimulationResult): void;
  /** The job could not start or failed; `error.issues` name the fields at fault. */
  failed(request: SimulationRequest, error: ApiError): void;
}

export class JobRunner {
  #phase = $state<JobPhase>('idle');
  #fraction = $state(0);
  #detail = $state('');
  #jobId: string | null = null;
  #events: JobEvents;

  constructor(events: JobEvents) {
    this.#events = events;
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
  async run(request: SimulationRequest): Promise<void> {
    if (this.busy) return;
    this.#phase = 'starting';
    this.#fraction = 0;
    this.#detail = 'starting';
    try {
      const started = await window.api.startSimulation(request);
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

  async #follow(request: SimulationRequest, jobId: string): Promise<void> {
    for (;;) {
      await sleep(POLL_MS);
      const poll = await window.api.pollJob(jobId);
      switch (poll.state) {
        case 'running':
          this.#fraction = poll.fraction;
          this.#detail = poll.detail;
          break;
        case 'finished':
          this.#fraction = 1;
          this.#events.finished(request, poll.result);
          return;
        case 'failed':
          this.#events.failed(request, poll.error);
          return;
        case 'unknown':
          this.#events.failed(request, { message: 'The simulation job was lost (unknown job id).' });
          return;
      }
    }
  }

  /** Asks the running job to stop; its partial result arrives as a cancelled run. */
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
