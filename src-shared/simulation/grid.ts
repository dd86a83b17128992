/**
 * Time-grid arithmetic shared by the validator, the engine and the UI: which step a time falls on,
 * which samples a run writes, how many steps it takes. One place, so that the number of samples the
 * validator promises is the number the engine writes.
 *
 * Times that are "a multiple of dt" up to floating-point rounding (400 / 5e-4 = 800000.0000000001)
 * are treated as exact multiples: the tolerance is 1e-9 relative.
 */
import { isAdaptive, type SolverSettings } from './types';

/** Relative tolerance under which a quotient counts as a whole number. */
export const GRID_REL_TOL = 1e-9;

/** True when x / dt is within 1e-9 relative of a whole number. */
export function isMultiple(x: number, dt: number): boolean {
  const q = x / dt;
  return Math.abs(q - Math.round(q)) <= GRID_REL_TOL * Math.max(1, Math.abs(q));
}

/**
 * The index of the first step of size dt starting at or after time x: x/dt rounded when it is a
 * whole number up to 1e-9 relative, else rounded up (step i covers [i*dt, (i+1)*dt)). Input
 * window edges are not moved to it: the fixed-step driver splits the step holding an off-grid edge
 * (src-main/engine/inputs.ts).
 */
export function gridIndex(x: number, dt: number): number {
  const q = x / dt;
  const r = Math.round(q);
  return Math.abs(q - r) <= GRID_REL_TOL * Math.max(1, Math.abs(q)) ? r : Math.ceil(q);
}

/** The samples of a run: t_k = k * sample for k = kFirst..kLast. */
export interface SampleGrid {
  /** First kept sample (samples with t < cutoff are dropped). */
  kFirst: number;
  /** Last sample: floor(tEnd / sample) up to rounding. */
  kLast: number;
  /** Number of samples written (0 when the cutoff is after the last sample). */
  count: number;
  /** Time of the last sample, kLast * sample: where integration stops. */
  tStop: number;
}

/** Sample times k*sample for k = 0..floor(tEnd/sample + 1e-9), those before `cutoff` dropped. */
export function sampleGrid(solver: Pick<SolverSettings, 'tEnd' | 'sample' | 'cutoff'>): SampleGrid {
  const { tEnd, sample, cutoff } = solver;
  const kLast = Math.floor(tEnd / sample + GRID_REL_TOL);
  const kFirst = Math.max(0, Math.ceil(cutoff / sample - GRID_REL_TOL));
  return { kFirst, kLast, count: Math.max(0, kLast - kFirst + 1), tStop: sampleTime(sample, kLast) };
}

/**
 * Time of sample k, k*sample in exact arithmetic rounded once: k/N when sample = 1/N for an integer
 * N (sample 0.01 gives 0.07, not 7*0.01 = 0.07000000000000001), else k*sample.
 */
export function sampleTime(sample: number, k: number): number {
  const perUnit = Math.round(1 / sample);
  return perUnit >= 1 && Math.abs(perUnit * sample - 1) <= 1e-12 ? k / perUnit : k * sample;
}

/** Steps of size dt per sample interval (fixed-step methods; sample must be a multiple of dt). */
export function sampleStride(solver: Pick<SolverSettings, 'sample' | 'dt'>): number {
  return Math.max(1, Math.round(solver.sample / solver.dt));
}

/**
 * Number of steps of size dt from 0 to the last sample time: the run length of the fixed-step
 * methods (kLast * stride), and the number of values an `array` input must hold (one per step).
 */
export function stepsToCover(solver: Pick<SolverSettings, 'method' | 'tEnd' | 'sample' | 'cutoff' | 'dt'>): number {
  const grid = sampleGrid(solver);
  return isAdaptive(solver.method) ? gridIndex(grid.tStop, solver.dt) : grid.kLast * sampleStride(solver);
}
