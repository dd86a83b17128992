/**
 * Rodas4: the stiffly accurate, L-stable Rosenbrock method of order 4 with an embedded order-3
 * solution and an order-3 continuous extension, for stiff problems (e.g. ik_nodim at tau = 1e-6).
 *
 * Method: Hairer & Wanner, *Solving Ordinary Differential Equations II*, 2nd ed., Springer 1996,
 * Section IV.7 (Rosenbrock methods, their transformed form without matrix-vector products, step
 * control), with the coefficients and the continuous extension of the authors' code RODAS that
 * accompanies the book (METH = 1: 6 stages, gamma = 1/4, order 4(3)). With u_i the transformed stages, one step of size h from
 * (t0, y0) with J = df/dy(y0) solves, for i = 1..6,
 *
 *   (I/(h gamma) - J) u_i = f(y0 + sum_{j<i} a_ij u_j) + sum_{j<i} (c_ij / h) u_j,
 *
 * and y1 = y0 + sum_{j<6} a_6j u_j + u_6 (stiffly accurate: a_6j = a_5j for j < 5, a_65 = 1, and
 * y1 is the argument of stage 6 plus u_6). The embedded solution is the stage-6 argument, so u_6
 * is the local error estimate. The time derivative df/dt that a Rosenbrock step of a
 * non-autonomous problem needs is zero here: time enters only through piecewise-constant inputs,
 * and the driver restarts the stepper at every input change.
 *
 * Step control as in RODAS: err = sqrt(1/n sum (u6_i / sc_i)^2),
 * sc_i = atol + rtol max(|y0_i|, |y1_i|); h_new = h / fac with fac = err^(1/4) / 0.9 clamped to
 * [1/5, 6], sharpened after an accepted step by Gustafsson's predictive controller
 * (HW II, IV.8); no growth right after a rejection. A singular I/(h gamma) - J halves h.
 *
 * Allocation-free after construction: every work array is preallocated; the LU of the n x n
 * iteration matrix is ../continuation/lu.ts's in-place Gaussian elimination with partial pivoting.
 */
import type { CompiledModel, Vec } from '../compiled-model';
import { DenseLu } from '../continuation/lu';
import { AdaptiveStepper, STEP_ACCEPTED, STEP_UNDERFLOW, type AdaptiveOptions } from './adaptive-stepper';

/** A Rosenbrock method in Hairer's transformed form (see the file comment). */
export interface RosenbrockTableau {
  readonly name: string;
  readonly order: number;
  readonly embeddedOrder: number;
  /** Diagonal gamma (the same for every stage). */
  readonly gamma: number;
  /** a[i][j], j < i (transformed stage arguments); row i has length i. */
  readonly a: readonly (readonly number[])[];
  /** c[i][j], j < i (transformed coupling of the stages). */
  readonly c: readonly (readonly number[])[];
  /** y1 = y0 + sum m_i u_i; the embedded solution uses mHat. */
  readonly m: readonly number[];
  readonly mHat: readonly number[];
  /**
   * Dense output: y(t0 + s h) = (1 - s) y0 + s (y1 + (1 - s)(q1 + s q2)), q_k = sum_j d[k][j] u_j.
   */
  readonly d: readonly (readonly number[])[];
}

const A5 = [1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895];

/** RODAS (HW II, IV.7): the 16-digit coefficients of Hairer & Wanner's code RODAS, METH = 1. */
export const RODAS4: RosenbrockTableau = {
  name: 'rodas4',
  order: 4,
  embeddedOrder: 3,
  gamma: 0.25,
  a: [[], [1.544], [0.9466785280815826, 0.2557011698983284], [3.314825187068521, 2.896124015972201, 0.9986419139977817], A5, [...A5, 1]],
  c: [
    [],
    [-5.6688],
    [-2.430093356833875, -0.2063599157091915],
    [-0.1073529058151375, -9.594562251023355, -20.47028614809616],
    [7.496443313967647, -10.24680431464352, -33.99990352819905, 11.7089089320616],
    [8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054],
  ],
  m: [...A5, 1, 1],
  mHat: [...A5, 1, 0],
  d: [
    [10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823, 1.025137723295662, 0],
    [-0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386, -6.594389125716872, 0],
  ],
};

export type Rodas4Options = AdaptiveOptions;

const SAFETY = 0.9;
/** h_new / h stays in [1/FAC_DOWN, FAC_UP] (RODAS's defaults). */
const FAC_UP = 5;
const FAC_DOWN = 6;

const { gamma: GAMMA, a: AA, c: CC, d: DD } = RODAS4;
const [, [A21], [A31, A32], [A41, A42, A43], [A51, A52, A53, A54]] = AA;
const [, [C21], [C31, C32], [C41, C42, C43], [C51, C52, C53, C54], [C61, C62, C63, C64, C65]] = CC;
const [[D21, D22, D23, D24, D25], [D31, D32, D33, D34, D35]] = DD;

/**
 * One Rodas4 integration: the same interface as Dopri5Stepper (start, step toward an end point
 * landing on it exactly, dense output of the last accepted step, counters).
 */
export class Rodas4Stepper extends AdaptiveStepper {
  readonly name = 'rodas4';
  jacobianEvaluations = 0;
  /** LU factorisations of I/(h gamma) - J (one per step attempt). */
  decompositions = 0;

  private readonly model: CompiledModel;
  private yOld: Vec;
  private f0: Vec;
  private f1: Vec;
  private readonly fs: Vec;
  private readonly ys: Vec;
  private readonly rhs: Vec;
  private readonly u1: Vec;
  private readonly u2: Vec;
  private readonly u3: Vec;
  private readonly u4: Vec;
  private readonly u5: Vec;
  private readonly u6: Vec;
  private readonly jac: Vec;
  private readonly mat: Vec;
  private readonly lu: DenseLu;
  private readonly q1: Vec;
  private readonly q2: Vec;
  private jacobianFresh = false;
  private firstStep = true;
  private hAcc = 0;
  private errAcc = 1;

  constructor(model: CompiledModel, opts: Rodas4Options) {
    const n = model.stateNames.length;
    super(n, opts);
    this.model = model;
    const vec = (): Vec => new Float64Array(n);
    this.yOld = vec();
    this.f0 = vec();
    this.f1 = vec();
    this.fs = vec();
    this.ys = vec();
    this.rhs = vec();
    this.u1 = vec();
    this.u2 = vec();
    this.u3 = vec();
    this.u4 = vec();
    this.u5 = vec();
    this.u6 = vec();
    this.q1 = vec();
    this.q2 = vec();
    this.jac = new Float64Array(n * n);
    this.mat = new Float64Array(n * n);
    this.lu = new DenseLu(n);
  }

  /** (Re)starts at (t, y0) under parameters p: evaluates f(y0); the Jacobian follows on the next step. */
  start(t: number, y0: ArrayLike<number>, p: Vec): void {
    this.t = t;
    this.tOld = t;
    this.y.set(y0);
    this.model.rhs(this.y, p, this.f0);
    this.rhsEvaluations++;
    this.jacobianFresh = false;
    // The right-hand side may have changed (an input switched): forget the controller's history.
    this.firstStep = true;
  }

  /** f(y) at the current point (valid after `start` and after each accepted step). */
  get slope(): Vec {
    return this.f0;
  }

  /**
   * Attempts one step toward tEnd (> t) of size min(h, tEnd - t), stretched or cut to land on tEnd
   * when t + 1.01 h reaches it. Returns STEP_ACCEPTED, STEP_REJECTED or STEP_UNDERFLOW (the step
   * fell below 10 units of roundoff of t).
   */
  step(p: Vec, tEnd: number): number {
    const { model, n, y, f0, fs, ys, rhs, mat, lu, u1, u2, u3, u4, u5, u6 } = this;
    const h = this.trialStep(tEnd);
    if (h < 0) return STEP_UNDERFLOW;
    if (!this.jacobianFresh) {
      model.jacobian(y, p, this.jac);
      this.jacobianEvaluations++;
      this.jacobianFresh = true;
    }
    const diag = 1 / (h * GAMMA);
    for (let k = 0; k < n * n; k++) mat[k] = -this.jac[k];
    for (let i = 0; i < n; i++) mat[i * n + i] += diag;
    this.decompositions++;
    if (!lu.factor(mat)) return this.reject(h, 0.5);
    const ih = 1 / h;
    lu.solve(f0, u1);
    for (let i = 0; i < n; i++) ys[i] = y[i] + A21 * u1[i];
    model.rhs(ys, p, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * (C21 * u1[i]);
    lu.solve(rhs, u2);
    for (let i = 0; i < n; i++) ys[i] = y[i] + A31 * u1[i] + A32 * u2[i];
    model.rhs(ys, p, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * (C31 * u1[i] + C32 * u2[i]);
    lu.solve(rhs, u3);
    for (let i = 0; i < n; i++) ys[i] = y[i] + A41 * u1[i] + A42 * u2[i] + A43 * u3[i];
    model.rhs(ys, p, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * (C41 * u1[i] + C42 * u2[i] + C43 * u3[i]);
    lu.solve(rhs, u4);
    for (let i = 0; i < n; i++) ys[i] = y[i] + A51 * u1[i] + A52 * u2[i] + A53 * u3[i] + A54 * u4[i];
    model.rhs(ys, p, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * (C51 * u1[i] + C52 * u2[i] + C53 * u3[i] + C54 * u4[i]);
    lu.solve(rhs, u5);
    for (let i = 0; i < n; i++) ys[i] += u5[i];
    model.rhs(ys, p, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * (C61 * u1[i] + C62 * u2[i] + C63 * u3[i] + C64 * u4[i] + C65 * u5[i]);
    lu.solve(rhs, u6);
    this.rhsEvaluations += 5;
    const yNew = this.yOld;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      yNew[i] = ys[i] + u6[i];
      const sc = this.atol + this.rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      this.est[i] = u6[i] / sc;
      sum += this.est[i] * this.est[i];
    }
    const err = Math.sqrt(sum / n);
    if (!(err <= 1)) {
      // err > 1, or not a number (a non-finite stage): shrink as far as allowed.
      return this.reject(h, err < Infinity ? 1 / this.clampFac(Math.pow(err, 0.25) / SAFETY) : 1 / FAC_DOWN);
    }

    // Accepted: the controller of RODAS (HW II, IV.8) with Gustafsson's prediction.
    let fac = this.clampFac(Math.pow(err, 0.25) / SAFETY);
    if (!this.firstStep) {
      const pred = this.clampFac(((this.hAcc / h) * Math.pow((err * err) / this.errAcc, 0.25)) / SAFETY);
      fac = Math.max(fac, pred);
    }
    this.firstStep = false;
    this.hAcc = h;
    this.errAcc = Math.max(1e-2, err);
    let hNew = h / fac;
    if (this.lastRejected) hNew = Math.min(hNew, h);
    this.h = hNew;
    for (let i = 0; i < n; i++) {
      this.q1[i] = D21 * u1[i] + D22 * u2[i] + D23 * u3[i] + D24 * u4[i] + D25 * u5[i];
      this.q2[i] = D31 * u1[i] + D32 * u2[i] + D33 * u3[i] + D34 * u4[i] + D35 * u5[i];
    }
    this.advance(h, tEnd);
    this.yOld = y;
    this.y = yNew;
    // f(y1): the first stage of the next step (and the slope the driver checks).
    model.rhs(yNew, p, this.f1);
    this.rhsEvaluations++;
    const f = this.f0;
    this.f0 = this.f1;
    this.f1 = f;
    this.jacobianFresh = false;
    return STEP_ACCEPTED;
  }

  private clampFac(fac: number): number {
    return Math.max(1 / FAC_UP, Math.min(FAC_DOWN, fac));
  }

  /** Rejects a step of size h and tries h * factor next (h / 10 when the very first step fails, as RODAS). */
  private reject(h: number, factor: number): number {
    this.h = h * (this.firstStep && factor > 0.1 ? 0.1 : factor);
    return this.rejectedStep();
  }

  /**
   * The continuous extension of the last accepted step at tq in [tOld, t] into `out`: third order,
   * equal to the step's ends at tOld and t (HW II, IV.7, dense output of RODAS).
   */
  dense(tq: number, out: Vec): void {
    const { n, yOld: y0, y: y1, q1, q2 } = this;
    const s = (tq - this.tOld) / this.hDone;
    const s1 = 1 - s;
    for (let i = 0; i < n; i++) out[i] = s1 * y0[i] + s * (y1[i] + s1 * (q1[i] + s * q2[i]));
  }

  /**
   * An upper bound of the spectral radius of J at the start of the last step: min(||J||_1, ||J||_inf)
   * (every induced norm bounds it). Used to decide when an explicit method would be stable again.
   */
  jacobianNormBound(): number {
    const { n, jac } = this;
    let rowMax = 0;
    let colMax = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      let col = 0;
      for (let j = 0; j < n; j++) {
        row += Math.abs(jac[i * n + j]);
        col += Math.abs(jac[j * n + i]);
      }
      rowMax = Math.max(rowMax, row);
      colMax = Math.max(colMax, col);
    }
    return Math.min(rowMax, colMax);
  }
}
