/**
 * Compiles a model into fast JS functions. The source is generated only from AST nodes (see
 * ./codegen.ts): states become locals `y0..`, parameters `p0..`, numbers are printed by a canonical
 * printer of finite doubles, functions come from a fixed table (Math.exp, ...). No text of the
 * model (names, descriptions, LaTeX, equation strings) ever reaches the generated source, and
 * `assertSafeSource` checks every body before it is built.
 *
 * Besides rhs and the two Jacobians, fused fixed-step kernels (eulerSteps, rk4Steps) keep the state
 * in locals across stages and steps; they do exactly the arithmetic of ode/fixed-step.ts's
 * EulerStepper and Rk4Stepper, so results are bit-identical to stepping with `rhs`.
 */
import { buildModel, derivativeAsts, type ModelAst } from '@shared/models/build';
import type { ModelDef } from '@shared/models/types';
import { Emitter, STRICT, assertSafeSource, type Naming } from './codegen';
import type { CompiledModel, Vec } from './compiled-model';

export { assertSafeSource, numberLiteral } from './codegen';

export interface GeneratedSource {
  /** Body of (y, p, dy) => void. */
  rhs: string;
  /** Body of (y, p, out) => void, out row-major n x n, every entry written (zeros included). */
  jacobian: string;
  /** Body of (y, p, out) => void, out row-major n x m, every entry written (zeros included). */
  paramJacobian: string;
  /** Body of (y, p, h, count) => void: `count` explicit Euler steps in place. */
  eulerSteps: string;
  /** Body of (y, p, h, count) => void: `count` classical RK4 steps in place. */
  rk4Steps: string;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Generates all function bodies of a built model. */
export function generateSource(model: ModelAst): GeneratedSource {
  const n = model.stateNames.length;
  const stateIndex = new Map(model.stateNames.map((s, i) => [s, i] as const));
  const paramIndex = new Map(model.paramNames.map((s, k) => [s, k] as const));

  /** A body whose states and parameters are loaded once into locals (only those used). */
  const body = (
    fill: (e: Emitter, naming: Naming) => void,
    loadAllStates = false,
    prelude: string[] = [],
    epilogue: string[] = [],
  ) => {
    const usedY = new Set<number>(loadAllStates ? range(n) : []);
    const usedP = new Set<number>();
    const naming: Naming = {
      state: (i) => (usedY.add(i), `y${i}`),
      param: (k) => (usedP.add(k), `p${k}`),
    };
    // Kernels loop: there, state-free subexpressions are computed once before the loop.
    const e = new Emitter(stateIndex, paramIndex, naming, loadAllStates);
    fill(e, naming);
    const decl = loadAllStates ? 'let' : 'const';
    const loads = [
      ...[...usedY].sort((a, b) => a - b).map((i) => `${decl} y${i} = y[${i}];`),
      ...[...usedP].sort((a, b) => a - b).map((k) => `const p${k} = p[${k}];`),
    ];
    return [STRICT, ...loads, ...prelude, ...e.hoisted, ...e.lines, ...epilogue].join('\n');
  };

  const rhs = body((e) => model.rhs.forEach((f, i) => e.assign(`dy[${i}]`, f)));
  const { jacobian, paramJacobian } = derivativeAsts(model);
  const matrix = (rows: typeof jacobian) =>
    body((e) => rows.forEach((row, i) => row.forEach((entry, j) => e.assign(`out[${i * row.length + j}]`, entry))));

  /** One stage: k<s>_i = f_i(states named by `stateName`). */
  const stage = (e: Emitter, s: number, stateName: (i: number) => string, param: Naming['param']) => {
    e.setNaming({ state: stateName, param });
    model.rhs.forEach((f, i) => e.assign(`const k${s}_${i}`, f));
  };
  const stores = range(n).map((i) => `y[${i}] = y${i};`);

  const eulerSteps = body(
    (e, naming) => {
      const param = naming.param;
      e.raw('for (let step = 0; step < count; step++) {');
      stage(e, 1, (i) => `y${i}`, param);
      for (let i = 0; i < n; i++) e.raw(`y${i} += h * k1_${i};`);
      e.raw('}');
    },
    true,
    [],
    stores,
  );

  const rk4Steps = body(
    (e, naming) => {
      const param = naming.param;
      e.raw('for (let step = 0; step < count; step++) {');
      stage(e, 1, (i) => `y${i}`, param);
      for (let i = 0; i < n; i++) e.raw(`const z1_${i} = y${i} + h2 * k1_${i};`);
      stage(e, 2, (i) => `z1_${i}`, param);
      for (let i = 0; i < n; i++) e.raw(`const z2_${i} = y${i} + h2 * k2_${i};`);
      stage(e, 3, (i) => `z2_${i}`, param);
      for (let i = 0; i < n; i++) e.raw(`const z3_${i} = y${i} + h * k3_${i};`);
      stage(e, 4, (i) => `z3_${i}`, param);
      for (let i = 0; i < n; i++) e.raw(`y${i} += h6 * (k1_${i} + 2 * (k2_${i} + k3_${i}) + k4_${i});`);
      e.raw('}');
    },
    true,
    ['const h2 = 0.5 * h;', 'const h6 = h / 6;'],
    stores,
  );

  return { rhs, jacobian: matrix(jacobian), paramJacobian: matrix(paramJacobian), eulerSteps, rk4Steps };
}

/** Source of a model definition's compiled functions (for tests and inspection). */
export function generatedSource(def: ModelDef): GeneratedSource {
  return generateSource(buildModel(def));
}

/** Builds a function from a generated, checked body. */
function build<F>(args: string[], body: string): F {
  assertSafeSource(body);
  // The body comes from AST nodes only and passed assertSafeSource; see the file comment.
  return new Function(...args, body) as F;
}

type Kernel = (y: Vec, p: Vec, out: Vec) => void;
type Steps = (y: Vec, p: Vec, h: number, count: number) => void;

/**
 * Validates and compiles `def`; throws ModelError / ExprError with a clear message on a bad model.
 * The returned functions allocate nothing and do not check array lengths: y has n entries, p has
 * m = nParams + nInputs, dy n, jacobian's out n*n, paramJacobian's out n*m.
 */
export function compileModel(def: ModelDef): CompiledModel {
  const model = buildModel(def);
  const src = generateSource(model);
  return {
    def,
    stateNames: model.stateNames,
    paramNames: model.paramNames,
    nParams: model.nParams,
    rhs: build<Kernel>(['y', 'p', 'dy'], src.rhs),
    jacobian: build<Kernel>(['y', 'p', 'out'], src.jacobian),
    paramJacobian: build<Kernel>(['y', 'p', 'out'], src.paramJacobian),
    eulerSteps: build<Steps>(['y', 'p', 'h', 'count'], src.eulerSteps),
    rk4Steps: build<Steps>(['y', 'p', 'h', 'count'], src.rk4Steps),
  };
}
