/**
 * A model compiled for fast evaluation (see ./compile.ts). Time enters only through the inputs, whose
 * current values the integrator writes into the parameter vector before each step.
 *
 * Parameter vector layout: p = [model parameters in model order..., inputs in model order...], so
 * that continuation can treat an input's constant value as one more parameter.
 */
import type { ModelDef } from '@shared/models/types';
import type { ModelJet } from './model/jet';
import type { EqKernel } from './wasm/eq-kernel';

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
  /**
   * Column k of paramJacobian alone: out[i] = d f_i / d p_k (n entries), the same numbers as that
   * column. Compiled once per k on first use; optional (callers fall back to paramJacobian).
   */
  paramColumn?(k: number): (y: Vec, p: Vec, out: Vec) => void;
  /**
   * Optional fused fixed-step kernels, generated like `rhs`: advance y in place by `count` steps
   * of size h with p held constant, keeping the state in local variables between stages and steps.
   * They must do exactly the arithmetic of ode/fixed-step.ts's EulerStepper (y += h*k1) and
   * Rk4Stepper (yt = y + (0.5*h)*k1, y + (0.5*h)*k2, y + h*k3; y += (h/6)*(k1 + 2*(k2 + k3) + k4)).
   * The fixed-step integrators use them when present (on ik_nodim about 1.6x faster than calling
   * `rhs` once per stage through arrays).
   */
  eulerSteps?(y: Vec, p: Vec, h: number, count: number): void;
  rk4Steps?(y: Vec, p: Vec, h: number, count: number): void;
  /**
   * The derivative jet (./model/jet.ts: B, C, d/dy and d/dp of the Jacobian, ...), generated on
   * first use and kept with the compiled code (copies of this object share it). Optional so that
   * hand-written models need none; use compile.ts's modelJet(model), which falls back to the definition.
   */
  jet?(): ModelJet;
  /**
   * Optional: the corrector of equilibrium continuation with parameter k free, as WebAssembly
   * generated from the model's trees (./wasm/eq-kernel.ts; the numbers of the JavaScript corrector
   * on `rhs` and `jacobian`), made once per k on first use; null where it cannot be made.
   */
  equilibriumKernel?(k: number): EqKernel | null;
  /**
   * Optional: starts compiling that corrector's model code off this thread (WebAssembly.compile),
   * for a caller with other work to do before the continuation; resolves when done, never rejects.
   */
  precompileEquilibriumKernel?(k: number): Promise<void>;
}
