/**
 * Automatic stiffness switching (`auto`): start with dopri5, switch to rodas4 when dopri5's step
 * size is held down by stability rather than accuracy, and back when an explicit step of rodas4's
 * size would be stable again, in the spirit of LSODA (Petzold, "Automatic selection of methods for
 * solving stiff and nonstiff systems of ordinary differential equations", SIAM J. Sci. Stat.
 * Comput. 4 (1983)).
 *
 * To stiff: Hairer's test of DOPRI5 (Hairer & Wanner, Solving ODEs II, IV.2): after each accepted step,
 * |h lambda| ~ h ||f(y1) - f(ys)|| / ||y1 - ys|| from the last two stages; above 3.25 (DOPRI5's
 * stability boundary on the negative real axis is ~3.3) on STIFF_STEPS = 15 accepted steps with
 * no run of NONSTIFF_RESET = 6 steps below it in between, the problem is declared stiff.
 *
 * Back to non-stiff: after each accepted rodas4 step, h * min(||J||_1, ||J||_inf) bounds h times
 * the spectral radius of the exact Jacobian from above; when it stays <= 1 (well inside DOPRI5's
 * stability region, a factor 3 below the switch-over point, so the two tests cannot chatter on
 * the same step size) for 15 consecutive steps, dopri5 would be stable at rodas4's own step size
 * and takes over. The bound is conservative: it may keep rodas4 longer, never hand an unstable
 * step to dopri5.
 *
 * A switch takes effect at the start of the next step (so the dense output of the step just
 * accepted still comes from the method that made it); the new method starts from the current
 * state with the old method's proposed step.
 */
import type { CompiledModel, Vec } from '../compiled-model';
import { Dopri5Stepper, STEP_ACCEPTED } from './dopri5';
import { Rodas4Stepper } from './rodas4';

/** What the simulation driver needs from an adaptive stepper (dopri5, rodas4, auto). */
export interface AdaptiveStepper {
  readonly name: string;
  readonly t: number;
  readonly y: Vec;
  readonly slope: Vec;
  readonly accepted: number;
  readonly rejected: number;
  readonly rhsEvaluations: number;
  start(t: number, y0: ArrayLike<number>, p: Vec): void;
  step(p: Vec, tEnd: number): number;
  dense(tq: number, out: Vec): void;
  worstComponent(): number;
}

export const STIFF_LIMIT = 3.25;
export const STIFF_STEPS = 15;
export const NONSTIFF_RESET = 6;
/** h * ||J|| at or below which rodas4's step would be stable for dopri5. */
export const NONSTIFF_LIMIT = 1;
export const NONSTIFF_STEPS = 15;
/** Switches kept for the run's message (the count is always exact). */
const KEPT_SWITCHES = 6;

export interface MethodSwitch {
  t: number;
  to: 'dopri5' | 'rodas4';
}

export interface AutoOptions {
  rtol: number;
  atol: number;
  h0: number;
}

const short = (t: number): string => String(Number(t.toPrecision(4)));
const group = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export class AutoStepper implements AdaptiveStepper {
  readonly name = 'auto';
  readonly dopri5: Dopri5Stepper;
  readonly rodas4: Rodas4Stepper;
  /** Number of switches so far; the first KEPT_SWITCHES are in `switches`. */
  switchCount = 0;
  readonly switches: MethodSwitch[] = [];
  private cur: Dopri5Stepper | Rodas4Stepper;
  /** The stepper that made the last accepted step (its dense output is the one to read). */
  private last: Dopri5Stepper | Rodas4Stepper;
  private pending = false;
  private stiffCount = 0;
  private nonStiffRun = 0;
  private backCount = 0;

  constructor(model: CompiledModel, opts: AutoOptions) {
    this.dopri5 = new Dopri5Stepper(model, opts);
    this.rodas4 = new Rodas4Stepper(model, opts);
    this.cur = this.dopri5;
    this.last = this.dopri5;
  }

  /** The method that takes the next step. */
  get current(): 'dopri5' | 'rodas4' {
    return this.pending ? this.other().name : this.cur.name;
  }
  get t(): number {
    return this.cur.t;
  }
  get y(): Vec {
    return this.cur.y;
  }
  get slope(): Vec {
    return this.cur.slope;
  }
  get accepted(): number {
    return this.dopri5.accepted + this.rodas4.accepted;
  }
  get rejected(): number {
    return this.dopri5.rejected + this.rodas4.rejected;
  }
  get rhsEvaluations(): number {
    return this.dopri5.rhsEvaluations + this.rodas4.rhsEvaluations;
  }

  private other(): Dopri5Stepper | Rodas4Stepper {
    return this.cur === this.dopri5 ? this.rodas4 : this.dopri5;
  }

  /** Makes the pending switch: the other method starts at the current point with the current step. */
  private switchNow(p: Vec): void {
    const from = this.cur;
    const to = this.other();
    to.h = from.h;
    to.start(from.t, from.y, p);
    this.cur = to;
    this.pending = false;
    this.stiffCount = 0;
    this.nonStiffRun = 0;
    this.backCount = 0;
    if (this.switchCount < KEPT_SWITCHES) this.switches.push({ t: to.t, to: to.name });
    this.switchCount++;
  }

  start(t: number, y0: ArrayLike<number>, p: Vec): void {
    if (this.pending) this.switchNow(p);
    this.cur.start(t, y0, p);
  }

  step(p: Vec, tEnd: number): number {
    if (this.pending) this.switchNow(p);
    const st = this.cur;
    const outcome = st.step(p, tEnd);
    if (outcome !== STEP_ACCEPTED) return outcome;
    this.last = st;
    if (st instanceof Dopri5Stepper) {
      if (st.stiffnessEstimate() > STIFF_LIMIT) {
        this.nonStiffRun = 0;
        if (++this.stiffCount >= STIFF_STEPS) this.pending = true;
      } else if (++this.nonStiffRun >= NONSTIFF_RESET) {
        this.stiffCount = 0;
      }
    } else if (st.lastStep * st.jacobianNormBound() <= NONSTIFF_LIMIT) {
      if (++this.backCount >= NONSTIFF_STEPS) this.pending = true;
    } else {
      this.backCount = 0;
    }
    return outcome;
  }

  dense(tq: number, out: Vec): void {
    this.last.dense(tq, out);
  }

  worstComponent(): number {
    return this.cur.worstComponent();
  }

  /**
   * Which method ran where, e.g. "dopri5, switched to rodas4 at t = 0.0012 (dopri5 120 steps,
   * rodas4 85 steps)" or "dopri5 throughout (no stiffness detected)".
   */
  describe(): string {
    if (this.switchCount === 0) return 'dopri5 throughout (no stiffness detected)';
    const listed = this.switches.map((s) => `to ${s.to} at t = ${short(s.t)}`);
    const head =
      this.switchCount === 1
        ? `dopri5, switched ${listed[0]}`
        : `dopri5, switched ${this.switchCount} times: ${listed.join(', ')}${this.switchCount > listed.length ? ', ...' : ''}`;
    return `${head} (dopri5 ${group(this.dopri5.accepted)} steps, rodas4 ${group(this.rodas4.accepted)} steps)`;
  }
}
