/**
 * Equilibrium continuation: request and result, shared by the engine, the worker, the CLI and the
 * renderer. Plain objects, arrays and numbers only.
 */
import type { ModelDef } from '../models/types';

import { defaultsOf } from '../settings';
import { CONTINUATION_SETTINGS, type ContinuationSettingKey } from './settings';

/**
 * Numerical settings, each with a documented default; users rarely touch them. The keys, defaults,
 * bounds, labels and help texts are listed once, in CONTINUATION_SETTINGS (./settings.ts).
 */
export type ContinuationSettings = Record<ContinuationSettingKey, number>;

/** The defaults (from CONTINUATION_SETTINGS). */
export const DEFAULT_CONTINUATION: ContinuationSettings = defaultsOf(CONTINUATION_SETTINGS);

export interface ContinuationRequest {
  /** Model name: a built-in template, or the name of the custom definition in `def`. */
  model: string;
  /** A custom model's full definition (absent for built-in templates, which are looked up by name). */
  def?: ModelDef;
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
  /** User points: values of `param` where the branch is located exactly and listed as special points of type 'UZ'. */
  at?: number[];
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

/** Hopf, fold (limit point), branch point, user point (a value of the parameter asked for). */
export type SpecialKind = 'HB' | 'LP' | 'BP' | 'UZ';

export interface SpecialPoint {
  type: SpecialKind;
  /** HB1, HB2, LP1, UZ1, ... in order along the branch. */
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
