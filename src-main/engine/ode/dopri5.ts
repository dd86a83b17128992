/**
 * Adaptive Dormand–Prince 5(4) with error control and dense output.
 *
 * Follows Hairer's DOPRI5 (Hairer, Nørsett & Wanner, *Solving ODEs I*, 2nd ed., II.4–II.6):
 * - local error estimate y5 - y4 from the embedded fourth-order weights (tableau DOPRI5),
 * - the norm err = sqrt(1/n sum_i (est_i / sc_i)^2), sc_i = atol + rtol * max(|y0_i|, |y1_i|)
 *   (HNW I, eq. II.4.11); a step is accepted when err <= 1,
 * - the controller h_new = h * min(facMax, max(facMin, safety * err^(-1/5))) with safety 0.9,
 *   facMin 0.2, facMax 10, and facMax = 1 right after a rejection (HNW I, II.4, eq. (4.13) and
 *   the remark after it),
 * - FSAL: the last stage f(y1) is the next step's first,
 * - Shampine's fourth-order continuous extension (tableau DOPRI5_DENSE_D) for output between steps.
 *
 * The stepper takes one step at a time toward a given end point and lands on it exactly; the driver
 * (../simulate.ts) restarts it at every input change with `start`, which re-evaluates the first
 * stage because the right-hand side changed there.
 */
import type { CompiledModel, Vec } from '../compiled-model';
import { AdaptiveStepper, STEP_ACCEPTED, STEP_UNDERFLOW, type AdaptiveOptions } from './adaptive-stepper';
import { DOPRI5, DOPRI5_DENSE_D } from './tableau';

export { STEP_ACCEPTED, STEP_REJECTED, STEP_UNDERFLOW } from './adaptive-stepper';

export interface Dopri5Options extends AdaptiveOptions {
  safety?: number;
  facMin?: number;
  facMax?: number;
}

const { a, b, bHat } = DOPRI5;
const A21 = a[1][0];
const [A31, A32] = a[2];
const [A41, A42, A43] = a[3];
const [A51, A52, A53, A54] = a[4];
const [A61, A62, A63, A64, A65] = a[5];
const [B1, , B3, B4, B5, B6] = b;
const [E1, , E3, E4, E5, E6, E7] = b.map((bi, i) => bi - (bHat as readonly number[])[i]);
const [D1, , D3, D4, D5, D6, D7] = DOPRI5_DENSE_D;

export class Dopri5Stepper extends AdaptiveStepper {
  readonly name = 'dopri5';

  private readonly f: CompiledModel['rhs'];
  private readonly safety: number;
  private readonly facMin: number;
  private readonly facMax: number;
  private yNew: Vec;
  private k1: Vec;
  private k7: Vec;
  private readonly k2: Vec;
  private readonly k3: Vec;
  private readonly k4: Vec;
  private readonly k5: Vec;
  private readonly k6: Vec;
  private readonly ys: Vec;
  private readonly r3: Vec;
  private readonly r4: Vec;
  private readonly r5: Vec;
  private denseReady = false;

  constructor(model: CompiledModel, opts: Dopri5Options) {
    const n = model.stateNames.length;
    super(n, opts);
    this.f = model.rhs;
    this.safety = opts.safety ?? 0.9;
    this.facMin = opts.facMin ?? 0.2;
    this.facMax = opts.facMax ?? 10;
    const vec = (): Vec => new Float64Array(n);
    this.yNew = vec();
    this.k1 = vec();
    this.k2 = vec();
    this.k3 = vec();
    this.k4 = vec();
    this.k5 = vec();
    this.k6 = vec();
    this.k7 = vec();
    this.ys = vec();
    this.r3 = vec();
    this.r4 = vec();
    this.r5 = vec();
  }

  /** (Re)starts at (t, y0) under parameters p: evaluates the first stage f(y0). */
  start(t: number, y0: ArrayLike<number>, p: Vec): void {
    this.t = t;
    this.tOld = t;
    this.y.set(y0);
    this.f(this.y, p, this.k1);
    this.rhsEvaluations++;
    this.denseReady = false;
  }

  /** The first stage f(y) at the current point (valid after `start` and after each accepted step). */
  get slope(): Vec {
    return this.k1;
  }

  /**
   * Attempts one step toward tEnd (> t) of size min(h, tEnd - t); when t + 1.01 h reaches tEnd
   * the step is stretched or cut to end exactly at tEnd (HNW's DOPRI5). On acceptance t, y and the
   * dense output advance; on rejection only h shrinks.
   */
  step(p: Vec, tEnd: number): number {
    const { f, n, y, k1, k2, k3, k4, k5, k6, ys, est } = this;
    const yNew = this.yNew;
    const k7 = this.k7;
    const h = this.trialStep(tEnd);
    if (h < 0) return STEP_UNDERFLOW;
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * A21 * k1[i];
    f(ys, p, k2);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    f(ys, p, k3);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    f(ys, p, k4);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    f(ys, p, k5);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    f(ys, p, k6);
    for (let i = 0; i < n; i++) yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    f(yNew, p, k7);
    this.rhsEvaluations += 6;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      const sc = this.atol + this.rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      est[i] = e / sc;
      sum += est[i] * est[i];
    }
    const err = Math.sqrt(sum / n);
    if (err <= 1) {
      const grow = err === 0 ? this.facMax : this.safety * Math.pow(err, -0.2);
      const facMax = this.lastRejected ? 1 : this.facMax;
      this.h = h * Math.min(facMax, Math.max(this.facMin, grow));
      this.advance(h, tEnd);
      // Swap buffers: y <- y1 (old y kept in yNew for dense output), k1 <- f(y1) (FSAL; old k1 in k7).
      this.y = yNew;
      this.yNew = y;
      this.k1 = k7;
      this.k7 = k1;
      this.denseReady = false;
      return STEP_ACCEPTED;
    }
    // err > 1 or not a number (a non-finite stage): shrink and retry.
    const shrink = err > 1 && err < Infinity ? this.safety * Math.pow(err, -0.2) : 0;
    this.h = h * Math.max(this.facMin, shrink);
    return this.rejectedStep();
  }

  /**
   * |h lambda| of the last accepted step, estimated as h ||f(y1) - f(ys)|| / ||y1 - ys|| from its
   * last two stages (both at t + h; ys the sixth stage's argument): Hairer's stiffness detection of
   * DOPRI5 (HW II, IV.2). Values near DOPRI5's stability boundary (~3.3 on the
   * negative real axis) over many steps mean the step size is limited by stability, not accuracy.
   * 0 when y1 = ys.
   */
  stiffnessEstimate(): number {
    const { n, y, ys, k1, k6 } = this;
    // After the buffer swap: y holds y1, k1 holds f(y1); ys and k6 hold the sixth stage.
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const df = k1[i] - k6[i];
      const dy = y[i] - ys[i];
      num += df * df;
      den += dy * dy;
    }
    return den > 0 ? this.hDone * Math.sqrt(num / den) : 0;
  }

  /**
   * The continuous extension of the last accepted step at time tq in [tOld, t] into `out`
   * (HNW I, II.6, DOPRI5's CONTD5). Fourth order; equals the step's ends at tOld and t.
   */
  dense(tq: number, out: Vec): void {
    const n = this.n;
    // After the buffer swap: yNew holds y0, y holds y1, k7 holds f(y0), k1 holds f(y1).
    const y0 = this.yNew;
    const y1 = this.y;
    const { r3, r4, r5 } = this;
    if (!this.denseReady) {
      const h = this.hDone;
      const f0 = this.k7;
      const f1 = this.k1;
      const { k3, k4, k5, k6 } = this;
      for (let i = 0; i < n; i++) {
        const dy = y1[i] - y0[i];
        const bspl = h * f0[i] - dy;
        r3[i] = bspl;
        r4[i] = dy - h * f1[i] - bspl;
        r5[i] = h * (D1 * f0[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * f1[i]);
      }
      this.denseReady = true;
    }
    const theta = (tq - this.tOld) / this.hDone;
    const theta1 = 1 - theta;
    for (let i = 0; i < n; i++) {
      out[i] = y0[i] + theta * (y1[i] - y0[i] + theta1 * (r3[i] + theta * (r4[i] + theta1 * r5[i])));
    }
  }
}
