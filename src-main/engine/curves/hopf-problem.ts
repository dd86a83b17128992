/**
 * The Hopf curve in two parameters P, Q as a real minimally augmented system (Govaerts, Numerical
 * Methods for Bifurcations of Dynamical Equilibria (2000), section 4.4 (bialternate-free form with
 * J^2 + kappa I); Govaerts, Kuznetsov & Dhooge, SIAM J. Sci. Comput. 27 (2005) 231–252): unknowns
 * u = (x, P, Q, kappa), n + 2 equations
 *
 *     f(x, P, Q) = 0,   g_a = 0,   g_b = 0,
 *
 * where G (2 x 2) solves [[A, B], [C^T, 0]] [V; G] = [0; I_2] with A = J^2 + kappa I, and g_a, g_b
 * are two of its four entries. A has a two-dimensional null space (the real and imaginary parts of
 * the eigenvector of +-i omega, kappa = omega^2) on the Hopf curve, where all of G vanishes; the two
 * entries used are those whose gradients are the most independent of each other and of f's rows,
 * chosen again at each accepted point. With kappa < 0 the same system holds at neutral saddles
 * (eigenvalues +-sqrt(-kappa)), so the curve passes through Bogdanov–Takens points (kappa = 0).
 *
 * The gradient is exact from the jet: for A' = J'J + JJ' (J' = dJ/dx_k or dJ/dP, dJ/dQ),
 *     d g_ij = -w_i^T (J' J + J J') v_j = -(w_i^T J' (J v_j) + (J^T w_i)^T J' v_j),
 * with the state part taken as rows a^T A_y[b] (Hessian symmetry), and d g_ij / d kappa = -w_i . v_j.
 *
 * Codimension-two points on the curve (BT, GH, ZH, HH) and their normal-form coefficients:
 * ./codim2-tests.ts.
 */
import type { CompiledModel } from '../compiled-model';
import { BorderedSolver, orthonormalise } from './bordered';
import { hopfCodim2 } from './codim2-tests';
import { bilinearForm, curveModel, leftTimes, stateRows, type CurveProblem } from './curve-problem';

/** The four entries of G, as (i, j). */
const ENTRIES: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** How many points' test values evaluateTests keeps. */
const CACHED = 4;

/** The Hopf curve problem of `model` at parameters `p` (full vector, copied) with P = p[iP], Q = p[iQ] free. */
export function hopfCurveProblem(model: CompiledModel, p: ArrayLike<number>, iP: number, iQ: number): CurveProblem & { entries(): [number, number] } {
  const cm = curveModel(model, p, iP, iQ);
  const { n, m, jet } = cm;
  const dim = n + 3;
  const bs = new BorderedSolver(n, 2);
  const jac = new Float64Array(n * n);
  const a = new Float64Array(n * n);
  const dfdp = new Float64Array(n * m);
  const jv = new Float64Array(2 * n);
  const jtw = new Float64Array(2 * n);
  const alongV = new Float64Array(2 * n * n);
  const alongJv = new Float64Array(2 * n * n);
  const jpP = new Float64Array(n * n);
  const jpQ = new Float64Array(n * n);
  const row = new Float64Array(n);
  const rows = new Float64Array(n * dim);
  const grads = new Float64Array(4 * dim);
  let ea = 0;
  let eb = 3;
  const codim2 = hopfCodim2(cm, (u, out) => {
    if (!bordered(u, true)) return null;
    out.set(jac);
    return bs;
  });
  // The test values do not depend on the borders, and the core asks for each point's several
  // times (step control, detection): the last CACHED points' values are kept, keyed by content.
  const nt = codim2.tests.length;
  const cacheZ = new Float64Array(CACHED * dim);
  const cacheOut = new Float64Array(CACHED * nt);
  const cacheUsed = new Uint8Array(CACHED);
  let cacheNext = 0;

  /** A = J^2 + kappa I at u (J in jac) and the bordered solve; false when singular. */
  const bordered = (u: Float64Array, withLeft: boolean): boolean => {
    cm.load(u);
    model.jacobian(u, cm.p, jac);
    const kappa = u[n + 2];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < n; l++) s += jac[i * n + l] * jac[l * n + j];
        a[i * n + j] = s + (i === j ? kappa : 0);
      }
    }
    const ok = bs.solve(a, withLeft);
    solvedAt.set(u);
    solvedBoth = ok && withLeft;
    return ok;
  };
  // Where the last bordered solve with both sides succeeded (jac, V, W are of that point).
  const solvedAt = new Float64Array(dim);
  let solvedBoth = false;
  const isSolvedAt = (u: Float64Array): boolean => {
    if (!solvedBoth) return false;
    for (let i = 0; i < dim; i++) if (solvedAt[i] !== u[i]) return false;
    return true;
  };

  /** After `bordered(u, true)`: the products the gradients need. */
  const prepare = (u: Float64Array): void => {
    const { v, w } = bs;
    for (let q = 0; q < 2; q++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        let t = 0;
        for (let l = 0; l < n; l++) {
          s += jac[i * n + l] * v[q * n + l];
          t += jac[l * n + i] * w[q * n + l];
        }
        jv[q * n + i] = s;
        jtw[q * n + i] = t;
      }
      jet.jacobianAlong(u, cm.p, v.subarray(q * n, q * n + n), alongV.subarray(q * n * n, (q + 1) * n * n));
      jet.jacobianAlong(u, cm.p, jv.subarray(q * n, q * n + n), alongJv.subarray(q * n * n, (q + 1) * n * n));
    }
    cm.jacP(u, cm.p, jpP);
    cm.jacQ(u, cm.p, jpQ);
  };

  /** The gradient of g_ij (dim entries) into out at `at`; after prepare. */
  const gradient = (i: number, j: number, out: Float64Array, at: number): void => {
    const { v, w } = bs;
    leftTimes(w, i * n, alongJv.subarray(j * n * n, (j + 1) * n * n), n, row);
    for (let k = 0; k < n; k++) out[at + k] = -row[k];
    leftTimes(jtw, i * n, alongV.subarray(j * n * n, (j + 1) * n * n), n, row);
    for (let k = 0; k < n; k++) out[at + k] -= row[k];
    out[at + n] = -(bilinearForm(w, i * n, jpP, jv, j * n, n) + bilinearForm(jtw, i * n, jpP, v, j * n, n));
    out[at + n + 1] = -(bilinearForm(w, i * n, jpQ, jv, j * n, n) + bilinearForm(jtw, i * n, jpQ, v, j * n, n));
    let d = 0;
    for (let k = 0; k < n; k++) d += w[i * n + k] * v[j * n + k];
    out[at + n + 2] = -d;
  };

  /** Picks the pair of entries whose gradients, projected off f's rows, span the largest area. */
  const choose = (u: Float64Array): void => {
    prepare(u);
    stateRows(cm, u, dim, rows, jac, dfdp);
    if (!orthonormalise(rows, dim, n)) return;
    for (let e = 0; e < 4; e++) {
      gradient(ENTRIES[e][0], ENTRIES[e][1], grads, e * dim);
      for (let r = 0; r < n; r++) {
        let d = 0;
        for (let k = 0; k < dim; k++) d += rows[r * dim + k] * grads[e * dim + k];
        for (let k = 0; k < dim; k++) grads[e * dim + k] -= d * rows[r * dim + k];
      }
    }
    let best = -1;
    for (let x = 0; x < 4; x++) {
      for (let y = x + 1; y < 4; y++) {
        let xx = 0;
        let yy = 0;
        let xy = 0;
        for (let k = 0; k < dim; k++) {
          xx += grads[x * dim + k] ** 2;
          yy += grads[y * dim + k] ** 2;
          xy += grads[x * dim + k] * grads[y * dim + k];
        }
        const area = xx * yy - xy * xy;
        if (area > best) {
          best = area;
          ea = x;
          eb = y;
        }
      }
    }
  };

  return {
    n,
    dim,
    otherIndex: n,
    paramIndex: n + 1,
    paramName: model.paramNames[iQ],
    tests: codim2.tests,
    evaluateTests(point, out) {
      const z = point.z;
      for (let c = 0; c < CACHED; c++) {
        if (cacheUsed[c] === 0) continue;
        let same = true;
        for (let i = 0; i < dim && same; i++) same = cacheZ[c * dim + i] === z[i];
        if (!same) continue;
        for (let i = 0; i < nt; i++) out[i] = cacheOut[c * nt + i];
        return;
      }
      // The tracer's last solve is usually at this very point (its tangent), so it is reused.
      if (isSolvedAt(z) || bordered(z, true)) codim2.evaluate(z, jac, bs.v, bs.w, out);
      else out.fill(NaN);
      const c = cacheNext;
      cacheNext = (cacheNext + 1) % CACHED;
      cacheUsed[c] = 1;
      for (let i = 0; i < dim; i++) cacheZ[c * dim + i] = z[i];
      for (let i = 0; i < nt; i++) cacheOut[c * nt + i] = out[i];
    },
    residual(u, out) {
      cm.load(u);
      model.rhs(u, cm.p, out);
      const ok = bordered(u, false);
      out[n] = ok ? bs.g[ENTRIES[ea][0] * 2 + ENTRIES[ea][1]] : NaN;
      out[n + 1] = ok ? bs.g[ENTRIES[eb][0] * 2 + ENTRIES[eb][1]] : NaN;
    },
    jacobian(u, out) {
      const ok = bordered(u, true);
      stateRows(cm, u, dim, out, jac, dfdp);
      if (!ok) {
        out.fill(NaN, n * dim, (n + 2) * dim);
        return;
      }
      prepare(u);
      gradient(ENTRIES[ea][0], ENTRIES[ea][1], out, n * dim);
      gradient(ENTRIES[eb][0], ENTRIES[eb][1], out, (n + 1) * dim);
    },
    init(u) {
      for (let it = 0; it < 3; it++) if (!bordered(u, true) || !bs.refresh()) return false;
      if (!bordered(u, true)) return false;
      choose(u);
      return true;
    },
    accept(u) {
      if (!bordered(u, true) || !bs.refresh() || !bordered(u, true)) return false;
      choose(u);
      return true;
    },
    entries() {
      return [ea, eb];
    },
  };
}
