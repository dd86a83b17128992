/**
 * The derivative jet of a model: exact second and third derivatives of the right-hand side f(y, p)
 * in the states, and mixed state-parameter and parameter-parameter second derivatives, generated
 * from the symbolic model (differentiated AST, zero terms pruned, definitions and their
 * derivatives computed once as shared locals: ./shared-trees.ts) and compiled like rhs (only AST
 * nodes produce code; every body passes assertSafeSource).
 *
 * What the analyses need (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed.: the
 * multilinear forms B and C of eq. (3.20) and sections 8.7, 10.2; minimally augmented fold and
 * Hopf curves need d/dy and d/dp of the Jacobian contracted with vectors; Govaerts, Numerical
 * Methods for Bifurcations of Dynamical Equilibria, ch. 4):
 *
 *   B(u, v)_i       = sum_jk  d2 f_i / dy_j dy_k u_j v_k
 *   C(u, v, w)_i    = sum_jkl d3 f_i / dy_j dy_k dy_l u_j v_k w_l
 *   A_y[v]_ij       = sum_k   d2 f_i / dy_j dy_k v_k        (derivative of the Jacobian along v)
 *   A_pk_ij         = d2 f_i / dy_j dp_k                     (derivative of the Jacobian in p_k)
 *   f_pkp_il        = d2 f_i / dp_k dp_l
 *   D(a, b, c, d)_i, E(a, b, c, d, e)_i: the fourth and fifth derivatives as multilinear forms
 *                   (Kuznetsov, section 8.7: the second Lyapunov coefficient of a Bautin point); their
 *                   vectors are named m0..m4 in the generated code
 *
 * Real vectors only; complex arguments follow by multilinearity (see ./jet-complex.ts). Each part
 * is generated and compiled on its first use (simulation never needs them) and kept with the
 * compiled model (CompiledModel.jet). Every function is allocation-free and writes every entry of
 * `out`; arrays are not length-checked: y, u, v, w have n entries, p has m.
 */
import { num, type Node } from '@shared/expr/ast';
import type { ModelAst } from '@shared/models/build';
import { Emitter, STRICT, buildFunction, type Naming } from '../codegen';
import type { Vec } from '../compiled-model';
import { SharedTrees } from './shared-trees';

export type Tensor = (y: Vec, p: Vec, out: Vec) => void;
export type Bilinear = (y: Vec, p: Vec, u: Vec, v: Vec, out: Vec) => void;
export type Trilinear = (y: Vec, p: Vec, u: Vec, v: Vec, w: Vec, out: Vec) => void;
export type Along = (y: Vec, p: Vec, v: Vec, out: Vec) => void;
export type Quadrilinear = (y: Vec, p: Vec, a: Vec, b: Vec, c: Vec, d: Vec, out: Vec) => void;
export type Quintilinear = (y: Vec, p: Vec, a: Vec, b: Vec, c: Vec, d: Vec, e: Vec, out: Vec) => void;

export interface ModelJet {
  /** Number of states n and of parameters m (params then inputs, as in CompiledModel.paramNames). */
  readonly n: number;
  readonly m: number;
  /** B(u, v) into out (n entries). Symmetric in u, v. */
  readonly bilinear: Bilinear;
  /** C(u, v, w) into out (n entries). Symmetric in u, v, w. */
  readonly trilinear: Trilinear;
  /** D(a, b, c, d) (fourth derivatives) into out (n entries). Symmetric. */
  readonly quadrilinear: Quadrilinear;
  /** E(a, b, c, d, e) (fifth derivatives) into out (n entries). Symmetric. */
  readonly quintilinear: Quintilinear;
  /** A_y[v] = d/ds f_y(y + s v, p) at s = 0 into out, row-major n x n. */
  readonly jacobianAlong: Along;
  /** d2 f_i / dy_j dy_k into out[(i*n + j)*n + k] (n^3 entries). */
  readonly hessian: Tensor;
  /** d3 f_i / dy_j dy_k dy_l into out[((i*n + j)*n + k)*n + l] (n^4 entries). */
  readonly third: Tensor;
  /** True when the derivatives of this order (2 to 5) in the states vanish identically (symbolically). */
  vanishes(order: 2 | 3 | 4 | 5): boolean;
  /** d/dp_k of the Jacobian: out[i*n + j] = d2 f_i / dy_j dp_k (n x n); compiled once per k. */
  jacobianParam(k: number): Tensor;
  /** out[i*m + l] = d2 f_i / dp_k dp_l (n x m); compiled once per k. */
  paramSecond(k: number): Tensor;
}

/** Names of the direction vectors' entries in the trees (never a model symbol: not identifiers). */
const dir = (vector: string, j: number): Node => ({ kind: 'sym', name: `:${vector}${j}` });
const DIRECTION = /^:([uvw]|m\d_)(\d+)$/;
/** Names of the vectors of the fourth and fifth multilinear forms (function arguments m0..m4; entries m0_j). */
const HIGHER = ['m0_', 'm1_', 'm2_', 'm3_', 'm4_'];

const isZero = (node: Node): boolean => node.kind === 'num' && node.value === 0;
const times = (a: Node, b: Node): Node => ({ kind: 'bin', op: '*', left: a, right: b });
const plus = (a: Node, b: Node): Node => ({ kind: 'bin', op: '+', left: a, right: b });
const sum = (terms: Node[]): Node => (terms.length === 0 ? num(0) : terms.reduce(plus));

/** The distinct orderings of a multi-index (r! / multiplicities for r indices). */
function orderings(index: number[]): number[][] {
  if (index.length <= 1) return [index];
  const out: number[][] = [];
  const seen = new Set<number>();
  index.forEach((first, at) => {
    if (seen.has(first)) return;
    seen.add(first);
    for (const rest of orderings([...index.slice(0, at), ...index.slice(at + 1)])) out.push([first, ...rest]);
  });
  return out;
}

/** The symbolic derivatives, each computed on first use. */
class JetTrees {
  readonly shared: SharedTrees;
  private jac?: Node[][];
  private hess?: Map<string, Node>;
  private thirdOrder?: Map<string, Node>;
  private readonly higher = new Map<number, Map<string, Node>>();

  /** `jacobian`: the Jacobian's trees already made (../compile.ts), whose shared subexpressions the higher derivatives extend. */
  constructor(
    readonly model: ModelAst,
    jacobian?: { shared: SharedTrees; rows: Node[][] },
  ) {
    this.shared = jacobian?.shared ?? new SharedTrees(model, true);
    this.jac = jacobian?.rows;
  }

  private get n(): number {
    return this.model.stateNames.length;
  }

  /** d f_i / dy_j. */
  jacobian(): Node[][] {
    this.jac ??= this.shared.equations.map((f) => this.model.stateNames.map((x) => this.shared.differentiate(f, x)));
    return this.jac;
  }

  /** d2 f_i / dy_j dy_k for any order of j, k (computed for j <= k; only nonzero ones are kept). */
  h(i: number, j: number, k: number): Node {
    if (this.hess === undefined) {
      const hess = new Map<string, Node>();
      this.jacobian().forEach((row, a) =>
        row.forEach((entry, b) => {
          if (isZero(entry)) return;
          for (let c = b; c < this.n; c++) {
            const h = this.shared.differentiate(entry, this.model.stateNames[c]);
            if (!isZero(h)) hess.set(`${a},${b},${c}`, h);
          }
        }),
      );
      this.hess = hess;
    }
    return this.hess.get(`${i},${Math.min(j, k)},${Math.max(j, k)}`) ?? num(0);
  }

  /** d3 f_i / dy_j dy_k dy_l for any order (computed for j <= k <= l; only nonzero ones are kept). */
  t(i: number, j: number, k: number, l: number): Node {
    if (this.thirdOrder === undefined) {
      const third = new Map<string, Node>();
      this.h(0, 0, 0);
      for (const [key, h] of this.hess as Map<string, Node>) {
        const [a, b, c] = key.split(',').map(Number);
        for (let d = c; d < this.n; d++) {
          const t = this.shared.differentiate(h, this.model.stateNames[d]);
          if (!isZero(t)) third.set(`${a},${b},${c},${d}`, t);
        }
      }
      this.thirdOrder = third;
    }
    const [a, b, c] = [j, k, l].sort((x, y) => x - y);
    return this.thirdOrder.get(`${i},${a},${b},${c}`) ?? num(0);
  }

  /** Whether every derivative of this order is zero. */
  vanishes(order: 2 | 3 | 4 | 5): boolean {
    return this.derivatives(order).size === 0;
  }

  /**
   * The nonzero derivatives of order 2 to 5, keyed `i,j1,...,jr` with j1 <= ... <= jr in
   * lexicographic order; from order 4 on, each the derivative of the order below in its last index.
   */
  derivatives(order: 2 | 3 | 4 | 5): Map<string, Node> {
    if (order === 2) {
      this.h(0, 0, 0);
      return this.hess as Map<string, Node>;
    }
    if (order === 3) {
      this.t(0, 0, 0, 0);
      return this.thirdOrder as Map<string, Node>;
    }
    const known = this.higher.get(order);
    if (known !== undefined) return known;
    const below = this.derivatives(order === 4 ? 3 : 4);
    const out = new Map<string, Node>();
    for (const [key, d] of below) {
      const index = key.split(',').map(Number);
      for (let q = index[index.length - 1]; q < this.n; q++) {
        const next = this.shared.differentiate(d, this.model.stateNames[q]);
        if (!isZero(next)) out.set(`${key},${q}`, next);
      }
    }
    this.higher.set(order, out);
    return out;
  }
}

/** A function body: loads of the used states, parameters and direction entries, then `fill`'s statements. */
function body(trees: JetTrees, fill: (e: Emitter) => void): string {
  const { model, shared } = trees;
  const stateIndex = new Map(model.stateNames.map((s, i) => [s, i] as const));
  const paramIndex = new Map(model.paramNames.map((s, k) => [s, k] as const));
  const usedY = new Set<number>();
  const usedP = new Set<number>();
  const usedDir = new Set<string>();
  const naming: Naming = {
    state: (i) => (usedY.add(i), `y${i}`),
    param: (k) => (usedP.add(k), `p${k}`),
    other: (name) => {
      const m = DIRECTION.exec(name);
      if (m === null) return undefined;
      const local = `${m[1]}${Number(m[2])}`;
      usedDir.add(local);
      return local;
    },
  };
  const e = new Emitter(stateIndex, paramIndex, naming, false, shared);
  fill(e);
  const loads = [
    ...[...usedY].sort((a, b) => a - b).map((i) => `const y${i} = y[${i}];`),
    ...[...usedP].sort((a, b) => a - b).map((k) => `const p${k} = p[${k}];`),
    ...[...usedDir].sort().map((local) => {
      const at = local.indexOf('_');
      return at < 0 ? `const ${local} = ${local[0]}[${local.slice(1)}];` : `const ${local} = ${local.slice(0, at)}[${local.slice(at + 1)}];`;
    }),
  ];
  return [STRICT, ...loads, ...e.lines].join('\n');
}

/** Bodies of the jet's functions (for tests and inspection); `k` is the parameter of jacobianParam / paramSecond. */
export function jetSource(
  model: ModelAst,
  k = 0,
): Record<'bilinear' | 'trilinear' | 'jacobianAlong' | 'hessian' | 'third' | 'jacobianParam' | 'paramSecond', string> {
  const trees = new JetTrees(model);
  return {
    bilinear: bilinearSource(trees),
    trilinear: trilinearSource(trees),
    jacobianAlong: alongSource(trees),
    hessian: hessianSource(trees),
    third: thirdSource(trees),
    jacobianParam: jacobianParamSource(trees, k),
    paramSecond: paramSecondSource(trees, k),
  };
}

/**
 * The multilinear form of the derivatives of order `vectors.length` (2 to 5), its vectors' entries
 * named `vectors[0]`j, ...: out[i] = sum over j1 <= ... <= jr of the derivative times the sum of
 * the products over the distinct orderings of (j1, ..., jr).
 */
function multilinearSource(trees: JetTrees, vectors: readonly string[]): string {
  const n = trees.model.stateNames.length;
  return body(trees, (e) => {
    const terms: Node[][] = Array.from({ length: n }, () => []);
    for (const [key, d] of trees.derivatives(vectors.length as 2 | 3 | 4 | 5)) {
      const [i, ...index] = key.split(',').map(Number);
      const products = orderings(index).map((ord) => ord.map((j, at) => dir(vectors[at], j)).reduce(times));
      terms[i].push(times(d, sum(products)));
    }
    for (let i = 0; i < n; i++) e.assign(`out[${i}]`, sum(terms[i]));
  });
}

const bilinearSource = (trees: JetTrees): string => multilinearSource(trees, ['u', 'v']);
const trilinearSource = (trees: JetTrees): string => multilinearSource(trees, ['u', 'v', 'w']);
/** The fourth (order 4) or fifth (order 5) multilinear form, its vectors named m0..m4. */
const higherSource = (trees: JetTrees, order: 4 | 5): string => multilinearSource(trees, HIGHER.slice(0, order));

function alongSource(trees: JetTrees): string {
  const n = trees.model.stateNames.length;
  return body(trees, (e) => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const terms: Node[] = [];
        for (let k = 0; k < n; k++) {
          const h = trees.h(i, j, k);
          if (!isZero(h)) terms.push(times(h, dir('v', k)));
        }
        e.assign(`out[${i * n + j}]`, sum(terms));
      }
    }
  });
}

/** The nonzero entries of a symmetric tensor, each computed once and copied to its symmetric places (the caller zeroes out). */
function tensorSource(trees: JetTrees, order: 2 | 3): string {
  const n = trees.model.stateNames.length;
  return body(trees, (e) => {
    for (const [key, d] of trees.derivatives(order)) {
      const [i, ...index] = key.split(',').map(Number);
      const [first, ...rest] = orderings(index).map((ord) => ord.reduce((at, j) => at * n + j, i));
      e.assign(`out[${first}]`, d);
      for (const at of rest) e.raw(`out[${at}] = out[${first}];`);
    }
  });
}

const hessianSource = (trees: JetTrees): string => tensorSource(trees, 2);
const thirdSource = (trees: JetTrees): string => tensorSource(trees, 3);

function jacobianParamSource(trees: JetTrees, k: number): string {
  const { stateNames, paramNames } = trees.model;
  const n = stateNames.length;
  return body(trees, (e) => {
    trees.jacobian().forEach((row, i) => row.forEach((entry, j) => e.assign(`out[${i * n + j}]`, trees.shared.differentiate(entry, paramNames[k]))));
  });
}

function paramSecondSource(trees: JetTrees, k: number): string {
  const { paramNames } = trees.model;
  const m = paramNames.length;
  return body(trees, (e) => {
    trees.shared.equations.forEach((f, i) => {
      const first = trees.shared.differentiate(f, paramNames[k]);
      paramNames.forEach((x, l) => e.assign(`out[${i * m + l}]`, isZero(first) ? num(0) : trees.shared.differentiate(first, x)));
    });
  });
}

const build = buildFunction;

/** Zeroes `out`, then runs a body that writes only the nonzero entries. */
function zeroed(f: Tensor): Tensor {
  return (y, p, out) => {
    out.fill(0);
    f(y, p, out);
  };
}

/**
 * The jet of a built model; each part is generated and compiled on its first use. `jacobian`: the
 * Jacobian's trees, when already made (SharedTrees(model, true) and its derivatives by the states).
 */
export function compileJet(model: ModelAst, jacobian?: { shared: SharedTrees; rows: Node[][] }): ModelJet {
  const n = model.stateNames.length;
  const m = model.paramNames.length;
  let trees: JetTrees | undefined;
  const symbolic = () => (trees ??= new JetTrees(model, jacobian));
  let bilinear: Bilinear | undefined;
  let trilinear: Trilinear | undefined;
  let along: Along | undefined;
  let hessian: Tensor | undefined;
  let third: Tensor | undefined;
  let quadrilinear: Quadrilinear | undefined;
  let quintilinear: Quintilinear | undefined;
  const byParam: Tensor[] = [];
  const secondByParam: Tensor[] = [];
  const checkParam = (k: number) => {
    if (!(Number.isInteger(k) && k >= 0 && k < m)) throw new RangeError(`jet: no parameter with index ${k}`);
  };
  return {
    n,
    m,
    get bilinear() {
      return (bilinear ??= build<Bilinear>(['y', 'p', 'u', 'v', 'out'], bilinearSource(symbolic())));
    },
    get trilinear() {
      return (trilinear ??= build<Trilinear>(['y', 'p', 'u', 'v', 'w', 'out'], trilinearSource(symbolic())));
    },
    get quadrilinear() {
      return (quadrilinear ??= build<Quadrilinear>(['y', 'p', 'm0', 'm1', 'm2', 'm3', 'out'], higherSource(symbolic(), 4)));
    },
    get quintilinear() {
      return (quintilinear ??= build<Quintilinear>(['y', 'p', 'm0', 'm1', 'm2', 'm3', 'm4', 'out'], higherSource(symbolic(), 5)));
    },
    get jacobianAlong() {
      return (along ??= build<Along>(['y', 'p', 'v', 'out'], alongSource(symbolic())));
    },
    get hessian() {
      return (hessian ??= zeroed(build<Tensor>(['y', 'p', 'out'], hessianSource(symbolic()))));
    },
    get third() {
      return (third ??= zeroed(build<Tensor>(['y', 'p', 'out'], thirdSource(symbolic()))));
    },
    vanishes(order) {
      return symbolic().vanishes(order);
    },
    jacobianParam(k) {
      checkParam(k);
      return (byParam[k] ??= build<Tensor>(['y', 'p', 'out'], jacobianParamSource(symbolic(), k)));
    },
    paramSecond(k) {
      checkParam(k);
      return (secondByParam[k] ??= build<Tensor>(['y', 'p', 'out'], paramSecondSource(symbolic(), k)));
    },
  };
}
