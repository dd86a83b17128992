/**
 * Compiles a model into fast JS functions. The source is generated only from AST nodes (see
 * ./codegen.ts): states become locals `y0..`, parameters `p0..`, numbers are printed by a canonical
 * printer of finite doubles, functions come from the registry's fixed callees (Math.exp, ...). No text of the
 * model (names, descriptions, LaTeX, equation strings) ever reaches the generated source, and
 * `assertSafeSource` checks every body before it is built.
 *
 * Besides rhs and the two Jacobians, fused fixed-step kernels (eulerSteps, rk4Steps) keep the state
 * in locals across stages and steps; they do exactly the arithmetic of ode/fixed-step.ts's
 * EulerStepper and Rk4Stepper, so results are bit-identical to stepping with `rhs`.
 *
 * A model's definitions (e.g. `r_in = J*r`) are computed once per call as locals, and in the
 * Jacobians their derivatives too, instead of substituting their text into every equation
 * (./model/shared-trees.ts); on the templates and on a model with chained definitions the results
 * are bit-identical to the substituted equations (tested). Higher derivatives (the jet: B, C, d/dy
 * and d/dp of the Jacobian) are generated per part on first use (./model/jet.ts) and kept with the
 * compiled model.
 */
import type { Node } from '@shared/expr/ast';
import { buildModel, type ModelAst } from '@shared/models/build';
import type { ModelDef } from '@shared/models/types';
import { Emitter, STRICT, buildFunction, type Naming } from './codegen';
import type { CompiledModel, Vec } from './compiled-model';
import { compileJet, type ModelJet } from './model/jet';
import { SharedTrees } from './model/shared-trees';
import { eqModelCode, makeEqKernel, type EqKernel, type EqModelCode } from './wasm/eq-kernel';

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
  return { ...generateEvaluators(model), ...generateKernels(model) };
}

/**
 * A body whose states and parameters are loaded once into locals (only those used); the shared
 * subexpressions of `shared` (definitions, their derivatives) are computed once each.
 */
function bodyOf(
  model: ModelAst,
  shared: SharedTrees,
  fill: (e: Emitter, naming: Naming) => void,
  loadAllStates = false,
  prelude: string[] = [],
  epilogue: string[] = [],
): string {
  const n = model.stateNames.length;
  const stateIndex = new Map(model.stateNames.map((s, i) => [s, i] as const));
  const paramIndex = new Map(model.paramNames.map((s, k) => [s, k] as const));
  const usedY = new Set<number>(loadAllStates ? range(n) : []);
  const usedP = new Set<number>();
  const naming: Naming = {
    state: (i) => (usedY.add(i), `y${i}`),
    param: (k) => (usedP.add(k), `p${k}`),
  };
  // Kernels loop: there, state-free subexpressions are computed once before the loop.
  const e = new Emitter(stateIndex, paramIndex, naming, loadAllStates, shared);
  fill(e, naming);
  const decl = loadAllStates ? 'let' : 'const';
  const loads = [
    ...[...usedY].sort((a, b) => a - b).map((i) => `${decl} y${i} = y[${i}];`),
    ...[...usedP].sort((a, b) => a - b).map((k) => `const p${k} = p[${k}];`),
  ];
  return [STRICT, ...loads, ...prelude, ...e.hoisted, ...e.lines, ...epilogue].join('\n');
}

/**
 * The bodies of rhs and of the two Jacobians. Definitions are computed once per call as locals, and
 * in the Jacobians their derivatives too (chain rule), instead of being substituted into every
 * equation; the entries are the same trees as differentiating the substituted equations, with the
 * definitions' parts computed once (see ./model/shared-trees.ts).
 */
function generateEvaluators(model: ModelAst): Pick<GeneratedSource, 'rhs' | 'jacobian' | 'paramJacobian'> {
  return { rhs: rhsSource(model), jacobian: derivativeSource(model, model.stateNames), paramJacobian: derivativeSource(model, model.paramNames) };
}

/** The right-hand sides with definitions shared as written (like the substituted equations). */
function rhsTrees(model: ModelAst): { shared: SharedTrees; equations: Node[] } {
  const shared = new SharedTrees(model, false);
  return { shared, equations: shared.equations };
}

function rhsSource(model: ModelAst, trees = rhsTrees(model)): string {
  return bodyOf(model, trees.shared, (e) => trees.equations.forEach((f, i) => e.assign(`dy[${i}]`, f)));
}

/**
 * d f_i / d x_j for x_j in `names`, by rows, with definitions and their derivatives shared (in
 * `shared`, which may hold other derivatives already: the trees and their values are the same).
 */
function derivativeTrees(model: ModelAst, names: readonly string[], shared = new SharedTrees(model, true)): { shared: SharedTrees; rows: Node[][] } {
  return { shared, rows: shared.equations.map((f) => names.map((x) => shared.differentiate(f, x))) };
}

/**
 * The body writing d f_i / d x_j for x_j in `names`, row-major n x names.length. One column (a
 * single name) gives the same entries, computed the same way, as that column of the whole matrix.
 */
function derivativeSource(model: ModelAst, names: readonly string[], trees = derivativeTrees(model, names)): string {
  return bodyOf(model, trees.shared, (e) => trees.rows.forEach((row, i) => row.forEach((entry, j) => e.assign(`out[${i * row.length + j}]`, entry))));
}

/** The bodies of the fused fixed-step kernels. */
function generateKernels(model: ModelAst): Pick<GeneratedSource, 'eulerSteps' | 'rk4Steps'> {
  const n = model.stateNames.length;
  const shared = new SharedTrees(model, false);
  const body = (fill: (e: Emitter, naming: Naming) => void, loadAllStates: boolean, prelude: string[], epilogue: string[]) =>
    bodyOf(model, shared, fill, loadAllStates, prelude, epilogue);

  /** One stage: k<s>_i = f_i(states named by `stateName`). */
  const stage = (e: Emitter, s: number, stateName: (i: number) => string, param: Naming['param']) => {
    e.setNaming({ state: stateName, param });
    shared.equations.forEach((f, i) => e.assign(`const k${s}_${i}`, f));
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

  return { eulerSteps, rk4Steps };
}

/** Source of a model definition's compiled functions (for tests and inspection). */
export function generatedSource(def: ModelDef): GeneratedSource {
  return generateSource(buildModel(def));
}

const build = buildFunction;

type Kernel = (y: Vec, p: Vec, out: Vec) => void;
type Steps = (y: Vec, p: Vec, h: number, count: number) => void;

/**
 * Validates and compiles `def`; throws ModelError / ExprError with a clear message on a bad model.
 * The returned functions allocate nothing and do not check array lengths: y has n entries, p has
 * m = nParams + nInputs, dy n, jacobian's out n*n, paramJacobian's out n*m.
 */
export function compileModel(def: ModelDef): CompiledModel {
  return compileBuilt(builtModel(def));
}

/** compileModel for an already built model (e.g. one whose definitions were substituted). */
export function compileBuilt(model: ModelAst): CompiledModel {
  // rhs and the Jacobian, their trees (shared with the equilibrium corrector's WebAssembly and the
  // jet) and their JavaScript functions, each made on first use: a continuation's corrector runs as
  // WebAssembly and needs neither function.
  let values: { shared: SharedTrees; equations: Node[] } | undefined;
  let derivatives: { shared: SharedTrees; rows: Node[][] } | undefined;
  const valueTrees = () => (values ??= rhsTrees(model));
  const jacobianTrees = () => (derivatives ??= derivativeTrees(model, model.stateNames));
  let rhs: Kernel | undefined;
  let jacobian: Kernel | undefined;
  // d f / d p (n x m) and its columns serve continuation only, and a continuation needs one column:
  // generated on first use (for ik_nodim the whole matrix is three times the size of the Jacobian).
  let paramJacobian: Kernel | undefined;
  const columnTrees: { shared: SharedTrees; rows: Node[][] }[] = [];
  const columnOf = (k: number) => (columnTrees[k] ??= derivativeTrees(model, [model.paramNames[k]], jacobianTrees().shared));
  const columns: Kernel[] = [];
  const eqKernels = new Map<number, EqKernel | null>();
  const eqCode = new Map<number, EqModelCode>();
  const eqCodeOf = (k: number): EqModelCode => {
    let code = eqCode.get(k);
    if (code === undefined) {
      const column = columnOf(k);
      code = eqModelCode({
        stateNames: model.stateNames,
        paramNames: model.paramNames,
        paramIndex: k,
        rhs: valueTrees(),
        jacobian: jacobianTrees(),
        column: { shared: column.shared, entries: column.rows.map((row) => row[0]) },
      });
      eqCode.set(k, code);
    }
    return code;
  };
  // The fused kernels serve fixed-step simulation only: generated on first use (a continuation never needs them).
  let kernels: { eulerSteps: Steps; rk4Steps: Steps } | undefined;
  const fused = () => {
    if (kernels === undefined) {
      const k = generateKernels(model);
      kernels = { eulerSteps: build<Steps>(['y', 'p', 'h', 'count'], k.eulerSteps), rk4Steps: build<Steps>(['y', 'p', 'h', 'count'], k.rk4Steps) };
    }
    return kernels;
  };
  const checkParam = (k: number, what: string) => {
    if (!(Number.isInteger(k) && k >= 0 && k < model.paramNames.length)) throw new RangeError(`${what}: no parameter with index ${k}`);
  };
  // The derivative jet serves bifurcation analysis only: generated part by part on first use.
  let jet: ModelJet | undefined;
  return {
    def: model.def,
    stateNames: model.stateNames,
    paramNames: model.paramNames,
    nParams: model.nParams,
    rhs: (y, p, dy) => (rhs ??= build<Kernel>(['y', 'p', 'dy'], rhsSource(model, valueTrees())))(y, p, dy),
    jacobian: (y, p, out) => (jacobian ??= build<Kernel>(['y', 'p', 'out'], derivativeSource(model, model.stateNames, jacobianTrees())))(y, p, out),
    paramJacobian: (y, p, out) => (paramJacobian ??= build<Kernel>(['y', 'p', 'out'], derivativeSource(model, model.paramNames)))(y, p, out),
    paramColumn(k) {
      checkParam(k, 'paramColumn');
      return (columns[k] ??= build<Kernel>(['y', 'p', 'out'], derivativeSource(model, [model.paramNames[k]], columnOf(k))));
    },
    equilibriumKernel(k) {
      checkParam(k, 'equilibriumKernel');
      let kernel = eqKernels.get(k);
      if (kernel === undefined) {
        kernel = makeEqKernel(() => eqCodeOf(k));
        eqKernels.set(k, kernel);
      }
      return kernel;
    },
    precompileEquilibriumKernel(k) {
      checkParam(k, 'precompileEquilibriumKernel');
      return eqCodeOf(k).module.precompile();
    },
    get eulerSteps() {
      return fused().eulerSteps;
    },
    get rk4Steps() {
      return fused().rk4Steps;
    },
    jet: () => (jet ??= compileJet(model, jacobianTrees())),
  };
}

const builtCache = new WeakMap<ModelDef, ModelAst>();

/** buildModel(def), once per model definition. */
function builtModel(def: ModelDef): ModelAst {
  let model = builtCache.get(def);
  if (model === undefined) builtCache.set(def, (model = buildModel(def)));
  return model;
}

/** Jets of models whose CompiledModel carries none (written by hand), one per definition object. */
const jetCache = new WeakMap<ModelDef, ModelJet>();

/**
 * The derivative jet of a compiled model (./model/jet.ts): the one kept with the compiled model
 * (shared by every copy of it), else one compiled from its definition and kept per definition.
 */
export function modelJet(model: CompiledModel): ModelJet {
  if (model.jet !== undefined) return model.jet();
  let jet = jetCache.get(model.def);
  if (jet === undefined) jetCache.set(model.def, (jet = compileJet(builtModel(model.def))));
  return jet;
}

/**
 * Second and third derivatives of the right-hand side with respect to the states as full tensors
 * (the jet's `hessian` and `third`; see ./model/jet.ts for the contracted forms B, C).
 */
export interface HigherDerivatives {
  /** d2 f_i / dy_j dy_k into out[(i*n + j)*n + k] (n^3 entries, all written). */
  hessian(y: Vec, p: Vec, out: Vec): void;
  /** d3 f_i / dy_j dy_k dy_l into out[((i*n + j)*n + k)*n + l] (n^4 entries, all written). */
  third(y: Vec, p: Vec, out: Vec): void;
}

/** The full second and third derivative tensors of `def` (generated on first use, cached per definition). */
export function compileHigherDerivatives(def: ModelDef): HigherDerivatives {
  let jet = jetCache.get(def);
  if (jet === undefined) jetCache.set(def, (jet = compileJet(builtModel(def))));
  return { hessian: jet.hessian, third: jet.third };
}
