/**
 * What a cycle family reports, point by point (./trace-cycles.ts): parameter, period, Floquet
 * multipliers with the trivial multiplier's error, stability, and the minimum and maximum of every
 * state over the orbit (./extrema.ts); its special points; how it ended. Also the tracer's
 * between-step work on the mesh (./mesh.ts) and its end checks (return to a Hopf point, period
 * growing without bound).
 */
import type { BranchEndReason, Complex, ContinuationSettings } from '@shared/continuation/types';
import type { Corrector } from '../continuation/newton';
import { fmt } from '../continuation/palc';
import type { Located, TracedPoint } from '../continuation/problem';
import type { CycleProblem } from './cycle-problem';
import { orbitExtrema } from './extrema';
import type { CycleData } from './floquet';
import { adaptedMesh, interpolate } from './mesh';

export interface CyclePoint {
  /** The parameter's value. */
  p: number;
  period: number;
  /** Every nontrivial multiplier inside the unit circle. */
  stable: boolean;
  /** Floquet multipliers [re, im]: the trivial one first, then by decreasing modulus. */
  multipliers: Complex[];
  /** |trivial multiplier - 1|: the discretisation's self-check (about 1e-6 or less when the mesh resolves the orbit). */
  trivialError: number;
  /** Minimum and maximum of each state over the orbit, in model order. */
  min: number[];
  max: number[];
  /** The state at t = 0 of the orbit (a point on it: simulate from here to see it). */
  start: number[];
  /**
   * The orbit over one period: rows [phase in [0, 1], state 1..n] at the NTST NCOL + 1 mesh values
   * (every interval's equally spaced collocation nodes), row 0 at phase 0 and equal to `start`.
   */
  orbit: Float64Array;
}

export interface CycleSpecial {
  kind: string;
  /** Position in points of the point just before it. */
  index: number;
  point: CyclePoint;
  /** Location converged to the test's tolerance. */
  converged: boolean;
  /** Extra numbers (PD: the multiplier; NS: its angle theta). */
  info?: Record<string, number>;
}

export type CycleEndReason = BranchEndReason | 'hopf' | 'period';

export interface CycleEnd {
  reason: CycleEndReason;
  message: string;
  /** 'hopf': the parameter of the Hopf point the family returns to (extrapolated to zero amplitude). */
  p?: number;
}

/**
 * The family ends at a Hopf point when its amplitude, after growing past GROWN times the first
 * point's, falls below BACK times it; or when a step passes through zero amplitude (see passedHopf).
 */
const GROWN = 4;
const BACK = 2;
const PASSED = 0.5;
const TURNED = -0.5;

/**
 * The orbit's rows [phase, state 1..n] from the physical mesh values u of `problem` (one fresh
 * array: recorded points keep their own). Value k of interval j sits at phase t_j + (k / NCOL) h_j.
 */
export function orbitRows(problem: CycleProblem, u: Float64Array): Float64Array {
  const { n, ntst, ncol, tm } = problem;
  const rows = ntst * ncol + 1;
  const out = new Float64Array(rows * (n + 1));
  for (let j = 0; j < ntst; j++) {
    const h = tm[j + 1] - tm[j];
    for (let k = 0; k < ncol; k++) out[(j * ncol + k) * (n + 1)] = tm[j] + (k / ncol) * h;
  }
  out[(rows - 1) * (n + 1)] = 1;
  for (let m = 0; m < rows; m++) for (let i = 0; i < n; i++) out[m * (n + 1) + 1 + i] = u[m * n + i];
  return out;
}

/**
 * The correlation of the orbits za and zb (same mesh of `problem`) about their means: integral of
 * (u_a - mean u_a) . (u_b - mean u_b) over the norms' product, in [-1, 1]. Negative when a step
 * passed through zero amplitude (a Hopf point), where the orbit's deviation from its mean turns over.
 */
export function orbitCorrelation(problem: CycleProblem, za: Float64Array, zb: Float64Array): number {
  const { n, omega, sq } = problem;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    let ma = 0;
    let mb = 0;
    for (let m = 0; m < sq.length; m++) {
      ma += sq[m] * za[m * n + i];
      mb += sq[m] * zb[m * n + i];
    }
    for (let m = 0; m < sq.length; m++) {
      const da = za[m * n + i] / sq[m] - ma;
      const db = zb[m * n + i] / sq[m] - mb;
      ab += omega[m] * da * db;
      aa += omega[m] * da * da;
      bb += omega[m] * db * db;
    }
  }
  return ab / Math.sqrt(aa * bb);
}

export class CycleRecorder {
  readonly points: CyclePoint[] = [];
  readonly special: CycleSpecial[] = [];
  private readonly u: Float64Array;
  private largest = 0;
  private shortest = Infinity;

  constructor(
    private readonly problem: CycleProblem,
    private readonly param: string,
  ) {
    this.u = new Float64Array(problem.nu);
  }

  /** The report of the orbit z (with its data). */
  point(z: Float64Array, d: CycleData | null): CyclePoint {
    const { problem, u } = this;
    problem.toStates(z, u);
    const { min, max } = orbitExtrema(u, problem.n, problem.ncol);
    const data = d ?? problem.pointData(z);
    return {
      p: z[problem.paramIndex],
      period: problem.period(z),
      stable: data.unstable === 0,
      multipliers: data.multipliers,
      trivialError: data.trivialError,
      min,
      max,
      start: Array.from(u.subarray(0, problem.n)),
      orbit: orbitRows(problem, u),
    };
  }

  addPoint(pt: CyclePoint): void {
    this.points.push(pt);
    this.shortest = Math.min(this.shortest, pt.period);
    this.largest = Math.max(this.largest, this.amplitude(this.points.length - 1));
  }

  addSpecial(l: Located<CycleData>): void {
    const s: CycleSpecial = { kind: l.kind, index: this.points.length - 1, point: this.point(l.z, l.data), converged: l.converged };
    if (l.info !== undefined) s.info = l.info;
    this.special.push(s);
  }

  /** Largest (max - min) over the states at point i (or of the point given). */
  amplitude(i: number, point?: CyclePoint): number {
    const pt = point ?? this.points[i];
    let a = 0;
    for (let k = 0; k < pt.min.length; k++) a = Math.max(a, pt.max[k] - pt.min[k]);
    return a;
  }

  /**
   * The end when the step to the next point passed through a Hopf point: the orbit's deviation from
   * its mean turned over (orbitCorrelation below TURNED with the last point: it is about -1 after
   * such a step, about +1 after any other) while the amplitude was small (below PASSED times its
   * largest value: on ik_theta a step of the default size passed through zero from 6% of it).
   * The next point lies on the same family again, traced back, and is not recorded (nor is the
   * interval searched for special points: the parameter turns back at the Hopf point, which is no
   * fold of cycles).
   */
  passedHopf(correlation: number): CycleEnd | null {
    const k = this.points.length - 1;
    if (k < 1 || !(correlation < TURNED) || !(this.amplitude(k) < PASSED * this.largest)) return null;
    return this.hopfEnd(k);
  }

  /** The end at the Hopf point beyond point k, extrapolated from points k - 1 and k. */
  private hopfEnd(k: number): CycleEnd {
    const a = this.points[k - 1];
    const b = this.points[k];
    const aa = this.amplitude(k - 1);
    const ab = this.amplitude(k);
    // Near a Hopf point the squared amplitude is linear in the parameter.
    const pH = aa > ab ? b.p - (ab * ab * (b.p - a.p)) / (ab * ab - aa * aa) : b.p;
    return {
      reason: 'hopf',
      p: pH,
      message: `the cycles shrink back to a Hopf point near ${this.param} = ${fmt(pH)} (amplitude ${fmt(ab)} at ${this.param} = ${fmt(b.p)})`,
    };
  }

  /** An end of the family after the last point, or null to go on. */
  endCheck(startAmplitude: number, periodLimit: number): CycleEnd | null {
    const k = this.points.length - 1;
    const b = this.points[k];
    const ab = this.amplitude(k);
    if (k >= 1 && this.largest > GROWN * startAmplitude && ab < BACK * startAmplitude) return this.hopfEnd(k);
    if (b.period > periodLimit * this.shortest) {
      return {
        reason: 'period',
        message: `the period grows without bound (T = ${fmt(b.period)} at ${this.param} = ${fmt(b.p)}, ${periodLimit} times its smallest value on the family): the orbit approaches a homoclinic orbit (or a saddle-node on the cycle) near ${this.param} = ${fmt(b.p)}`,
      };
    }
    return null;
  }

  /**
   * Moves the point (orbit and tangent) to the mesh adapted to it and corrects it there at a fixed
   * projection on its tangent; keeps the old mesh when that correction fails. True when the mesh changed.
   */
  adaptMesh(newton: Corrector<CycleData>, pt: TracedPoint, settings: ContinuationSettings): boolean {
    const { problem } = this;
    const { n, ncol, nu, dim } = problem;
    const u = new Float64Array(nu);
    const v = new Float64Array(nu);
    problem.toStates(pt.z, u);
    problem.toStates(pt.t, v);
    const oldMesh = Float64Array.from(problem.tm);
    const mesh = adaptedMesh(oldMesh, u, n, ncol);
    if (mesh === null) return false;
    const u2 = new Float64Array(nu);
    const v2 = new Float64Array(nu);
    interpolate(oldMesh, u, mesh, n, ncol, u2);
    interpolate(oldMesh, v, mesh, n, ncol, v2);
    const zOld = Float64Array.from(pt.z);
    const tOld = Float64Array.from(pt.t);
    problem.setMesh(mesh);
    const z = Float64Array.from(pt.z);
    const t = Float64Array.from(pt.t);
    problem.fromStates(u2, z);
    problem.fromStates(v2, t);
    let len = 0;
    for (let i = 0; i < dim; i++) len += t[i] * t[i];
    len = Math.sqrt(len);
    for (let i = 0; i < dim; i++) t[i] /= len;
    problem.setReference(z);
    let target = 0;
    for (let i = 0; i < dim; i++) target += t[i] * z[i];
    if (newton.solve(z, t, target, { tol: settings.newtonTol, maxIter: settings.newtonMaxIter + 4 }) === 'converged') {
      pt.z.set(z);
      pt.t.set(t);
      problem.setReference(pt.z);
      return true;
    }
    problem.setMesh(oldMesh);
    pt.z.set(zOld);
    pt.t.set(tOld);
    problem.setReference(pt.z);
    return false;
  }
}
