/**
 * One continuation request from untrusted input to a result: checks
 * (./continuation-request-issues.ts), compilation (shared per-thread cache of ./run-request.ts),
 * then the trace (./continuation/run.ts). Used by the worker thread (./worker.ts). Bad input is an
 * outcome (`ok: false` with the fields at fault), never an exception; an exception thrown from here
 * is a bug.
 */
import type { ApiError } from '@shared/api';
import type { Branch, ContinuationRequest, ContinuationResult } from '@shared/continuation/types';
import { continuationRequestIssues } from './request-issues';
import { runContinuation } from './continuation/run';
import { compiledFor } from './run-request';

export type ContinuationOutcome = { ok: true; result: ContinuationResult } | { ok: false; error: ApiError };

export interface ContinuationHooks {
  /** Points traced so far, the parameter value reached and the fraction of the work done (0..1). */
  onProgress(info: { points: number; p: number; fraction: number }): void;
  /** Polled by the engine; true ends the trace with status 'cancelled' and the branch so far. */
  isCancelled(): boolean;
  /** The branch traced so far (called as it grows). */
  onPartial?(branch: Branch): void;
}

/** Checks and traces `request`; returns the result (possibly 'noEquilibrium' or 'cancelled') or why not. */
export function runContinuationRequest(request: unknown, hooks: ContinuationHooks): ContinuationOutcome {
  const error = continuationRequestIssues(request);
  if (error !== null) return { ok: false, error };
  const req = request as ContinuationRequest;
  const model = compiledFor(req);
  if (model === undefined) return { ok: false, error: { message: `Unknown model '${req.model}'.` } };
  return { ok: true, result: runContinuation(model, req, hooks) };
}
