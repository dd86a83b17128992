/**
 * The one contract between the renderer and the main process. Every method is an invoke-style call
 * (request -> promise of result). The preload exposes exactly `API_METHODS` as `window.api`, main
 * registers one handler per name and validates every argument before any work.
 *
 * Long work (simulations, continuations) is a job: `startSimulation` / `startContinuation` return a
 * job id at once, the renderer polls `pollJob` for progress and the result, `cancelJob` stops it
 * (keeping what was computed).
 */
import type { Branch, ContinuationRequest, ContinuationResult } from './continuation/types';
import type { ModelDef } from './models/types';
import type { FieldIssue, SimulationRequest, SimulationResult } from './simulation/types';

/** A failed call: a message for the user and, where it applies, the fields at fault. */
export interface ApiError {
  message: string;
  issues?: FieldIssue[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export type JobKind = 'simulation' | 'continuation';

/**
 * What `pollJob` reports. A finished job's result is delivered once, then the job is forgotten.
 * A running continuation may carry `partial`: the branch traced so far, sent only when it grew
 * since the previous poll (keep the last one received).
 */
export type JobPoll =
  | { state: 'running'; kind: JobKind; fraction: number; detail: string; partial?: Branch }
  | { state: 'finished'; kind: 'simulation'; result: SimulationResult }
  | { state: 'finished'; kind: 'continuation'; result: ContinuationResult }
  | { state: 'failed'; kind: JobKind; error: ApiError }
  | { state: 'unknown' };

export interface ExportRequest {
  /** File name offered in the save dialog, e.g. `ik_nodim-runs.csv`. */
  suggestedName: string;
  kind: 'csv' | 'png';
  /** CSV text or PNG bytes. */
  data: string | Uint8Array;
}

export interface Api {
  /** The built-in model templates. */
  listModels(): Promise<ModelDef[]>;
  /** Checks a request without running it: [] when it would run. */
  validateSimulation(request: SimulationRequest): Promise<FieldIssue[]>;
  startSimulation(request: SimulationRequest): Promise<ApiResult<{ jobId: string }>>;
  /** Traces the steady-state branch of `request.param` (an equilibrium continuation job). */
  startContinuation(request: ContinuationRequest): Promise<ApiResult<{ jobId: string }>>;
  pollJob(jobId: string): Promise<JobPoll>;
  cancelJob(jobId: string): Promise<ApiResult<null>>;
  /** Asks where to save (native dialog) and writes the file; `saved: false` when the user cancels. */
  exportFile(request: ExportRequest): Promise<ApiResult<{ saved: boolean; path?: string }>>;
}

export type ApiMethod = keyof Api;

/** The names the preload exposes, in a fixed order; nothing else crosses the bridge. */
export const API_METHODS = [
  'listModels',
  'validateSimulation',
  'startSimulation',
  'startContinuation',
  'pollJob',
  'cancelJob',
  'exportFile',
] as const satisfies readonly ApiMethod[];

/** IPC channel of a method. */
export const channelOf = (method: ApiMethod): string => `api:${method}`;
