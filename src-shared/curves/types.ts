/**
 * Two-parameter curves of equilibria: fold (LP) and Hopf (HB) curves continued in a second
 * parameter from a special point of a one-parameter branch, with the codimension-two points found
 * on them. Shared by the engine (src-main/engine/curves), the job service, the CLI, the renderer
 * and the project file.
 */
import type { ModelDef } from '../models/types';
import type { BranchEnd, ContinuationSettings } from '../continuation/types';

export type CurveType = 'fold' | 'hopf';

/**
 * Codimension-two points: Bogdanov–Takens, cusp, generalised Hopf (Bautin), zero-Hopf, double
 * Hopf. A branch point of the curve itself is not listed.
 */
export type Codim2Kind = 'BT' | 'CP' | 'GH' | 'ZH' | 'HH';

/** A curve job: the start point and the plane it is traced in. Checked in full before any work. */
export interface CurveRequest {
  /** Template name, or the name of the user's model carried in `def`. */
  model: string;
  /** The user's own model (its definition); absent for a built-in template. */
  def?: ModelDef;
  type: CurveType;
  /** [P, Q]: P is the parameter of the branch the start point lies on, Q the second parameter. */
  params: [string, string];
  /** Values of every other parameter and input by name (missing ones keep the model's defaults). */
  values: Record<string, number>;
  /**
   * The LP or HB point: its state, [P, Q] values, its frequency (HB) and its label on its branch
   * (e.g. "HB1"), kept as the curve's `from`.
   */
  start: { label: string; state: number[]; params: [number, number]; omega?: number };
  /** Ranges of P and of Q; the curve ends where it leaves either. */
  bounds: [[number, number], [number, number]];
  settings: ContinuationSettings;
  /** Values of P where the curve is located exactly (UZ points), optional. */
  at?: number[];
}

export interface CurvePoint {
  /** [P, Q]. */
  params: [number, number];
  state: number[];
  /** Hopf curves: kappa = omega^2 (negative where the curve runs through neutral saddles). */
  kappa?: number;
  /** Hopf curves: the frequency, null where kappa <= 0 (no Hopf point there: a neutral saddle). */
  omega?: number | null;
}

export interface CurveSpecialPoint {
  type: Codim2Kind | 'UZ';
  /** Label shown and exported, e.g. "GH1", numbered per type along the curve. */
  label: string;
  /** Position in `points` of the point just before it. */
  index: number;
  point: CurvePoint;
  /** Normal-form coefficients by name (BT: a, b; CP: c; GH: l2; ...); {} where none are computed. */
  coefficients: Record<string, number>;
  /** Whether the location converged to its tolerance. */
  converged: boolean;
}

export interface Curve {
  type: CurveType;
  /** Label of the start point on its branch (e.g. "LP2"). */
  from: string;
  params: [string, string];
  stateNames: string[];
  /** The other parameters and inputs it was traced at. */
  values: Record<string, number>;
  /** Points along the curve, in order. */
  points: CurvePoint[];
  /** Position of the start point in `points`. */
  startIndex: number;
  special: CurveSpecialPoint[];
  /** Why each end stopped: [first point's end, last point's end]. */
  ends: [BranchEnd, BranchEnd];
}

export type CurveStatus = 'ok' | 'cancelled' | 'noStart';

export interface CurveResult {
  status: CurveStatus;
  message: string;
  /** Null when no curve could be started (status 'noStart'). */
  curve: Curve | null;
  stats: { points: number; wallMs: number };
}
