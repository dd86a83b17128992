/**
 * The equilibrium corrector of one model and free parameter as WebAssembly: the model's module
 * (./eq-model-code.ts, generated at run time) and the corrector's (./eq-corrector-code.ts, stored
 * assembled in ./eq-corrector-wasm.ts and compiled once per process), instantiated over the dense
 * kernels' memory, with views of their arrays. Made once per compiled model and parameter
 * (../compile.ts); null where the dense kernels are not available or the runtime refuses a module,
 * and the JavaScript corrector runs.
 */
import { denseKernels, precompileDenseKernels, Precompiled, wasmApi, type DenseKernels } from './dense-kernels';
import { eqCorrectorWasm } from './eq-corrector-wasm';
import { eqModelModule, type EqLayout, type EqTrees } from './eq-model-code';
import { MATH_FUNCTIONS } from './tree-code';

interface ModelExports {
  rhsAt(at: number): void;
  jacobian(): void;
}
interface CorrectorExports {
  factor(n: number, m: number): number;
  newton(n: number, m: number, target: number, tol: number, maxIter: number, damped: number): number;
  step(
    n: number,
    m: number,
    h: number,
    tol: number,
    maxIter: number,
    distFraction: number,
    cosMaxTurn: number,
    chordFraction: number,
    chordFloor: number,
    wellConditioned: number,
    factoredDrift: number,
  ): number;
}

/** Outcomes of the module's `step` besides the corrector's (the low two bits of its result). */
export const STEP_OK = 0;
export const STEP_SINGULAR_TANGENT = 1;
export const STEP_JUMP = 2;

/** The constants of a step (./eq-corrector-code.ts `step`): the same-branch check's and those of reusing a factorisation. */
export interface StepConstants {
  distFraction: number;
  cosMaxTurn: number;
  chordFraction: number;
  chordFloor: number;
  wellConditioned: number;
  factoredDrift: number;
}

/** Views of the module's arrays in the current memory. */
interface Views {
  generation: number;
  z: Float64Array;
  c: Float64Array;
  p: Float64Array;
  w: Float64Array;
  jac: Float64Array;
  fz: Float64Array;
  lz: Float64Array;
  meta: Int32Array;
  pz: Float64Array;
  t: Float64Array;
  bp: Float64Array;
}

export class EqKernel {
  private views: Views | null = null;

  constructor(
    readonly layout: EqLayout,
    readonly kernels: DenseKernels,
    private readonly model: ModelExports,
    private readonly corrector: CorrectorExports,
  ) {}

  /** The module's arrays in the memory as it is now (made again after the memory has grown). */
  view(): Views {
    const k = this.kernels;
    const v = this.views;
    if (v !== null && v.generation === k.generation) return v;
    const { n, m, z, c, p, w, jac, fz, lz, meta, pz, t, bp } = this.layout;
    const n1 = n + 1;
    const f = (at: number, count: number) => k.f64.subarray(at / 8, at / 8 + count);
    const views = {
      generation: k.generation,
      z: f(z, n1),
      c: f(c, n1),
      p: f(p, m),
      w: f(w, n1),
      jac: f(jac, n * n),
      fz: f(fz, n1),
      lz: f(lz, n1),
      meta: k.i32.subarray(meta / 4, meta / 4 + 2),
      pz: f(pz, n1),
      t: f(t, n1),
      bp: f(bp, 1),
    };
    this.views = views;
    return views;
  }

  /** f_x at u = (x, lambda) with parameters p (p's entry of lambda is not read) into out (n x n). */
  jacobianAt(u: Float64Array, p: Float64Array, out: Float64Array): void {
    const v = this.view();
    v.z.set(u);
    v.p.set(p);
    this.model.jacobian();
    out.set(v.jac);
  }

  /** The bordered matrix at u with last row c factored (see ./eq-corrector-code.ts): 0, 1 singular, 2 not finite. */
  factor(u: Float64Array, c: Float64Array, p: Float64Array): number {
    const v = this.view();
    v.z.set(u);
    v.c.set(c);
    v.p.set(p);
    return this.corrector.factor(this.layout.n, this.layout.m);
  }

  /** Newton from z (the iterate left in the view's z): status + 4 * iterations (see ./eq-corrector-code.ts). */
  newton(z: Float64Array, c: Float64Array, p: Float64Array, target: number, tol: number, maxIter: number, damped: boolean): number {
    const v = this.view();
    v.z.set(z);
    v.c.set(c);
    v.p.set(p);
    return this.corrector.newton(this.layout.n, this.layout.m, target, tol, maxIter, damped ? 1 : 0);
  }

  /**
   * A step from the point prevZ with tangent prevT (./eq-corrector-code.ts `step`): 4 * (status +
   * 4 * iterations) + its outcome; the point is left in the view's z, its tangent in t and the
   * branch-point test in bp.
   */
  step(prevZ: Float64Array, prevT: Float64Array, p: Float64Array, h: number, tol: number, maxIter: number, k: StepConstants): number {
    const v = this.view();
    v.pz.set(prevZ);
    v.c.set(prevT);
    v.p.set(p);
    const { n, m } = this.layout;
    return this.corrector.step(n, m, h, tol, maxIter, k.distFraction, k.cosMaxTurn, k.chordFraction, k.chordFloor, k.wellConditioned, k.factoredDrift);
  }
}

/** The corrector's module, compiled once. */
const corrector = new Precompiled(eqCorrectorWasm);

/**
 * Compiles the engine's stored WebAssembly modules (the dense kernels and the corrector) off this
 * thread, for a caller with other work to do before a continuation (the command line's argument
 * and model checks, an engine worker waiting for its first job). Never rejects.
 */
export function precompileEngineWasm(): Promise<void> {
  return Promise.all([precompileDenseKernels(), corrector.precompile()]).then(() => undefined);
}

/** A model's module (./eq-model-code.ts) for one free parameter: its layout, and its code compiled on first use or ahead. */
export interface EqModelCode {
  layout: EqLayout;
  module: Precompiled;
}

/** The model module of `trees`. */
export function eqModelCode(trees: EqTrees): EqModelCode {
  const { bytes, layout } = eqModelModule(trees);
  return { layout, module: new Precompiled(() => bytes) };
}

/** The corrector of a model's module (made by `code` when needed), or null (see the file comment). */
export function makeEqKernel(code: () => EqModelCode): EqKernel | null {
  const kernels = denseKernels();
  const wasm = wasmApi();
  if (kernels === null || wasm === undefined) return null;
  const correctorModule = corrector.get();
  if (correctorModule === null) return null;
  const { layout, module } = code();
  const modelModule = module.get();
  if (modelModule === null) return null;
  kernels.reserve(layout.end);
  try {
    const memory = kernels.memory;
    const model = new wasm.Instance(modelModule, { kernels: { memory }, math: MATH_FUNCTIONS }).exports as unknown as ModelExports;
    const fns = new wasm.Instance(correctorModule, {
      kernels: { memory, 'kernels.luFactor': kernels.luFactor, 'kernels.luSolve': kernels.luSolve },
      model: { 'model.rhsAt': model.rhsAt, 'model.jacobian': model.jacobian },
      math: { 'math.acos': Math.acos },
    }).exports as unknown as CorrectorExports;
    return new EqKernel(layout, kernels, model, fns);
  } catch {
    // A runtime that refuses to instantiate.
    return null;
  }
}
