/**
 * Equilibrium continuation: request and result, shared by the engine, the worker, the CLI and the
 * renderer. Plain objects, arrays and numbers only.
 */

/** Numerical settings, each with a documented default (DEFAULT_CONTINUATION); users rarely touch them. */
export interface ContinuationSettings {
  /** Most points per direction from the start. */
  maxPoints: number;
  /** Initial arclength step. */
  ds: number;
  /** Smallest arclength step before giving up (step size underflow). */
  dsMin: number;
  /**
   * Largest arclength step. Steps are also shortened near special points, where a test function
   * (the real part of a complex pair, the fold and branch-point tests) heads for zero, so two
   * special points close together are not stepped over.
   */
  dsMax: number;
  /** Newton corrector: tolerance on the residual and update (max-norm). */
  newtonTol: number;
  /** Newton corrector: most iterations per point. */
  newtonMaxIter: number;
}

/**
 * The defaults. dsMax = 0.05 is the automatic value: left at it, the largest step is relative to the
 * range, (range width) / 200 (so g in [0, 3] gets steps of at most 0.015 and a smooth curve of about
 * 200 points, eta in [-100, 200] steps of 1.5); any other dsMax is used as given, an absolute cap
 * (see largestStep in src-main/engine/continuation/run.ts).
 */
export const DEFAULT_CONTINUATION: ContinuationSettings = {
  maxPoints: 2000,
  ds: 0.01,
  dsMin: 1e-8,
  dsMax: 0.05,
  newtonTol: 1e-10,
  newtonMaxIter: 8,
};

export interface ContinuationRequest {
  /** Built-in template name. */
  model: string;
  /** Parameter values (unnamed ones keep the model's defaults). */
  params: Record<string, number>;
  /** Starting guess for the steady state (unnamed states: the model's initial values). */
  initial: Record<string, number>;
  /** Constant input values, e.g. { I_ext: 0.15 } (unnamed: the input's default). */
  inputs: Record<string, number>;
  /** The continuation parameter: any parameter or input of the model, by name. */
  param: string;
  /** Range of the parameter; the branch stops at its ends. */
  bounds: [number, number];
  settings: ContinuationSettings;
}

/** An eigenvalue as [re, im]. */
export type Complex = [number, number];

export interface BranchPoint {
  /** Parameter value. */
  p: number;
  /** State in model order. */
  x: number[];
  /** All eigenvalues have negative real part. */
  stable: boolean;
  eigenvalues: Complex[];
}

export type SpecialKind = 'HB' | 'LP' | 'BP';

export interface SpecialPoint {
  type: SpecialKind;
  /** HB1, HB2, LP1, ... in order along the branch. */
  label: string;
  /** Index in `points` of the point just before this special point along the branch. */
  index: number;
  p: number;
  x: number[];
  eigenvalues: Complex[];
  /** Located to tolerance (test function / extended system converged). */
  converged: boolean;
  /** HB: angular frequency of the critical pair and the period 2*pi/omega. */
  omega?: number;
  period?: number;
  /** HB: first Lyapunov coefficient; negative = supercritical. */
  l1?: number;
  criticality?: 'supercritical' | 'subcritical' | 'degenerate';
  /** A sentence for the user: what happens here. */
  description: string;
}

export type BranchEndReason = 'bound' | 'maxPoints' | 'stepUnderflow' | 'newtonDivergence' | 'singular' | 'cancelled';

export interface BranchEnd {
  reason: BranchEndReason;
  /** What happened, in words a scientist uses. */
  message: string;
}

export interface Branch {
  /** Continuation parameter's name. */
  param: string;
  stateNames: string[];
  /** Points in order along the curve, from the end at `ends[0]` to the end at `ends[1]`. */
  points: BranchPoint[];
  special: SpecialPoint[];
  /** Why each end of the branch stopped. */
  ends: [BranchEnd, BranchEnd];
  /** Index in `points` of the starting equilibrium. */
  startIndex: number;
}

export type ContinuationStatus = 'ok' | 'cancelled' | 'noEquilibrium';

export interface ContinuationResult {
  status: ContinuationStatus;
  /** Summary; for 'noEquilibrium' says why and what to try. */
  message: string;
  branch: Branch | null;
  stats: { points: number; newtonIterations: number; rejectedSteps: number; wallMs: number };
}
