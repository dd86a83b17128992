/**
 * The model's part of the equilibrium corrector in WebAssembly (./eq-corrector-code.ts holds the
 * rest): for one model and one free parameter, the right-hand side and the Jacobian, generated at
 * run time from the trees ../compile.ts makes for its JavaScript functions (./tree-code.ts: the
 * same operations, so the same bits). They read and write the arrays of eqLayout in the dense
 * kernels' memory, which the module imports.
 *
 *   rhsAt(at)    f at the unknowns u = (x, lambda) at byte address `at` into `f`
 *   jacobian()   f_x into `jac` (row-major n x n), d f / d lambda into `dl`, at u = `z`
 *
 * Parameters other than lambda are read from `p`.
 */
import type { Node } from '@shared/expr/ast';
import type { SharedTrees } from '../model/shared-trees';
import { F64, I32, moduleOf } from './bytes';
import { denseLuBytes, smallEigenBytes } from './dense-kernels';
import { loadAt, loadFrom, MATH_IMPORTS, TreeCode, type TreeNaming } from './tree-code';

/** A model's trees for one free parameter, as ../compile.ts builds them for its JavaScript functions. */
export interface EqTrees {
  stateNames: readonly string[];
  paramNames: readonly string[];
  /** Index of the free parameter in paramNames. */
  paramIndex: number;
  /** The right-hand sides (definitions as written) and their shared subexpressions. */
  rhs: { shared: SharedTrees; equations: readonly Node[] };
  /** d f_i / d x_j by rows, with their shared subexpressions. */
  jacobian: { shared: SharedTrees; rows: readonly (readonly Node[])[] };
  /** d f_i / d p_paramIndex, with their shared subexpressions. */
  column: { shared: SharedTrees; entries: readonly Node[] };
}

/**
 * Byte addresses of the corrector's arrays (f64 unless said) for n states and m parameters: after
 * the dense kernels' space for order n + 1 (the LU's matrix, permutation, right-hand side `b` and
 * solution `x`; the eigenvalues of order n need less). ./eq-corrector-code.ts computes the same.
 */
export interface EqLayout {
  n: number;
  m: number;
  b: number;
  x: number;
  /** The unknowns, the last row, the parameters, f, the residual weights. */
  z: number;
  c: number;
  p: number;
  f: number;
  w: number;
  /** f_x and d f / d lambda of the last Jacobian. */
  jac: number;
  dl: number;
  /** Newton's trial point; where the last successful factorisation and the last Jacobian were made. */
  trial: number;
  fz: number;
  lz: number;
  /** Two i32: the sign the last LU factorisation returned (-2: none ran), whether it succeeded. */
  meta: number;
  /** A step (./eq-corrector-code.ts `step`): the previous point, the prediction, the tangent and the branch-point test there. */
  pz: number;
  pred: number;
  t: number;
  bp: number;
  /** The first byte after the arrays. */
  end: number;
}

export function eqLayout(n: number, m: number): EqLayout {
  const n1 = n + 1;
  if (smallEigenBytes(n) > denseLuBytes(n1)) throw new Error('eqLayout: the eigenvalue kernel needs more memory than the LU');
  let at = denseLuBytes(n1);
  const take = (count: number): number => {
    const a = at;
    at += 8 * count;
    return a;
  };
  return {
    n,
    m,
    b: 8 * n1 * n1 + 8 * n1,
    x: 8 * n1 * n1 + 16 * n1,
    z: take(n1),
    c: take(n1),
    p: take(m),
    f: take(n),
    w: take(n1),
    jac: take(n * n),
    dl: take(n),
    trial: take(n1),
    fz: take(n1),
    lz: take(n1),
    meta: take(1),
    pz: take(n1),
    pred: take(n1),
    t: take(n1),
    bp: take(1),
    end: at,
  };
}

/** The model module's bytes and layout. */
export interface EqModelModule {
  bytes: Uint8Array;
  layout: EqLayout;
}

/** The module; it imports the kernels' memory (module "kernels") and MATH_IMPORTS (module "math"). */
export function eqModelModule(trees: EqTrees): EqModelModule {
  const n = trees.stateNames.length;
  const L = eqLayout(n, trees.paramNames.length);
  const stateIndex = new Map(trees.stateNames.map((s, i) => [s, i] as const));
  const paramIndex = new Map(trees.paramNames.map((s, k) => [s, k] as const));
  // The unknowns at some address: the states, then the free parameter in place of its entry of p.
  const naming = (unknown: (out: number[], i: number) => void): TreeNaming => ({
    state: unknown,
    param: (out, k) => (k === trees.paramIndex ? unknown(out, n) : loadAt(out, L.p + 8 * k)),
  });

  // rhsAt(at): its parameter `at` is local 0.
  const rhs = new TreeCode(
    stateIndex,
    paramIndex,
    naming((out, i) => loadFrom(out, 0, 8 * i)),
    trees.rhs.shared,
    1,
  );
  for (let i = 0; i < n; i++) rhs.store(trees.rhs.equations[i], L.f + 8 * i);
  // jacobian(): two emitters, one after the other in one body (the two sets of trees share nothing).
  const atZ = naming((out, i) => loadAt(out, L.z + 8 * i));
  const jac = new TreeCode(stateIndex, paramIndex, atZ, trees.jacobian.shared, 0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) jac.store(trees.jacobian.rows[i][j], L.jac + 8 * (i * n + j));
  const col = new TreeCode(stateIndex, paramIndex, atZ, trees.column.shared, jac.localCount, jac.body);
  for (let i = 0; i < n; i++) col.store(trees.column.entries[i], L.dl + 8 * i);

  const f64s = (count: number): number[] => new Array<number>(count).fill(F64);
  const bytes = moduleOf(
    [
      { name: 'rhsAt', params: [I32], result: null, locals: f64s(rhs.localCount), body: rhs.body },
      { name: 'jacobian', params: [], result: null, locals: f64s(jac.localCount + col.localCount), body: jac.body },
    ],
    Math.ceil(L.end / 65536),
    { functions: MATH_IMPORTS, memory: { module: 'kernels', name: 'memory' } },
  );
  return { bytes, layout: L };
}
