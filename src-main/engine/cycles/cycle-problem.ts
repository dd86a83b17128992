/**
 * Periodic orbits of x' = f(x, lambda) as a continuation problem of the generic core
 * (../continuation/problem.ts), by orthogonal collocation as in AUTO-07p (Doedel, Keller &
 * Kernevez, Int. J. Bifurcation and Chaos 1 (1991), sections 7-8; Doedel, "Lecture notes on
 * numerical analysis of nonlinear equations", boundary value problems):
 *
 *     u'(t) = T f(u(t), lambda)   on t in [0, 1],   u(0) = u(1),
 *     integral_0^1 (u(t) - u_ref(t)) . u_ref'(t) dt = 0        (phase condition),
 *
 * with u piecewise polynomial of degree NCOL on a mesh of NTST intervals (./collocation.ts), the
 * period T and the parameter lambda free. Unknowns z: the mesh values scaled by sqrt of their
 * integration weight (so that Euclidean norms and dot products of z are the discrete L2 norm of
 * the orbit, as AUTO's pseudo-arclength uses; independent of NTST and of the mesh), then T / T_s
 * (T_s: the period at the start, so the period counts relative to its size), then lambda.
 *
 * The bordered matrix is never formed: the problem assembles the collocation blocks
 * (./collocation-block.ts) into the structured solver (./abd-factor.ts) through `borderedSystem`.
 * `jacobian` writes the dense matrix (./abd-dense.ts) only for checks on small meshes.
 */
import type { CompiledModel } from '../compiled-model';
import type { BorderedSystem, ContinuationProblem, FactorStatus, ScalarTest, TracedPoint, TrackedTest } from '../continuation/problem';
import { LOCATE_TOL, withinFactoredDrift } from '../continuation/problem';
import { AbdSolver } from './abd-factor';
import { denseMatrix } from './abd-dense';
import { BlockAssembler } from './collocation-block';
import { collocation, type Collocation } from './collocation';
import { cycleTests, FloquetSolver, type CycleData } from './floquet';

/** The LPC test is the tangent's lambda component (as the equilibria's fold test). */
const LPC_FLOOR = 1e-3;
export { FACTORED_DRIFT } from '../continuation/problem';

export interface CycleProblemOptions {
  ntst: number;
  ncol: number;
  /** Index of the free parameter in the model's parameter vector. */
  iP: number;
  /** The parameter vector (params then inputs); copied. */
  params: ArrayLike<number>;
  /** Scale of the period in the unknowns. */
  periodScale: number;
}

export class CycleProblem implements ContinuationProblem<CycleData> {
  readonly n: number;
  readonly ntst: number;
  readonly ncol: number;
  readonly coll: Collocation;
  readonly dim: number;
  readonly nu: number;
  readonly paramIndex: number;
  readonly paramName: string;
  /** Two Newton iterations with fresh factorisations, then chord steps (as AUTO's NWTN, which is 3). */
  readonly fullNewtonSteps = 2;
  readonly tests: readonly ScalarTest[] = [{ kind: 'LPC', floor: LPC_FLOOR, tol: LOCATE_TOL, orientation: true }];
  /** Mesh t_0 = 0 < ... < t_NTST = 1, interval widths, weights of the mesh values and their square roots. */
  readonly tm: Float64Array;
  readonly h: Float64Array;
  readonly omega: Float64Array;
  readonly sq: Float64Array;
  readonly periodScale: number;
  readonly p: Float64Array;
  readonly iP: number;
  /** The phase reference u_ref and its derivative on [0, 1], physical values at the mesh values (n (L + 1)). */
  readonly uRef: Float64Array;
  readonly uRefDot: Float64Array;
  readonly solver: AbdSolver;
  private readonly floquet: FloquetSolver;
  private readonly xc: Float64Array;
  private readonly fc: Float64Array;
  private readonly block: BlockAssembler;
  private readonly e: Float64Array;
  private readonly wscratch: Float64Array;
  /** Physical values of one interval's NCOL + 1 mesh values (scratch of the residual). */
  private readonly uloc: Float64Array;
  /** The determinant is reported as sign * exp(logDet - detRef) (see BorderedSystem.det). */
  detRef = NaN;
  /** The z of the solver's last successful factorisation (its P0, P1 are that point's), valid while `factoredValid`. */
  private readonly factoredZ: Float64Array;
  private factoredValid = false;

  constructor(
    readonly model: CompiledModel,
    opts: CycleProblemOptions,
  ) {
    const n = model.stateNames.length;
    this.n = n;
    this.ntst = opts.ntst;
    this.ncol = opts.ncol;
    this.coll = collocation(opts.ncol);
    const L = opts.ntst * opts.ncol;
    this.nu = n * (L + 1);
    this.dim = this.nu + 2;
    this.paramIndex = this.nu + 1;
    this.iP = opts.iP;
    this.paramName = model.paramNames[opts.iP];
    this.p = Float64Array.from(opts.params);
    this.periodScale = opts.periodScale;
    this.tm = new Float64Array(opts.ntst + 1);
    this.h = new Float64Array(opts.ntst);
    this.omega = new Float64Array(L + 1);
    this.sq = new Float64Array(L + 1);
    this.uRef = new Float64Array(this.nu);
    this.uRefDot = new Float64Array(this.nu);
    this.solver = new AbdSolver(n, opts.ntst, opts.ncol);
    this.floquet = new FloquetSolver(n);
    this.xc = new Float64Array(n);
    this.fc = new Float64Array(n);
    this.block = new BlockAssembler(model, this.coll, opts.iP);
    this.e = new Float64Array(this.dim);
    this.e[this.dim - 1] = 1;
    this.wscratch = new Float64Array(this.dim);
    this.uloc = new Float64Array(n * (opts.ncol + 1));
    this.factoredZ = new Float64Array(this.dim);
    const uniform = new Float64Array(opts.ntst + 1);
    for (let j = 0; j <= opts.ntst; j++) uniform[j] = j / opts.ntst;
    this.setMesh(uniform);
  }

  /** Sets the mesh (NTST + 1 increasing values from 0 to 1) and the weights that depend on it. */
  setMesh(tm: ArrayLike<number>): void {
    const { ntst, ncol, h, omega, sq, coll } = this;
    for (let j = 0; j <= ntst; j++) this.tm[j] = tm[j];
    omega.fill(0);
    for (let j = 0; j < ntst; j++) {
      h[j] = this.tm[j + 1] - this.tm[j];
      for (let k = 0; k <= ncol; k++) omega[j * ncol + k] += coll.wi[k] * h[j];
    }
    for (let m = 0; m < omega.length; m++) sq[m] = Math.sqrt(omega[m]);
    this.detRef = NaN;
    this.factoredValid = false;
  }

  /** Physical mesh values (n (L + 1)) from z. */
  toStates(z: Float64Array, out: Float64Array): void {
    const { n, sq } = this;
    for (let m = 0; m < sq.length; m++) for (let i = 0; i < n; i++) out[m * n + i] = z[m * n + i] / sq[m];
  }

  /** z's mesh part from physical mesh values. */
  fromStates(u: ArrayLike<number>, z: Float64Array): void {
    const { n, sq } = this;
    for (let m = 0; m < sq.length; m++) for (let i = 0; i < n; i++) z[m * n + i] = u[m * n + i] * sq[m];
  }

  period(z: Float64Array): number {
    return z[this.nu] * this.periodScale;
  }

  /**
   * Sets the phase reference to the orbit z: u_ref = z's orbit, u_ref' = T f(u_ref) at the mesh
   * values (the derivative of the solution where it solves the ODE).
   */
  setReference(z: Float64Array): void {
    const { n, nu, uRef, uRefDot, p, xc, fc } = this;
    this.toStates(z, uRef);
    p[this.iP] = z[nu + 1];
    const T = this.period(z);
    for (let m = 0; m < nu / n; m++) {
      for (let i = 0; i < n; i++) xc[i] = uRef[m * n + i];
      this.model.rhs(xc, p, fc);
      for (let i = 0; i < n; i++) uRefDot[m * n + i] = T * fc[i];
    }
  }

  residual(z: Float64Array, out: Float64Array): void {
    this.p[this.iP] = z[this.nu + 1];
    this.collocationResidual(z, out);
    this.boundaryResidual(z, out);
  }

  /** The collocation rows of the residual at z (p already holds z's parameter). */
  private collocationResidual(z: Float64Array, out: Float64Array): void {
    const { n, ntst, ncol, sq, h, xc, fc, p, uloc } = this;
    const { wt, wp } = this.coll;
    const m1 = ncol + 1;
    const T = this.period(z);
    for (let j = 0; j < ntst; j++) {
      // The interval's physical values, read once for its NCOL collocation points.
      for (let k = 0; k <= ncol; k++) {
        const m = j * ncol + k;
        for (let i = 0; i < n; i++) uloc[k * n + i] = z[m * n + i] / sq[m];
      }
      for (let c = 0; c < ncol; c++) {
        const row = (j * ncol + c) * n;
        for (let i = 0; i < n; i++) {
          let x = 0;
          let du = 0;
          for (let k = 0; k <= ncol; k++) {
            const u = uloc[k * n + i];
            x += wt[c * m1 + k] * u;
            du += (wp[c * m1 + k] / h[j]) * u;
          }
          xc[i] = x;
          out[row + i] = du;
        }
        this.model.rhs(xc, p, fc);
        for (let i = 0; i < n; i++) out[row + i] -= T * fc[i];
      }
    }
  }

  /** The periodicity rows and the phase condition of the residual at z. */
  private boundaryResidual(z: Float64Array, out: Float64Array): void {
    const { n, nu, sq, omega, uRef, uRefDot } = this;
    const last = nu - n;
    const L = sq.length - 1;
    for (let i = 0; i < n; i++) out[last + i] = z[i] / sq[0] - z[last + i] / sq[L];
    let phase = 0;
    for (let m = 0; m <= L; m++) {
      for (let i = 0; i < n; i++) phase += omega[m] * (z[m * n + i] / sq[m] - uRef[m * n + i]) * uRefDot[m * n + i];
    }
    out[nu] = phase;
  }

  /**
   * Fills the solver's blocks, boundary coefficients and dense rows at z with border c, and the
   * residual weights (see BorderedSystem.factor); false when a derivative is not finite.
   */
  assemble(z: Float64Array, c: Float64Array, weight: Float64Array): boolean {
    const { n, ntst, nu, sq, p, solver } = this;
    p[this.iP] = z[nu + 1];
    let finite = true;
    for (let j = 0; j < ntst; j++) if (!this.block.fill(j, z, weight, this, solver)) finite = false;
    const L = sq.length - 1;
    const last = nu - n;
    solver.per0 = 1 / sq[0];
    solver.perL = -1 / sq[L];
    for (let i = 0; i < n; i++) {
      const s = Math.abs(z[i] / sq[0]) + Math.abs(z[last + i] / sq[L]);
      weight[last + i] = s > 1 ? s : 1;
    }
    this.assembleDense(z, c, weight);
    return finite;
  }

  /** The solver's dense rows at z: the phase condition against the current reference and the border c, with their residual weights. */
  private assembleDense(z: Float64Array, c: Float64Array, weight: Float64Array): void {
    const { n, nu, sq, uRefDot, dim } = this;
    const dense = this.solver.dense;
    const L = sq.length - 1;
    let sp = 0;
    let sc = 0;
    for (let m = 0; m <= L; m++) {
      for (let i = 0; i < n; i++) {
        const v = sq[m] * uRefDot[m * n + i];
        dense[m * n + i] = v;
        sp += Math.abs(v * z[m * n + i]);
      }
    }
    dense[nu] = 0;
    dense[nu + 1] = 0;
    for (let q = 0; q < dim; q++) {
      dense[dim + q] = c[q];
      sc += Math.abs(c[q] * z[q]);
    }
    weight[nu] = sp > 1 ? sp : 1;
    weight[nu + 1] = sc > 1 ? sc : 1;
  }

  borderedSystem(): BorderedSystem {
    const solver = this.solver;
    return {
      factor: (z: Float64Array, c: Float64Array, weight: Float64Array): FactorStatus => {
        this.factoredValid = false;
        if (!this.assemble(z, c, weight)) return 'notFinite';
        if (!solver.factor()) return 'singular';
        this.factoredZ.set(z);
        this.factoredValid = true;
        return 'ok';
      },
      solve: (rhs: Float64Array, out: Float64Array) => solver.solve(rhs, out),
      // The blocks depend on z alone: at the factored z only the dense rows (phase condition, border) are redone.
      reborder: (z: Float64Array, c: Float64Array, weight: Float64Array): boolean => {
        if (!this.isFactoredAt(z)) return false;
        this.assembleDense(z, c, weight);
        if (solver.refinish()) return true;
        this.factoredValid = false;
        return false;
      },
      det: () => {
        if (Number.isNaN(this.detRef)) this.detRef = solver.logDet;
        return solver.detSign * Math.exp(solver.logDet - this.detRef);
      },
    };
  }

  /** The dense (N - 1) x N Jacobian (for checks on small meshes; the corrector never uses it). */
  jacobian(z: Float64Array, out: Float64Array): void {
    this.factoredValid = false;
    this.assemble(z, this.e, this.wscratch);
    denseMatrix(this.solver, out);
  }

  /**
   * Whether the solver holds the factorisation of the blocks at z (on the current mesh): at z
   * itself, or at a point within FACTORED_DRIFT (1 + max |z|) of it in every unknown. A corrector
   * that converged after a tiny last step (a point re-corrected on an adapted mesh, a located
   * special point) leaves such a factorisation; the blocks there differ from those at z far less
   * than z itself is accurate (the Newton tolerance), so the tangent, the determinant and the
   * Floquet multipliers are taken from it instead of factoring again.
   */
  private isFactoredAt(z: Float64Array): boolean {
    return this.factoredValid && withinFactoredDrift(z, this.factoredZ);
  }

  /** Floquet multipliers and stability at z (one factorisation of the collocation system). */
  pointData(z: Float64Array): CycleData {
    // P0 and P1 depend on z alone (not on the border or the phase reference): reuse the last factorisation at z.
    if (!this.isFactoredAt(z)) {
      this.factoredValid = false;
      if (!this.assemble(z, this.e, this.wscratch) || !this.solver.factor(false)) return this.floquet.failed();
    }
    const L = this.sq.length - 1;
    return this.floquet.compute(this.solver.p0, this.solver.p1, this.sq[0] / this.sq[L]);
  }

  evaluateTests(point: TracedPoint, out: Float64Array): void {
    out[0] = point.t[this.paramIndex];
  }

  trackedTests(_a: TracedPoint, da: CycleData, _b: TracedPoint, db: CycleData): TrackedTest<CycleData>[] {
    return cycleTests(da, db);
  }

  /**
   * Rank check at a located zero of the branch-point test: a branch point of cycles has a second
   * Floquet multiplier at +1 (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed., ch. 10.3),
   * so the distance of the nontrivial multiplier nearest to 1 from 1.
   */
  rankRatio(z: Float64Array): number {
    const d = this.pointData(z);
    return d.secondDistance;
  }
}
