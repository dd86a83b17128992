/**
 * Simulation request and result: the data that crosses the API between the renderer, main, the
 * worker threads and the CLI. Plain objects, arrays and Float64Array only (no Map/Set/ArrayBuffer).
 */
import type { ModelDef } from '../models/types';
import { defaultsOf } from '../settings';
import { SOLVER_SETTINGS } from './settings';

export type Method = 'euler' | 'rk4' | 'dopri5' | 'rodas4' | 'auto';
export const METHODS: readonly Method[] = ['euler', 'rk4', 'dopri5', 'rodas4', 'auto'];

/**
 * Methods with adaptive steps and error control (rtol, atol): dt is their first trial step, input
 * changes are landed on exactly, samples come from dense output.
 */
export function isAdaptive(method: Method): method is 'dopri5' | 'rodas4' | 'auto' {
  return method === 'dopri5' || method === 'rodas4' || method === 'auto';
}

/** A step window: the input takes `value` for start <= t < stop. */
export interface InputWindow {
  start: number;
  stop: number;
  value: number;
}

/**
 * An input signal. `schedule`: a baseline plus windows (later windows win where they overlap).
 * `array`: PyRates style, one value per integration step on the grid t_i = i*dt (held constant over
 * each step); the last value is held after the array ends.
 */
export type InputSpec = { kind: 'schedule'; baseline: number; windows: InputWindow[] } | { kind: 'array'; values: Float64Array | number[] };

export interface SolverSettings {
  method: Method;
  /** Step size of the fixed-step methods; initial step of the adaptive ones. */
  dt: number;
  /** End time T; integration runs over [0, T]. */
  tEnd: number;
  /** Output sampling interval (>= dt). */
  sample: number;
  /** Samples with t < cutoff are dropped (default 0). */
  cutoff: number;
  /** Tolerances of the adaptive methods (defaults as scipy's RK45: 1e-3, 1e-6). */
  rtol: number;
  atol: number;
}

/** The defaults: rk4, and the numbers of SOLVER_SETTINGS (./settings.ts). */
export const DEFAULT_SOLVER: SolverSettings = {
  method: 'rk4',
  ...defaultsOf(SOLVER_SETTINGS),
};

/** Everything needed to reproduce one simulation. Unnamed symbols keep the model's defaults. */
export interface SimulationRequest {
  /** Model name: a built-in template, or the name of the custom definition in `def`. */
  model: string;
  /** A custom model's full definition (absent for built-in templates, which are looked up by name). */
  def?: ModelDef;
  params: Record<string, number>;
  initial: Record<string, number>;
  inputs: Record<string, InputSpec>;
  solver: SolverSettings;
}

export type SimulationStatus = 'ok' | 'blowup' | 'cancelled';

export interface SimulationStats {
  steps: number;
  rejectedSteps: number;
  rhsEvaluations: number;
  /** Wall time of the integration in milliseconds. */
  wallMs: number;
}

export interface SimulationResult {
  status: SimulationStatus;
  /** Human-readable outcome, e.g. "r became non-finite at t = 312.4". */
  message: string;
  /** Sample times. */
  t: Float64Array;
  /** State variable names in model order; `columns[i]` holds the samples of `names[i]`. */
  names: string[];
  columns: Float64Array[];
  stats: SimulationStats;
  /** For status 'blowup': where it happened. */
  blowup?: { t: number; variable: string };
}

/** A problem with one field of a request, e.g. { field: 'solver.dt', message: 'must be > 0' }. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Upper bound on the numbers a run may return (samples x (states + 1)): 50 million (400 MB). */
export const MAX_OUTPUT_VALUES = 50_000_000;
