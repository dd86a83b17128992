/**
 * One simulation request from untrusted input to a result: checks (./request-issues.ts),
 * compilation (cached per template and thread), integration. Used by the worker thread
 * (./worker.ts). Bad input is an outcome (`ok: false` with the fields at fault), never an
 * exception; an exception thrown from here is a bug.
 */
import type { ApiError } from '@shared/api';
import { getTemplate } from '@shared/models/templates';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { compileModel } from './compile';
import type { CompiledModel } from './compiled-model';
import { requestIssues } from './request-issues';
import { simulate } from './simulate';

export type RunOutcome = { ok: true; result: SimulationResult } | { ok: false; error: ApiError };

export interface RunHooks {
  /** Called by the integrator with the fraction done (0..1) and the current time. */
  onProgress(fraction: number, t: number): void;
  /** Polled by the integrator; true stops the run with status 'cancelled' and the data so far. */
  isCancelled(): boolean;
}

const compiled = new Map<string, CompiledModel>();

/** The compiled template `name`, compiled once per thread. */
export function compiledTemplate(name: string): CompiledModel | undefined {
  let model = compiled.get(name);
  if (model === undefined) {
    const def = getTemplate(name);
    if (def === undefined) return undefined;
    model = compileModel(def);
    compiled.set(name, model);
  }
  return model;
}

/** Checks and runs `request`; returns the result (possibly 'blowup' or 'cancelled') or why not. */
export function runSimulationRequest(request: unknown, hooks: RunHooks): RunOutcome {
  const error = requestIssues(request);
  if (error !== null) return { ok: false, error };
  const req = request as SimulationRequest;
  const model = compiledTemplate(req.model);
  if (model === undefined) return { ok: false, error: { message: `Unknown model '${req.model}'.` } };
  return { ok: true, result: simulate(model, req, hooks) };
}
