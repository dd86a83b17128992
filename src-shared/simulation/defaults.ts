/**
 * Filling a simulation request from a model's defaults. A request names only what differs from the
 * model (unnamed parameters, initial values and inputs keep their defaults); these helpers give the
 * complete values in model order.
 */
import type { InputInfo, ModelDef } from '../models/types';
import { DEFAULT_SOLVER, type InputSpec, type SimulationRequest, type SolverSettings } from './types';

/** A request's values completed from the model, each list in model order. */
export interface ResolvedRequest {
  /** Parameter values in the order of def.params. */
  params: number[];
  /** Initial state in the order of def.states. */
  initial: number[];
  /** Input signals in the order of def.inputs. */
  inputs: InputSpec[];
  solver: SolverSettings;
}

/** The constant signal an input has when the request does not drive it: its default, no windows. */
export function defaultInputSpec(info: InputInfo): InputSpec {
  return { kind: 'schedule', baseline: info.default, windows: [] };
}

/** A request that runs `def` with every default (and DEFAULT_SOLVER unless `solver` overrides). */
export function defaultRequest(def: ModelDef, solver: Partial<SolverSettings> = {}): SimulationRequest {
  return { model: def.name, params: {}, initial: {}, inputs: {}, solver: { ...DEFAULT_SOLVER, ...solver } };
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The full values of `req` for `def` (request values win over defaults). Assumes a validated request. */
export function resolveRequest(req: SimulationRequest, def: ModelDef): ResolvedRequest {
  return {
    params: def.params.map((p) => own(req.params, p.name) ?? p.default),
    initial: def.states.map((s) => own(req.initial, s.name) ?? s.initial),
    inputs: def.inputs.map((i) => own(req.inputs, i.name) ?? defaultInputSpec(i)),
    solver: { ...req.solver },
  };
}
