/**
 * A model compiled for fast evaluation (see ./compile.ts). Time enters only through the inputs, whose
 * current values the integrator writes into the parameter vector before each step.
 *
 * Parameter vector layout: p = [model parameters in model order..., inputs in model order...], so
 * that continuation can treat an input's constant value as one more parameter.
 */
import type { ModelDef } from '@shared/models/types';

export type Vec = Float64Array;

export interface CompiledModel {
  def: ModelDef;
  /** State names in model order (length n). */
  stateNames: readonly string[];
  /** Parameter names then input names (length m = nParams + nInputs). */
  paramNames: readonly string[];
  /** Number of constant parameters; inputs occupy p[nParams..]. */
  nParams: number;
  /** dy = f(y, p). Allocation-free. */
  rhs(y: Vec, p: Vec, dy: Vec): void;
  /** Exact Jacobian d f / d y into `out`, row-major n x n (out[i*n + j] = d f_i / d y_j). */
  jacobian(y: Vec, p: Vec, out: Vec): void;
  /** Exact d f / d p into `out`, row-major n x m (out[i*m + k] = d f_i / d p_k). */
  paramJacobian(y: Vec, p: Vec, out: Vec): void;
}
