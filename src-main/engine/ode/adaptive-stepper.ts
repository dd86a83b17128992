/**
 * What the adaptive steppers (./dopri5.ts, ./rodas4.ts) share: the current point and counters, the
 * trial step toward an end point (landing on it exactly, as Hairer's DOPRI5 and RODAS codes do:
 * Hairer, Nørsett & Wanner, *Solving ODEs I*, II.4), the limit of 10 units of roundoff of t below
 * which a step size is refused, the bookkeeping of accepted and rejected steps, and the component
 * with the largest scaled error. The method's stages, error estimate, controller and dense output
 * stay in its own file.
 */
import type { Vec } from '../compiled-model';

/** Outcomes of a stepper's `step`. */
export const STEP_ACCEPTED = 0;
export const STEP_REJECTED = 1;
/** The step size fell below 10 units of roundoff of t: the tolerance cannot be met here. */
export const STEP_UNDERFLOW = 2;

/** True when a step of size h is below 10 units of roundoff of t. */
const underflows = (h: number, t: number): boolean => h <= 10 * Number.EPSILON * Math.abs(t);

export interface AdaptiveOptions {
  rtol: number;
  atol: number;
  /** First trial step. */
  h0: number;
}

export abstract class AdaptiveStepper {
  /** Current time. */
  t = 0;
  /** Current state (the array object may change on every accepted step: read it afresh). */
  y: Vec;
  /** Size of the next trial step. */
  h: number;
  /** Time at the start of the last accepted step. */
  tOld = 0;
  accepted = 0;
  rejected = 0;
  rhsEvaluations = 0;

  protected readonly n: number;
  protected readonly rtol: number;
  protected readonly atol: number;
  /** Scaled error of each component in the last trial step. */
  protected readonly est: Vec;
  /** Size of the last accepted step. */
  protected hDone = 0;
  protected lastRejected = false;
  /** Whether the trial step ends exactly at the end point passed to `step`. */
  private landing = false;

  constructor(n: number, opts: AdaptiveOptions) {
    this.n = n;
    this.rtol = opts.rtol;
    this.atol = opts.atol;
    this.h = opts.h0;
    this.y = new Float64Array(n);
    this.est = new Float64Array(n);
  }

  /**
   * The trial step toward tEnd (> t): h, or tEnd - t when t + 1.01 h reaches tEnd (the step is
   * stretched or cut to end exactly there); -1 when h fell below 10 units of roundoff of t.
   */
  protected trialStep(tEnd: number): number {
    const h = this.h;
    this.landing = this.t + 1.01 * h >= tEnd;
    if (this.landing) return tEnd - this.t;
    return underflows(h, this.t) ? -1 : h;
  }

  /** Moves t over the accepted trial step h (onto tEnd exactly when it lands there) and counts it. */
  protected advance(h: number, tEnd: number): void {
    this.tOld = this.t;
    this.t = this.landing ? tEnd : this.t + h;
    this.hDone = h;
    this.accepted++;
    this.lastRejected = false;
  }

  /** Counts a rejected step, `h` already set to the next trial: STEP_UNDERFLOW when that is below roundoff of t. */
  protected rejectedStep(): number {
    this.rejected++;
    this.lastRejected = true;
    return underflows(this.h, this.t) ? STEP_UNDERFLOW : STEP_REJECTED;
  }

  /** Size of the last accepted step. */
  get lastStep(): number {
    return this.hDone;
  }

  /**
   * The index of the component with the largest scaled error in the last trial step, a non-finite
   * one first: the variable that forced the step size down (for blow-up messages).
   */
  worstComponent(): number {
    const { est, n } = this;
    let worst = 0;
    let max = -1;
    for (let i = 0; i < n; i++) {
      const e = Math.abs(est[i]);
      if (!(e <= max)) {
        if (!Number.isFinite(e)) return i;
        worst = i;
        max = e;
      }
    }
    return worst;
  }
}
