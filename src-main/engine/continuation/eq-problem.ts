/**
 * An equilibrium problem f(x, lambda) = 0 of a compiled model, where lambda is one entry of the
 * parameter vector p = [params..., inputs...] (an input counts as a parameter: its constant value):
 * residual, state Jacobian and the derivative with respect to lambda, all exact (generated from the
 * symbolic model). Allocation-free after creation.
 *
 * equilibriumContinuation makes it a problem of the generic continuation core (./problem.ts):
 * u = (x, lambda), F_u = [f_x, f_lambda], eigenvalues of f_x kept with every point, the fold and
 * Hopf tests and the stability accounting of ./eq-tests.ts.
 */
import type { Complex } from '@shared/continuation/types';
import type { CompiledModel, Vec } from '../compiled-model';
import { countChangeExplained, EQUILIBRIUM_TESTS, evaluateEquilibriumTests, hopfTests, intervalExplained } from './eq-tests';
import { denseKernels } from '../wasm/dense-kernels';
import type { EqKernel } from '../wasm/eq-kernel';
import { WasmEqSystem } from './eq-wasm-system';
import type { ContinuationProblem } from './problem';
import { eigenvalues } from './stability';

export interface EquilibriumProblem {
  readonly model: CompiledModel;
  /** Number of states. */
  readonly n: number;
  /** Index of the continuation parameter in p. */
  readonly paramIndex: number;
  readonly paramName: string;
  /** The full parameter vector; entry `paramIndex` is overwritten by each call with lambda. */
  readonly p: Float64Array;
  /** out = f(x, lambda) (n entries). */
  residual(x: Vec, lambda: number, out: Vec): void;
  /** out = df/dx at (x, lambda), row-major n x n. */
  jacobian(x: Vec, lambda: number, out: Vec): void;
  /** out = df/dlambda at (x, lambda) (n entries). */
  paramDerivative(x: Vec, lambda: number, out: Vec): void;
}

/**
 * The equilibrium problem of `model` at parameters `p` (length nParams + nInputs, copied) with the
 * parameter `paramIndex` free. Throws RangeError on a bad index or length (a caller's bug).
 */
export function eqProblem(model: CompiledModel, p: ArrayLike<number>, paramIndex: number): EquilibriumProblem {
  const n = model.stateNames.length;
  const m = model.paramNames.length;
  if (p.length !== m) throw new RangeError(`eqProblem: expected ${m} parameter values, got ${p.length}`);
  if (!Number.isInteger(paramIndex) || paramIndex < 0 || paramIndex >= m) throw new RangeError(`eqProblem: bad parameter index ${paramIndex}`);
  const params = Float64Array.from(p);
  // One column of d f / d p when the model offers it (the same numbers as the whole matrix's column),
  // looked up on first use (the WebAssembly corrector has its own).
  let column: ((y: Vec, p: Vec, out: Vec) => void) | undefined;
  let dfdp: Float64Array | null | undefined;
  return {
    model,
    n,
    paramIndex,
    paramName: model.paramNames[paramIndex],
    p: params,
    residual(x, lambda, out) {
      params[paramIndex] = lambda;
      model.rhs(x, params, out);
    },
    jacobian(x, lambda, out) {
      params[paramIndex] = lambda;
      model.jacobian(x, params, out);
    },
    paramDerivative(x, lambda, out) {
      params[paramIndex] = lambda;
      if (dfdp === undefined) {
        column = model.paramColumn?.(paramIndex);
        dfdp = column === undefined ? new Float64Array(n * m) : null;
      }
      if (dfdp === null) {
        (column as NonNullable<typeof column>)(x, params, out);
        return;
      }
      model.paramJacobian(x, params, dfdp);
      for (let i = 0; i < n; i++) out[i] = dfdp[i * m + paramIndex];
    },
  };
}

/** The model's WebAssembly corrector for parameter k, where the dense kernels are on and the model offers one. */
function kernelOf(model: CompiledModel, k: number): EqKernel | null {
  return denseKernels() === null ? null : (model.equilibriumKernel?.(k) ?? null);
}

/**
 * f_x at u = (x, lambda) into out (n x n), p holding the other parameters and lambda in entry k:
 * by the WebAssembly corrector's Jacobian where there is one (it needs no JavaScript Jacobian
 * compiled), else by the model's (the same numbers).
 */
export function stateJacobian(model: CompiledModel, k: number, u: Float64Array, p: Float64Array, out: Float64Array): void {
  const kernel = kernelOf(model, k);
  if (kernel !== null) kernel.jacobianAt(u, p, out);
  else model.jacobian(u, p, out);
}

/** The equilibrium problem as a continuation problem of the generic core (see the file comment). */
export function equilibriumContinuation(prob: EquilibriumProblem): ContinuationProblem<Complex[]> {
  const n = prob.n;
  const n1 = n + 1;
  const jac = new Float64Array(n * n);
  const fl = new Float64Array(n);
  const jacE = new Float64Array(n * n);
  // The unknowns of the last `jacobian` call, whose f_x is still in jac: the core asks for a point's
  // eigenvalues right after the tangent there, so pointData need not evaluate f_x again.
  const jacAt = new Float64Array(n1).fill(NaN);
  // The corrector as WebAssembly where the model offers it (the same numbers, ./eq-wasm-system.ts).
  const kernel = kernelOf(prob.model, prob.paramIndex);
  return {
    dim: n1,
    paramIndex: n,
    paramName: prob.paramName,
    dependsOnUAlone: true,
    ...(kernel === null ? {} : { borderedSystem: () => new WasmEqSystem(kernel, prob.p, jac, jacAt) }),
    residual(u, out) {
      prob.residual(u, u[n], out);
    },
    jacobian(u, out) {
      prob.jacobian(u, u[n], jac);
      prob.paramDerivative(u, u[n], fl);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) out[i * n1 + j] = jac[i * n + j];
        out[i * n1 + n] = fl[i];
      }
      jacAt.set(u);
    },
    pointData(u) {
      if (sameBits(u, jacAt)) return eigenvalues(jac, n);
      if (kernel !== null) kernel.jacobianAt(u, prob.p, jacE);
      else prob.jacobian(u, u[n], jacE);
      return eigenvalues(jacE, n);
    },
    tests: EQUILIBRIUM_TESTS,
    evaluateTests: evaluateEquilibriumTests,
    trackedTests: hopfTests,
    intervalExplained,
    locatedExplain: countChangeExplained,
  };
}

/** Whether a and b hold the same numbers, signed zeros told apart (NaN never matches). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x !== b[i] || (x === 0 && 1 / x !== 1 / b[i])) return false;
  }
  return true;
}
