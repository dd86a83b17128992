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
 */
import { buildModel, derivativeAsts, type ModelAst } from '@shared/models/build';
import type { ModelDef } from '@shared/models/types';
import type { Node } from '@shared/expr/ast';
import { differentiate } from '@shared/expr/diff';
import { simplify } from '@shared/expr/simplify';
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
  return { ...generateEvaluators(model), ...generateKernels(model) };
}

/** A body whose states and parameters are loaded once into locals (only those used). */
function bodyOf(model: ModelAst, fill: (e: Emitter, naming: Naming) => void, loadAllStates = false, prelude: string[] = [], epilogue: string[] = []): string {
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
  const e = new Emitter(stateIndex, paramIndex, naming, loadAllStates);
  fill(e, naming);
  const decl = loadAllStates ? 'let' : 'const';
  const loads = [
    ...[...usedY].sort((a, b) => a - b).map((i) => `${decl} y${i} = y[${i}];`),
    ...[...usedP].sort((a, b) => a - b).map((k) => `const p${k} = p[${k}];`),
  ];
  return [STRICT, ...loads, ...prelude, ...e.hoisted, ...e.lines, ...epilogue].join('\n');
}

/** The bodies of rhs and of the two Jacobians. */
function generateEvaluators(model: ModelAst): Pick<GeneratedSource, 'rhs' | 'jacobian' | 'paramJacobian'> {
  const rhs = bodyOf(model, (e) => model.rhs.forEach((f, i) => e.assign(`dy[${i}]`, f)));
  const { jacobian, paramJacobian } = derivativeAsts(model);
  const matrix = (rows: typeof jacobian) =>
    bodyOf(model, (e) => rows.forEach((row, i) => row.forEach((entry, j) => e.assign(`out[${i * row.length + j}]`, entry))));
  return { rhs, jacobian: matrix(jacobian), paramJacobian: matrix(paramJacobian) };
}

/** The bodies of the fused fixed-step kernels. */
function generateKernels(model: ModelAst): Pick<GeneratedSource, 'eulerSteps' | 'rk4Steps'> {
  const n = model.stateNames.length;
  const body = (fill: (e: Emitter, naming: Naming) => void, loadAllStates: boolean, prelude: string[], epilogue: string[]) =>
    bodyOf(model, fill, loadAllStates, prelude, epilogue);

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

  return { eulerSteps, rk4Steps };
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
  const model = builtModel(def);
  const src = generateEvaluators(model);
  // The fused kernels serve fixed-step simulation only: generated on first use (a continuation never needs them).
  let kernels: { eulerSteps: Steps; rk4Steps: Steps } | undefined;
  const fused = () => {
    if (kernels === undefined) {
      const k = generateKernels(model);
      kernels = { eulerSteps: build<Steps>(['y', 'p', 'h', 'count'], k.eulerSteps), rk4Steps: build<Steps>(['y', 'p', 'h', 'count'], k.rk4Steps) };
    }
    return kernels;
  };
  return {
    def,
    stateNames: model.stateNames,
    paramNames: model.paramNames,
    nParams: model.nParams,
    rhs: build<Kernel>(['y', 'p', 'dy'], src.rhs),
    jacobian: build<Kernel>(['y', 'p', 'out'], src.jacobian),
    paramJacobian: build<Kernel>(['y', 'p', 'out'], src.paramJacobian),
    get eulerSteps() {
      return fused().eulerSteps;
    },
    get rk4Steps() {
      return fused().rk4Steps;
    },
  };
}

const builtCache = new WeakMap<ModelDef, ModelAst>();

/** buildModel(def), once per model definition (compileModel and compileHigherDerivatives share it). */
function builtModel(def: ModelDef): ModelAst {
  let model = builtCache.get(def);
  if (model === undefined) builtCache.set(def, (model = buildModel(def)));
  return model;
}

/**
 * Second and third derivatives of the right-hand side with respect to the states, for the normal
 * form coefficients of bifurcations (first Lyapunov coefficient at a Hopf point: Kuznetsov,
 * Elements of Applied Bifurcation Theory, 3rd ed., eq. (3.20) and section 10.2).
 */
export interface HigherDerivatives {
  /** d2 f_i / dy_j dy_k into out[(i*n + j)*n + k] (n^3 entries, all written). */
  hessian(y: Vec, p: Vec, out: Vec): void;
  /** d3 f_i / dy_j dy_k dy_l into out[((i*n + j)*n + k)*n + l] (n^4 entries, all written). */
  third(y: Vec, p: Vec, out: Vec): void;
}

export interface HigherSource {
  /** Body of (y, p, out) => void writing the nonzero second derivatives (the caller zeroes out). */
  hessian: string;
  /** Body of (y, p, out) => void writing the nonzero third derivatives (the caller zeroes out). */
  third: string;
}

/**
 * Generates the bodies of the higher derivatives from the symbolic Jacobian, differentiated again
 * (only j <= k <= l is differentiated; the symmetric entries are copies). Like generateSource, only
 * AST nodes produce code.
 */
export function generateHigherSource(model: ModelAst): HigherSource {
  const n = model.stateNames.length;
  const stateIndex = new Map(model.stateNames.map((s, i) => [s, i] as const));
  const paramIndex = new Map(model.paramNames.map((s, k) => [s, k] as const));
  const jacobian = model.rhs.map((f) => model.stateNames.map((x) => simplify(differentiate(f, x))));
  const isZero = (node: Node) => node.kind === 'num' && node.value === 0;
  const dState = (node: Node, k: number) => simplify(differentiate(node, model.stateNames[k]));

  const emit = (entries: { index: number[]; node: Node }[]): string => {
    const usedY = new Set<number>();
    const usedP = new Set<number>();
    const naming: Naming = {
      state: (i) => (usedY.add(i), `y${i}`),
      param: (k) => (usedP.add(k), `p${k}`),
    };
    const e = new Emitter(stateIndex, paramIndex, naming);
    for (const { index, node } of entries) {
      e.assign(`out[${index[0]}]`, node);
      for (const copy of index.slice(1)) e.raw(`out[${copy}] = out[${index[0]}];`);
    }
    const loads = [
      ...[...usedY].sort((a, b) => a - b).map((i) => `const y${i} = y[${i}];`),
      ...[...usedP].sort((a, b) => a - b).map((k) => `const p${k} = p[${k}];`),
    ];
    return [STRICT, ...loads, ...e.lines].join('\n');
  };

  const hess: { index: number[]; node: Node }[] = [];
  const third: typeof hess = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = j; k < n; k++) {
        const h = dState(jacobian[i][j], k);
        if (isZero(h)) continue;
        const pairs =
          j === k
            ? [[j, k]]
            : [
                [j, k],
                [k, j],
              ];
        hess.push({ index: pairs.map(([a, b]) => (i * n + a) * n + b), node: h });
        for (let l = k; l < n; l++) {
          const t = dState(h, l);
          if (isZero(t)) continue;
          const perms = new Set<number>();
          for (const [a, b, c] of [
            [j, k, l],
            [j, l, k],
            [k, j, l],
            [k, l, j],
            [l, j, k],
            [l, k, j],
          ]) {
            perms.add(((i * n + a) * n + b) * n + c);
          }
          third.push({ index: [...perms], node: t });
        }
      }
    }
  }
  return { hessian: emit(hess), third: emit(third) };
}

const higherCache = new WeakMap<ModelDef, HigherDerivatives>();

/**
 * The compiled second and third derivatives of `def` (generated on first use and cached per model
 * definition, since only bifurcation analysis needs them). Allocation-free apart from the first call.
 */
export function compileHigherDerivatives(def: ModelDef): HigherDerivatives {
  const cached = higherCache.get(def);
  if (cached !== undefined) return cached;
  const src = generateHigherSource(builtModel(def));
  const hessian = build<Kernel>(['y', 'p', 'out'], src.hessian);
  const third = build<Kernel>(['y', 'p', 'out'], src.third);
  const compiled: HigherDerivatives = {
    hessian: (y, p, out) => {
      out.fill(0);
      hessian(y, p, out);
    },
    third: (y, p, out) => {
      out.fill(0);
      third(y, p, out);
    },
  };
  higherCache.set(def, compiled);
  return compiled;
}
