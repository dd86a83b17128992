/**
 * What the fold and Hopf curve problems share: a continuation problem of the generic core
 * (../continuation/problem.ts) in the unknowns u = (x, P, Q, extra...), where P and Q are two
 * entries of the model's parameter vector (params then inputs), plus the hooks the curve tracer
 * (./trace.ts) calls between corrector solves:
 * - `init(u)`: borders for the start point (false when none make the bordered matrix regular);
 * - `accept(u)`: refresh the borders (and choices) at an accepted point; the curve itself does not
 *   depend on them, only the conditioning of the corrector does.
 */
import type { CompiledModel } from '../compiled-model';
import { modelJet } from '../compile';
import type { ModelJet, Tensor } from '../model/jet';
import type { ContinuationProblem } from '../continuation/problem';

export interface CurveProblem extends ContinuationProblem<never> {
  /** Number of states n; u[n] = P, u[n + 1] = Q. */
  readonly n: number;
  /** Index of P in u (n): the second parameter's bounds are watched by the tracer. */
  readonly otherIndex: number;
  init(u: Float64Array): boolean;
  accept(u: Float64Array): boolean;
}

/** The model, its jet and a parameter vector whose entries P and Q each call overwrites from u. */
export interface CurveModel {
  readonly model: CompiledModel;
  readonly jet: ModelJet;
  readonly n: number;
  readonly m: number;
  readonly p: Float64Array;
  /** Indices of P and Q in p. */
  readonly iP: number;
  readonly iQ: number;
  /** dJ/dP and dJ/dQ (exact, from the jet). */
  readonly jacP: Tensor;
  readonly jacQ: Tensor;
  /** Writes u's P and Q into p. */
  load(u: Float64Array): void;
}

export function curveModel(model: CompiledModel, p: ArrayLike<number>, iP: number, iQ: number): CurveModel {
  const n = model.stateNames.length;
  const m = model.paramNames.length;
  const jet = modelJet(model);
  const params = Float64Array.from(p);
  return {
    model,
    jet,
    n,
    m,
    p: params,
    iP,
    iQ,
    jacP: jet.jacobianParam(iP),
    jacQ: jet.jacobianParam(iQ),
    load(u) {
      params[iP] = u[n];
      params[iQ] = u[n + 1];
    },
  };
}

/**
 * The rows of F_u = [f_x, f_P, f_Q, 0...] (n rows of length `width`) into out, and J = f_x into
 * jac; `dfdp` is n x m scratch.
 */
export function stateRows(cm: CurveModel, u: Float64Array, width: number, out: Float64Array, jac: Float64Array, dfdp: Float64Array): void {
  const { model, n, m, p, iP, iQ } = cm;
  model.jacobian(u, p, jac);
  model.paramJacobian(u, p, dfdp);
  for (let i = 0; i < n; i++) {
    const row = i * width;
    for (let j = 0; j < n; j++) out[row + j] = jac[i * n + j];
    out[row + n] = dfdp[i * m + iP];
    out[row + n + 1] = dfdp[i * m + iQ];
    for (let j = n + 2; j < width; j++) out[row + j] = 0;
  }
}

/** out_k = sum_r a_r M_{rk} (a^T M for M row-major n x n). */
export function leftTimes(a: Float64Array, aAt: number, mat: Float64Array, n: number, out: Float64Array): void {
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let r = 0; r < n; r++) s += a[aAt + r] * mat[r * n + k];
    out[k] = s;
  }
}

/** a^T M b for M row-major n x n. */
export function bilinearForm(a: Float64Array, aAt: number, mat: Float64Array, b: Float64Array, bAt: number, n: number): number {
  let s = 0;
  for (let r = 0; r < n; r++) {
    let t = 0;
    for (let c = 0; c < n; c++) t += mat[r * n + c] * b[bAt + c];
    s += a[aAt + r] * t;
  }
  return s;
}
