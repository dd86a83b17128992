/**
 * The bordered system of equilibrium continuation on the model's WebAssembly corrector
 * (../wasm/eq-kernel.ts): a factorisation, a whole Newton iteration, or a whole step of the trace
 * (prediction, Newton, tangent and same-branch check, as ./palc.ts makes it), in one call, with the
 * numbers of ./newton.ts's DenseBordered, Corrector.solve and Corrector.tangent and of ./palc.ts
 * (the same operations in the same order). On a first trace this is most of the work per point, and WebAssembly runs it compiled
 * from the start where JavaScript would run in the interpreter, boxing every intermediate double.
 * After each call the LU factors are taken into a DenseLu (for the tangent's solve, the
 * determinant and the pivot ratio), and f_x of the last factorisation is handed to the problem,
 * which takes the point's eigenvalues from it.
 */
import { STEP_JUMP, STEP_SINGULAR_TANGENT, type EqKernel, type StepConstants } from '../wasm/eq-kernel';
import { DenseLu } from './lu';
import type { NewtonOptions, NewtonStatus } from './newton';
import {
  FACTORED_DRIFT,
  mayStandFor,
  WELL_CONDITIONED,
  type BorderedSystem,
  type FactorStatus,
  type SameBranchLimits,
  type StepOutcome,
  type TracedPoint,
} from './problem';

const FACTOR_STATUS: readonly FactorStatus[] = ['ok', 'singular', 'notFinite'];
const NEWTON_STATUS: readonly NewtonStatus[] = ['converged', 'maxIter', 'diverged', 'singular'];

export class WasmEqSystem implements BorderedSystem {
  newtonIterations = 0;
  private readonly lu: DenseLu;
  private readonly lastRow: Float64Array;
  private readonly factoredZ: Float64Array;
  private factored = false;
  private constants: StepConstants | null = null;
  private constantsOf: SameBranchLimits | null = null;

  /**
   * @param params the problem's parameter vector (its entry of lambda is not read)
   * @param jac receives f_x at `jacAt` after every call (n x n)
   */
  constructor(
    private readonly kernel: EqKernel,
    private readonly params: Float64Array,
    private readonly jac: Float64Array,
    private readonly jacAt: Float64Array,
  ) {
    const n1 = kernel.layout.n + 1;
    this.lu = new DenseLu(n1);
    this.lastRow = new Float64Array(n1);
    this.factoredZ = new Float64Array(n1);
  }

  factor(u: Float64Array, c: Float64Array, weight: Float64Array): FactorStatus {
    const status = this.kernel.factor(u, c, this.params);
    this.took(c, weight);
    return FACTOR_STATUS[status];
  }

  newton(z: Float64Array, c: Float64Array, target: number, opts: NewtonOptions, weight: Float64Array): NewtonStatus {
    const code = this.kernel.newton(z, c, this.params, target, opts.tol, opts.maxIter, opts.damped === true);
    z.set(this.kernel.view().z);
    this.took(c, weight);
    this.newtonIterations = code >> 2;
    return NEWTON_STATUS[code & 3];
  }

  /** A whole step of the trace in the module's one call (BorderedSystem.step). */
  step(
    prev: TracedPoint,
    h: number,
    opts: NewtonOptions,
    limits: SameBranchLimits,
    weight: Float64Array,
    z: Float64Array,
    t: Float64Array,
    out: StepOutcome,
  ): void {
    if (this.constantsOf !== limits) {
      this.constants = { ...limits, wellConditioned: WELL_CONDITIONED, factoredDrift: FACTORED_DRIFT };
      this.constantsOf = limits;
    }
    const code = this.kernel.step(prev.z, prev.t, this.params, h, opts.tol, opts.maxIter, this.constants as StepConstants);
    const v = this.kernel.view();
    z.set(v.z);
    this.took(prev.t, weight);
    const newton = code >> 2;
    this.newtonIterations = newton >> 2;
    const status = NEWTON_STATUS[newton & 3];
    const outcome = code & 3;
    out.bpTest = NaN;
    if (status !== 'converged' || outcome === STEP_SINGULAR_TANGENT) {
      out.status = status === 'converged' ? 'singular' : status;
      return;
    }
    t.set(v.t);
    out.bpTest = v.bp[0];
    out.status = outcome === STEP_JUMP ? 'jump' : 'converged';
  }

  /** What the module's last factorisation leaves: the weights, f_x and where, the LU factors, where they were made. */
  private took(c: Float64Array, weight: Float64Array): void {
    const v = this.kernel.view();
    weight.set(v.w);
    this.jac.set(v.jac);
    this.jacAt.set(v.lz);
    const sign = v.meta[0];
    // -2: the matrix was not finite and never reached the LU; the start of the memory holds it now.
    if (sign === -2) this.kernel.kernels.owner = null;
    else this.lu.adoptKernelFactors(this.kernel.kernels, sign);
    this.factored = v.meta[1] === 1;
    if (this.factored) {
      this.factoredZ.set(v.fz);
      this.lastRow.set(c);
    }
  }

  /** See mayStandFor (./problem.ts); an equilibrium problem depends on u alone. */
  reuseNear(z: Float64Array, c: Float64Array): boolean {
    return this.factored && mayStandFor(z, c, this.factoredZ, this.lastRow, this.lu);
  }

  solve(rhs: Float64Array, out: Float64Array): void {
    this.lu.solve(rhs, out);
  }

  det(): number {
    return this.lu.det();
  }
}
