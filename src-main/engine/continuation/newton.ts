/**
 * Newton's method on the bordered system of continuation (Keller 1977; Doedel, Keller & Kernevez
 * 1991, "Numerical analysis and control of bifurcation problems (I)"), for any problem F(u) = 0 of
 * N - 1 equations in N unknowns (./problem.ts):
 *
 *     F(u) = 0,   c . u = target,
 *
 * with the N x N Jacobian [[F_u], [c^T]], exact. With c = e_lambda and target = lambda0 it solves
 * at a fixed parameter value; with c the tangent and target its product with the predicted point
 * it is the pseudo-arclength corrector. Failures are statuses: 'singular' (the bordered matrix
 * cannot be factored), 'diverged' (non-finite values or growing updates), 'maxIter' (no
 * convergence in the allowed iterations).
 *
 * Residuals are measured relative to the size of the terms they are made of (see `residualNorm`):
 * F is evaluated with rounding errors of about 1e-16 times its largest terms, so an absolute
 * tolerance of 1e-10 cannot be met where the terms are of order 1e6 (e.g. eta = 1e6 in ik_nodim),
 * and every corrector step would be refused there.
 *
 * Allocation-free after construction: the problem writes its Jacobian straight into the first
 * N - 1 rows of the bordered matrix, or, for large structured problems, supplies its own solver of
 * the bordered matrix (ContinuationProblem.borderedSystem).
 */
import type { Complex } from '@shared/continuation/types';
import {
  mayStandFor,
  type BorderedSystem,
  type ContinuationProblem,
  type FactorStatus,
  type SameBranchLimits,
  type StepOutcome,
  type TracedPoint,
} from './problem';
import { equilibriumContinuation, type EquilibriumProblem } from './eq-problem';
import { DenseLu } from './lu';

export type NewtonStatus = 'converged' | 'maxIter' | 'diverged' | 'singular';

export interface NewtonOptions {
  /** Converged when the scaled residual (residualNorm) <= tol and the last update <= tol (1 + max|z|). */
  tol: number;
  maxIter: number;
  /** Backtrack (halve the update up to 10 times) until the residual decreases: for poor starting guesses. */
  damped?: boolean;
}

/** Bordered Newton for one problem; see the file comment. */
export class Corrector<D = unknown> {
  /** Linear solves of the last `solve` call. */
  lastIterations = 0;
  /** Linear solves of all calls. */
  totalIterations = 0;
  /** N, the number of unknowns. */
  readonly dim: number;
  private readonly system: BorderedSystem;
  private readonly f: Float64Array;
  private readonly rhs: Float64Array;
  private readonly delta: Float64Array;
  private readonly trial: Float64Array;
  private readonly e: Float64Array;
  /** Residual weights max(1, size of the terms) of the N - 1 equations and the constraint row. */
  private readonly weight: Float64Array;

  constructor(readonly problem: ContinuationProblem<D>) {
    const n1 = problem.dim;
    this.dim = n1;
    this.system = problem.borderedSystem?.() ?? new DenseBordered(problem);
    this.f = new Float64Array(n1 - 1);
    this.rhs = new Float64Array(n1);
    this.delta = new Float64Array(n1);
    this.trial = new Float64Array(n1);
    this.e = new Float64Array(n1);
    this.e[n1 - 1] = 1;
    this.weight = new Float64Array(n1).fill(1);
  }

  /**
   * The scaled residual at z: max over the equations of |F_i| / max(1, s_i) and of the constraint
   * |c.z - target| / max(1, sum_j |c_j z_j|), where s_i = sum_j |dF_i/du_j u_j| estimates the size
   * of the terms of F_i (for a monomial of degree d, x d/dx gives d times it). Where every term is
   * at most 1 in size this is the plain max-norm of the residual.
   */
  residualNorm(z: Float64Array, c: Float64Array, target: number): number {
    this.system.factor(z, c, this.weight);
    return this.weightedResidual(z, c, target);
  }

  /** The scaled residual with the weights of the last `assemble`. */
  private weightedResidual(z: Float64Array, c: Float64Array, target: number): number {
    const { dim: n1, f, weight } = this;
    const n = n1 - 1;
    this.problem.residual(z, f);
    let r = 0;
    let g = -target;
    for (let i = 0; i < n1; i++) g += c[i] * z[i];
    for (let i = 0; i < n; i++) {
      // |f_i| as f_i < 0 ? -f_i : f_i here and below: cheaper than a call in V8's baseline tiers.
      const fi = f[i];
      const a = (fi < 0 ? -fi : fi) / weight[i];
      if (!(a <= r)) r = a; // NaN propagates
    }
    const ag = Math.abs(g) / weight[n];
    return ag > r || Number.isNaN(ag) ? ag : r;
  }

  /** Whether `step` can run (the system does whole steps, BorderedSystem.step, and every iteration factors afresh). */
  get wholeSteps(): boolean {
    return this.system.step !== undefined && this.problem.fullNewtonSteps === undefined;
  }

  /**
   * A whole step of ./palc.ts's trace in the system's one call (BorderedSystem.step; only where
   * `wholeSteps`): the point into z, its tangent into t, the status and branch-point test into out.
   */
  step(prev: TracedPoint, h: number, opts: NewtonOptions, limits: SameBranchLimits, z: Float64Array, t: Float64Array, out: StepOutcome): void {
    (this.system.step as NonNullable<BorderedSystem['step']>)(prev, h, opts, limits, this.weight, z, t, out);
    this.lastIterations = this.system.newtonIterations ?? 0;
    this.totalIterations += this.lastIterations;
  }

  /** Solves the bordered system for z in place (z is left at the last iterate on failure). */
  solve(z: Float64Array, c: Float64Array, target: number, opts: NewtonOptions): NewtonStatus {
    const { dim: n1, system, f, rhs, delta, trial, weight } = this;
    const n = n1 - 1;
    this.lastIterations = 0;
    // The whole iteration in one call where the system offers it (the same operations and bits).
    if (system.newton !== undefined && this.problem.fullNewtonSteps === undefined) {
      const status = system.newton(z, c, target, opts, weight);
      this.lastIterations = system.newtonIterations ?? 0;
      this.totalIterations += this.lastIterations;
      return status;
    }
    // The weights of a residual are those of the previous iterate's assembly (they vary slowly).
    let status: FactorStatus = system.factor(z, c, weight);
    const full = this.problem.fullNewtonSteps ?? Infinity;
    let r = this.weightedResidual(z, c, target);
    let lastStep = Infinity;
    let prevStep = Infinity;
    // The exits are tested at the top of every pass, the last one after maxIter iterations
    // included, so that every comparison has run (and has type feedback) before the optimising
    // compiler sees it: one first reached late would cost a deoptimisation and a recompilation.
    for (let k = 0; ; k++) {
      if (!Number.isFinite(r)) return 'diverged';
      if (k > 0 && r <= opts.tol) {
        let zmax = 0;
        for (let i = 0; i <= n; i++) zmax = Math.max(zmax, Math.abs(z[i]));
        if (lastStep <= opts.tol * (1 + zmax)) return 'converged';
      }
      // Negated, so that a maxIter that is not a number ends the loop too.
      if (!(k < opts.maxIter)) return 'maxIter';
      // After the problem's fullNewtonSteps factorisations the last one is reused (chord steps).
      if (k > 0 && k < full) status = system.factor(z, c, weight);
      if (status === 'notFinite') return 'diverged';
      if (status === 'singular') return 'singular';
      let g = -target;
      for (let i = 0; i <= n; i++) g += c[i] * z[i];
      for (let i = 0; i < n; i++) rhs[i] = -f[i];
      rhs[n] = -g;
      system.solve(rhs, delta);
      this.lastIterations++;
      this.totalIterations++;
      let alpha = 1;
      let rNew = NaN;
      for (let half = 0; half <= (opts.damped ? 10 : 0); half++) {
        for (let i = 0; i < n1; i++) trial[i] = z[i] + alpha * delta[i];
        rNew = this.weightedResidual(trial, c, target);
        const better = rNew < r;
        if (!opts.damped || better) break;
        alpha *= 0.5;
      }
      z.set(trial);
      prevStep = lastStep;
      lastStep = 0;
      let nan = false;
      for (let i = 0; i < n1; i++) {
        const d = alpha * delta[i];
        const a = d < 0 ? -d : d;
        if (a > lastStep) lastStep = a;
        else if (a !== a) nan = true;
      }
      if (nan) lastStep = NaN;
      r = rNew;
      // Undamped Newton whose updates grow after the first two iterations is not converging (both
      // comparisons at every iteration, as above).
      const grows = lastStep > (k >= full ? 1 : 2) * prevStep;
      const large = lastStep > opts.tol;
      if (!opts.damped && k >= 2 && grows && large) return 'diverged';
    }
  }

  /**
   * The unit tangent at z: the solution of [[F_u], [c^T]] t = e_N, normalised (so t . c > 0: the
   * orientation of c is kept). Returns the branch-point test function, the determinant of
   * [[F_u], [t^T]] (it changes sign at a simple branch point, where F_u loses rank, but not at a
   * fold; Doedel's AUTO notes, section on branch switching), or NaN when the bordered matrix is
   * singular. `afterCorrector`: z is where `solve` with this c has just converged.
   */
  tangent(z: Float64Array, c: Float64Array, out: Float64Array, afterCorrector = false): number {
    const { dim: n1, system, delta } = this;
    // Right after a converged corrector, its last factorisation may do (BorderedSystem.reuseNear).
    const reused = afterCorrector && system.reuseNear?.(z, c) === true;
    // At a point just factored with another last row (e.g. the start of a cycle family), only that row is redone.
    if (!reused && system.reborder?.(z, c, this.weight) !== true && system.factor(z, c, this.weight) !== 'ok') return NaN;
    const det = system.det();
    system.solve(this.e, delta);
    let norm = 0;
    for (let i = 0; i < n1; i++) norm += delta[i] * delta[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n1; i++) out[i] = delta[i] / norm;
    // Replacing the row c by the unit tangent t scales the determinant by 1/(c . t) = norm: c minus
    // its component along t lies in the row space of F_u (the orthogonal complement of t).
    return det * norm;
  }
}

/** The bordered matrix assembled dense from the problem's Jacobian and factored by LU (small problems). */
class DenseBordered implements BorderedSystem {
  private readonly lu: DenseLu;
  /** The bordered matrix [[F_u], [c^T]], row-major N x N. */
  private readonly m: Float64Array;
  /** Its last row. */
  private readonly lastRow: Float64Array;
  /** Where the last successful factorisation was made (valid when `factored`). */
  private readonly factoredZ: Float64Array;
  private factored = false;

  constructor(private readonly problem: ContinuationProblem<unknown>) {
    this.lu = new DenseLu(problem.dim);
    this.m = new Float64Array(problem.dim * problem.dim);
    this.lastRow = this.m.subarray((problem.dim - 1) * problem.dim);
    this.factoredZ = new Float64Array(problem.dim);
  }

  factor(z: Float64Array, c: Float64Array, weight: Float64Array): FactorStatus {
    this.factored = false;
    const { m } = this;
    const n1 = this.problem.dim;
    const n = n1 - 1;
    this.problem.jacobian(z, m);
    const last = Math.abs(z[n]);
    // Every sum of |terms| is finite only if every entry is (a NaN or infinite entry makes its
    // sum NaN or infinite), so the entries are checked one by one only when some sum is not.
    let sums = 0;
    for (let i = 0, ri = 0; i < n; i++, ri += n1) {
      // The last column first: the order of the sum is part of the weights' rounding.
      const mn = m[ri + n];
      let s = (mn < 0 ? -mn : mn) * last;
      for (let j = 0; j < n; j++) {
        const t = m[ri + j] * z[j];
        s += t < 0 ? -t : t;
      }
      weight[i] = s > 1 ? s : 1;
      sums += s;
    }
    let sc = 0;
    for (let j = 0; j <= n; j++) {
      m[n * n1 + j] = c[j];
      const t = c[j] * z[j];
      sc += t < 0 ? -t : t;
    }
    weight[n] = sc > 1 ? sc : 1;
    if (!Number.isFinite(sums + sc)) {
      for (let i = 0; i < n1 * n1; i++) if (!Number.isFinite(m[i])) return 'notFinite';
    }
    if (!this.lu.factor(m)) return 'singular';
    this.factoredZ.set(z);
    this.factored = true;
    return 'ok';
  }

  /** See mayStandFor (./problem.ts): the last factorisation, for the tangent where the corrector just converged. */
  reuseNear(z: Float64Array, c: Float64Array): boolean {
    if (this.problem.dependsOnUAlone !== true || !this.factored) return false;
    return mayStandFor(z, c, this.factoredZ, this.lastRow, this.lu);
  }

  solve(rhs: Float64Array, out: Float64Array): void {
    this.lu.solve(rhs, out);
  }

  det(): number {
    return this.lu.det();
  }
}

/**
 * The corrector of equilibrium continuation, for callers that hold an EquilibriumProblem: `prob`
 * is that problem and `n` its number of states (z = (x, lambda) has n + 1 entries).
 */
export class BorderedNewton extends Corrector<Complex[]> {
  readonly n: number;
  constructor(readonly prob: EquilibriumProblem) {
    super(equilibriumContinuation(prob));
    this.n = prob.n;
  }
}
