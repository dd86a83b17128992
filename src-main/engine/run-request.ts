/**
 * One simulation request from untrusted input to a result: checks (./request-issues.ts),
 * compilation (cached per template and thread), integration. Used by the worker thread
 * (./worker.ts). Bad input is an outcome (`ok: false` with the fields at fault), never an
 * exception; an exception thrown from here is a bug.
 */
import type { ApiError } from '@shared/api';
import { refKey } from '@shared/models/identity';
import { requestModel } from '@shared/models/request-model';
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

/** Compiled models of this thread by identity (template name and version, or content hash). */
const compiled = new Map<string, CompiledModel>();
const MAX_COMPILED = 32;

/**
 * The compiled model of a request (a template by name, or the custom definition it carries),
 * compiled once per thread and identity; undefined when the request names no usable model.
 */
export function compiledFor(req: { model: string; def?: unknown }): CompiledModel | undefined {
  const resolved = requestModel(req);
  if (!resolved.ok) return undefined;
  const key = refKey(resolved.ref);
  let model = compiled.get(key);
  if (model === undefined) {
    model = compileModel(resolved.def);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, model);
  }
  // Same content under another name or description: share the generated code, keep the definition.
  return model.def === resolved.def ? model : { ...model, def: resolved.def };
}

/** The compiled template `name` (see compiledFor). */
export function compiledTemplate(name: string): CompiledModel | undefined {
  return compiledFor({ model: name });
}

/** Checks and runs `request`; returns the result (possibly 'blowup' or 'cancelled') or why not. */
export function runSimulationRequest(request: unknown, hooks: RunHooks): RunOutcome {
  const error = requestIssues(request);
  if (error !== null) return { ok: false, error };
  const req = request as SimulationRequest;
  const model = compiledFor(req);
  if (model === undefined) return { ok: false, error: { message: `Unknown model '${req.model}'.` } };
  return { ok: true, result: simulate(model, req, hooks) };
}
