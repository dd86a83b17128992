/**
 * The one registry of engine job kinds: what each takes, returns and sends while it runs. The API
 * contract (./api.ts), the worker protocol and the job service (src-main) and the renderer's job
 * state are all typed from this map, so a new kind of analysis is one entry here plus its runner in
 * the engine's registry (src-main/engine/job-kinds.ts).
 */
import type { Branch, ContinuationRequest, ContinuationResult } from './continuation/types';
import type { Curve, CurveRequest, CurveResult } from './curves/types';
import type { CycleBranch, CycleRequest, CycleResult } from './cycles/types';
import type { NetworkRequest, NetworkResult } from './network/types';
import type { SimulationRequest, SimulationResult } from './simulation/types';

export interface JobTypes {
  simulation: { request: SimulationRequest; result: SimulationResult; partial: never };
  /** Partial: the branch traced so far. */
  continuation: { request: ContinuationRequest; result: ContinuationResult; partial: Branch };
  /** A fold or Hopf curve in two parameters; partial: the curve so far. */
  curve: { request: CurveRequest; result: CurveResult; partial: Curve };
  /** A family of limit cycles from a Hopf point; partial: the family so far. */
  cycle: { request: CycleRequest; result: CycleResult; partial: CycleBranch };
  /** The spiking network behind a template (samples t, r, v, u, s and an optional raster); cancelled: the samples so far. */
  network: { request: NetworkRequest; result: NetworkResult; partial: never };
}

export type JobKind = keyof JobTypes;

/** Every kind, in a fixed order (checked at the IPC boundary). */
export const JOB_KINDS = ['simulation', 'continuation', 'curve', 'cycle', 'network'] as const satisfies readonly JobKind[];

/** Nouns for messages ("The continuation job was lost"). */
export const JOB_NOUNS: { readonly [K in JobKind]: string } = {
  simulation: 'simulation',
  continuation: 'continuation',
  curve: 'curve',
  cycle: 'cycle',
  network: 'network simulation',
};

export type JobRequestOf<K extends JobKind> = JobTypes[K]['request'];
export type JobResultOf<K extends JobKind> = JobTypes[K]['result'];
export type JobPartialOf<K extends JobKind> = JobTypes[K]['partial'];

/** A job to start: its kind and request (checked in full by main before it is queued). */
export type JobStart = { [K in JobKind]: { kind: K; request: JobRequestOf<K> } }[JobKind];

/** A finished job of some kind with its result. */
export type JobFinished = { [K in JobKind]: { state: 'finished'; kind: K; result: JobResultOf<K> } }[JobKind];

/** A running job of some kind; `partial` (the result so far) only when it grew since the last report. */
export type JobRunning = { [K in JobKind]: { state: 'running'; kind: K; fraction: number; detail: string; partial?: JobPartialOf<K> } }[JobKind];

export function isJobKind(x: unknown): x is JobKind {
  return typeof x === 'string' && (JOB_KINDS as readonly string[]).includes(x);
}
