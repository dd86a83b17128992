/**
 * Fixed-step explicit Runge–Kutta steppers: explicit Euler, classical RK4, and a generic stepper
 * over any explicit Butcher tableau (./tableau.ts).
 *
 * A stepper advances the state in place by one step; the driver (../simulate.ts) loops, samples,
 * switches inputs and watches for blow-up and cancellation. All work arrays are allocated once when
 * the stepper is made; `step` allocates nothing.
 *
 * Euler and RK4 are hand-specialised loops over the same tableaux as `ExplicitRkStepper` (a test
 * checks they give the same numbers): on the seed scenario the generic loop costs ~137 ns per RK4
 * step, the specialised one ~77 ns. Calling `rhs` through arrays caps this path at about twice the
 * time of a plain C loop (36 ns); a model may therefore carry generated fused kernels
 * (CompiledModel.rk4Steps / eulerSteps) that keep the state in local variables (~47 ns per RK4 step,
 * ~11.5 ns per Euler step), and `fixedStepper` prefers them.
 */
import type { CompiledModel, Vec } from '../compiled-model';
import type { ButcherTableau } from './tableau';

export interface FixedStepper {
  /** Right-hand-side evaluations per step. */
  readonly rhsPerStep: number;
  /** Advances `y` in place from t to t + h; `p` holds the parameters and the inputs of this step. */
  step(y: Vec, p: Vec, h: number): void;
  /** `count` steps of size h with `p` constant: the same numbers as calling `step` count times. */
  advance(y: Vec, p: Vec, h: number, count: number): void;
}

type Rhs = CompiledModel['rhs'];

/** Explicit Euler: y += h f(y). Order 1. */
export class EulerStepper implements FixedStepper {
  readonly rhsPerStep = 1;
  private readonly f: Rhs;
  private readonly n: number;
  private readonly k1: Vec;

  constructor(model: CompiledModel) {
    this.f = model.rhs;
    this.n = model.stateNames.length;
    this.k1 = new Float64Array(this.n);
  }

  step(y: Vec, p: Vec, h: number): void {
    const k1 = this.k1;
    const n = this.n;
    this.f(y, p, k1);
    for (let i = 0; i < n; i++) y[i] += h * k1[i];
  }

  advance(y: Vec, p: Vec, h: number, count: number): void {
    for (let s = 0; s < count; s++) this.step(y, p, h);
  }
}

/** Classical RK4 (HNW I, Table II.1.2), written out stage by stage. Order 4. */
export class Rk4Stepper implements FixedStepper {
  readonly rhsPerStep = 4;
  private readonly f: Rhs;
  private readonly n: number;
  private readonly k1: Vec;
  private readonly k2: Vec;
  private readonly k3: Vec;
  private readonly k4: Vec;
  private readonly yt: Vec;

  constructor(model: CompiledModel) {
    this.f = model.rhs;
    this.n = model.stateNames.length;
    this.k1 = new Float64Array(this.n);
    this.k2 = new Float64Array(this.n);
    this.k3 = new Float64Array(this.n);
    this.k4 = new Float64Array(this.n);
    this.yt = new Float64Array(this.n);
  }

  step(y: Vec, p: Vec, h: number): void {
    const { f, n, k1, k2, k3, k4, yt } = this;
    const h2 = 0.5 * h;
    const h6 = h / 6;
    f(y, p, k1);
    for (let i = 0; i < n; i++) yt[i] = y[i] + h2 * k1[i];
    f(yt, p, k2);
    for (let i = 0; i < n; i++) yt[i] = y[i] + h2 * k2[i];
    f(yt, p, k3);
    for (let i = 0; i < n; i++) yt[i] = y[i] + h * k3[i];
    f(yt, p, k4);
    for (let i = 0; i < n; i++) y[i] += h6 * (k1[i] + 2 * (k2[i] + k3[i]) + k4[i]);
  }

  advance(y: Vec, p: Vec, h: number, count: number): void {
    for (let s = 0; s < count; s++) this.step(y, p, h);
  }
}

/**
 * Any explicit tableau, stage by stage (HNW I, Definition II.1.1). Zero coefficients are skipped.
 * The stage vectors live in one Float64Array (stage i at offset i*n).
 */
export class ExplicitRkStepper implements FixedStepper {
  readonly rhsPerStep: number;
  private readonly f: Rhs;
  private readonly n: number;
  private readonly s: number;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly k: Vec;
  private readonly yt: Vec;
  private readonly kView: Vec[];

  constructor(model: CompiledModel, tableau: ButcherTableau) {
    this.f = model.rhs;
    this.n = model.stateNames.length;
    this.s = tableau.b.length;
    this.rhsPerStep = this.s;
    // a stored densely, row-major s x s (zero above the diagonal).
    this.a = new Float64Array(this.s * this.s);
    tableau.a.forEach((row, i) => row.forEach((aij, j) => (this.a[i * this.s + j] = aij)));
    this.b = Float64Array.from(tableau.b);
    this.k = new Float64Array(this.s * this.n);
    this.yt = new Float64Array(this.n);
    this.kView = Array.from({ length: this.s }, (_, i) => this.k.subarray(i * this.n, (i + 1) * this.n));
  }

  step(y: Vec, p: Vec, h: number): void {
    const { f, n, s, a, b, k, yt, kView } = this;
    for (let st = 0; st < s; st++) {
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < st; j++) {
          const aij = a[st * s + j];
          if (aij !== 0) acc += aij * k[j * n + i];
        }
        yt[i] = y[i] + h * acc;
      }
      f(yt, p, kView[st]);
    }
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < s; j++) acc += b[j] * k[j * n + i];
      y[i] += h * acc;
    }
  }

  advance(y: Vec, p: Vec, h: number, count: number): void {
    for (let s = 0; s < count; s++) this.step(y, p, h);
  }
}

type Kernel = (y: Vec, p: Vec, h: number, count: number) => void;

/** A model's generated fused kernel (CompiledModel.eulerSteps / rk4Steps) as a stepper. */
export class FusedStepper implements FixedStepper {
  constructor(
    private readonly kernel: Kernel,
    readonly rhsPerStep: number,
  ) {}

  step(y: Vec, p: Vec, h: number): void {
    this.kernel(y, p, h, 1);
  }

  advance(y: Vec, p: Vec, h: number, count: number): void {
    this.kernel(y, p, h, count);
  }
}

/**
 * The stepper of a fixed-step method for `model`: its generated fused kernel when it has one,
 * else the array-based loop above. `fused: false` forces the latter (tests compare the two).
 */
export function fixedStepper(model: CompiledModel, method: 'euler' | 'rk4', options: { fused?: boolean } = {}): FixedStepper {
  const fused = options.fused ?? true;
  if (method === 'euler') {
    const k = model.eulerSteps;
    return fused && k ? new FusedStepper(k, 1) : new EulerStepper(model);
  }
  const k = model.rk4Steps;
  return fused && k ? new FusedStepper(k, 4) : new Rk4Stepper(model);
}
