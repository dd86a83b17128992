/**
 * Families of periodic orbits (limit cycles) continued in one parameter from a Hopf point of an
 * equilibrium branch, with their Floquet multipliers and the cycle bifurcations found on them.
 * Shared by the engine (src-main/engine/cycles), the job service and the CLI.
 */
import type { BranchEndReason, Complex, ContinuationSettings } from '../continuation/types';
import type { ModelDef } from '../models/types';

/** Largest number of mesh intervals (NTST) and the range of collocation points per interval (NCOL) the engine takes. */
export const CYCLE_MESH_LIMITS = { ntst: [2, 2000], ncol: [2, 7] } as const;
/**
 * The mesh used when a request leaves NTST/NCOL out (AUTO's recommended NCOL). With the adaptive
 * mesh, NTST = 80 puts the fold of cycles of ik_nodim within 3e-12 of its NTST = 160 value and
 * keeps the trivial multiplier within 4e-6 of 1 away from the fold (8e-5 at it).
 */
export const CYCLE_MESH_DEFAULTS = { ntst: 80, ncol: 4 } as const;

/** Whether a cycle job starts from a simulated orbit (otherwise from a Hopf point). */
export const isOrbitStart = (s: CycleHopfStart | CycleOrbitStart): s is CycleOrbitStart => s.kind === 'orbit';

/** A Hopf point of an equilibrium branch to start a family at (`kind` may be left out). */
export interface CycleHopfStart {
  kind?: 'hopf';
  /** Its label on its branch (kept as the family's `from`, e.g. "HB1"). */
  label: string;
  state: number[];
  /** The parameter's value. */
  p: number;
  /** The frequency of the critical pair of eigenvalues (> 0). */
  omega: number;
}

/**
 * A simulated run that settled on an oscillation, to start a family through it: its samples (the
 * last part of the run is enough: several periods) at the parameter values of the request, with the
 * continuation parameter at `p`. The engine integrates on from the last sample at tight tolerances
 * until one period repeats (src-main/engine/cycles/orbit-cut.ts) and continues the family both ways.
 */
export interface CycleOrbitStart {
  kind: 'orbit';
  /** What the family is started from, kept as its `from` (e.g. "run 3"). */
  label: string;
  /** Sample times, increasing (at least ORBIT_START_MIN_SAMPLES of them). */
  t: number[];
  /** One list of samples per state variable in model order, each as long as `t` (as the run's columns; scipy's solve_ivp y). */
  y: number[][];
  /** The parameter's value in the run. */
  p: number;
  /** Most time the engine integrates from the last sample for one period to repeat; default ten times the samples' span. */
  window?: number;
}

/** Fewest and most samples a start from a simulated orbit takes. */
export const ORBIT_START_MIN_SAMPLES = 16;
export const ORBIT_START_MAX_SAMPLES = 2_000_000;

/** A cycle job: where the family starts (a Hopf point or a simulated orbit) and the range it is traced in. Checked in full before any work. */
export interface CycleRequest {
  /** Template name, or the name of the user's model carried in `def`. */
  model: string;
  /** The user's own model (its definition); absent for a built-in template. */
  def?: ModelDef;
  /** The continuation parameter. */
  param: string;
  /** Values of every other parameter and input by name (missing ones keep the model's defaults). */
  values: Record<string, number>;
  /** The Hopf point (`kind` 'hopf' or absent) or the simulated orbit (`kind` 'orbit') the family starts from. */
  start: CycleHopfStart | CycleOrbitStart;
  /** Range of the parameter; the family ends where it leaves it. */
  bounds: [number, number];
  /**
   * Continuation settings; keys left out take the defaults for cycles (steps measured in the
   * orbit's norm, so they differ from a branch's, and scaled to the size of the start's state or
   * parameter).
   */
  settings: Partial<ContinuationSettings>;
  /** Advanced: mesh intervals over one period (NTST) and collocation points per interval (NCOL); engine defaults when absent. */
  ntst?: number;
  ncol?: number;
  /** Values of the parameter where the family is located exactly (UZ points), optional. */
  at?: number[];
}

export interface CyclePoint {
  /** The parameter's value. */
  p: number;
  period: number;
  /** Every nontrivial Floquet multiplier lies inside the unit circle. */
  stable: boolean;
  /** Floquet multipliers [re, im], one per state: the trivial one (near 1) first, then by decreasing modulus. */
  multipliers: Complex[];
  /** |trivial multiplier - 1|: the discretisation's self-check (small when the mesh resolves the orbit). */
  trivialError: number;
  /** Minimum and maximum of each state over the orbit, in model order. */
  min: number[];
  max: number[];
  /** The state at phase 0 of the orbit (simulate from here to see it). */
  start: number[];
  /**
   * The orbit over one period as computed (so also for unstable cycles): rows of [phase in [0, 1], state 1..n]
   * at every collocation node and mesh point (NTST * NCOL + 1 rows, the first at phase 0 equal to `start`),
   * row-major. Absent where the engine did not record it.
   */
  orbit?: Float64Array;
}

/** Fold of cycles, period doubling, torus (Neimark–Sacker), branch point of cycles, user point. */
export type CycleSpecialType = 'LPC' | 'PD' | 'NS' | 'BP' | 'UZ';

export interface CycleSpecialPoint {
  type: CycleSpecialType;
  /** Label shown and exported, e.g. "LPC1", numbered per type along the family. */
  label: string;
  /** Position in `points` of the point just before it. */
  index: number;
  point: CyclePoint;
  /** Whether the location converged to its tolerance. */
  converged: boolean;
  /** Extra numbers by name (PD: the multiplier; NS: its angle theta); {} where none. */
  info: Record<string, number>;
}

/** Why a family ended: as a branch, or back at a Hopf point ('hopf'), or its period diverging ('period', a homoclinic orbit near). */
export type CycleEndReason = BranchEndReason | 'hopf' | 'period';

export interface CycleEnd {
  reason: CycleEndReason;
  /** What happened, in words a scientist uses. */
  message: string;
  /** 'hopf': the parameter value of that Hopf point. */
  p?: number;
}

export interface CycleBranch {
  /** Label of the Hopf point it is born at (e.g. "HB1"), or of the run it was started from (e.g. "run 3"). */
  from: string;
  param: string;
  stateNames: string[];
  /** The other parameters and inputs it was traced at. */
  values: Record<string, number>;
  /** The mesh it was traced with. */
  ntst: number;
  ncol: number;
  /**
   * Points in order from the Hopf point; from a simulated orbit, in order of the parameter's
   * direction of tracing: the far end toward smaller values first, the run's orbit at `startIndex`.
   */
  points: CyclePoint[];
  special: CycleSpecialPoint[];
  /** [the start (reason 'hopf': born at the Hopf point; from an orbit, the end before the first point), the end after the last point]. */
  ends: [CycleEnd, CycleEnd];
  /** Position in `points` of the start: 0 from a Hopf point (may be absent), the corrected simulated orbit from a run. */
  startIndex?: number;
}

export type CycleStatus = 'ok' | 'cancelled' | 'noStart';

export interface CycleResult {
  status: CycleStatus;
  message: string;
  /** Null when no family could be started (status 'noStart'). */
  branch: CycleBranch | null;
  stats: { points: number; wallMs: number; iterations: number; factorizations: number };
}
