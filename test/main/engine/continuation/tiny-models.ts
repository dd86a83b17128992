/** Tiny hand-written models with known equilibrium bifurcations, for the continuation tests. */
import type { ModelDef } from '@shared/models/types';
import { DEFAULT_CONTINUATION, type ContinuationRequest, type ContinuationSettings } from '@shared/continuation/types';
import { compileModel } from '../../../../src-main/engine/compile';
import { runContinuation, type ContinuationEngineOptions } from '../../../../src-main/engine/continuation/run';

const info = (name: string) => ({ name, latex: name, description: name, unit: '' });

/** A model with states `states` (initial values), parameters `params` (defaults) and equations. */
export function tinyModel(
  name: string,
  states: Record<string, number>,
  params: Record<string, number>,
  equations: Record<string, string>,
  inputs: Record<string, number> = {},
): ModelDef {
  return {
    name,
    version: 1,
    title: name,
    description: name,
    states: Object.entries(states).map(([s, initial]) => ({ ...info(s), initial })),
    params: Object.entries(params).map(([p, d]) => ({ ...info(p), default: d })),
    inputs: Object.entries(inputs).map(([p, d]) => ({ ...info(p), default: d })),
    definitions: [],
    equations: Object.entries(equations).map(([state, rhs]) => ({ state, rhs, latex: rhs })),
  };
}

/**
 * Traces `def` in `param` over `bounds` from its defaults (overridden by `params`, `initial`,
 * `inputs`); `engine` passes engine options (e.g. the test-function step control off).
 */
export function trace(
  def: ModelDef,
  param: string,
  bounds: [number, number],
  over: {
    params?: Record<string, number>;
    initial?: Record<string, number>;
    inputs?: Record<string, number>;
    settings?: Partial<ContinuationSettings>;
    engine?: ContinuationEngineOptions;
  } = {},
) {
  const req: ContinuationRequest = {
    model: def.name,
    params: over.params ?? {},
    initial: over.initial ?? {},
    inputs: over.inputs ?? {},
    param,
    bounds,
    settings: { ...DEFAULT_CONTINUATION, ...over.settings },
  };
  return runContinuation(compileModel(def), req, {}, over.engine);
}
