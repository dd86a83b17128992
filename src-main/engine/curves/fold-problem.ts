/**
 * The fold (limit point) curve in two parameters P, Q as a minimally augmented system (Govaerts,
 * Numerical Methods for Bifurcations of Dynamical Equilibria (2000), section 4.4; Govaerts,
 * Kuznetsov & Dhooge, SIAM J. Sci. Comput. 27 (2005) 231–252): unknowns u = (x, P, Q), n + 1
 * equations
 *
 *     f(x, P, Q) = 0,   g(x, P, Q) = 0,
 *
 * where g is the last entry of the solution of [[J, b], [c^T, 0]] [v; g] = [0; 1] (J = f_x), which
 * vanishes exactly where J is singular. Its gradient is exact from the jet:
 *     g_x = -w^T (d/dx J) v  = -(w^T A_y[v]),     g_P = -w^T J_P v,   g_Q = -w^T J_Q v,
 * with w from the transposed system (the Hessian's symmetry turns w^T (dJ/dx_k) v into column k of
 * w^T A_y[v]). The borders b, c are refreshed from w, v at each accepted point (./bordered.ts).
 *
 * Codimension-two points on the curve (Kuznetsov, 3rd ed., sections 8.3–8.4; Govaerts, section
 * 4.4), from the same null vectors v (right) and w (left), both scaled to unit length:
 * - BT (Bogdanov–Takens, a double zero eigenvalue): psi_BT = w . v, zero where the zero eigenvalue
 *   is no longer simple (the left and right null vectors become orthogonal);
 * - CP (cusp): psi_CP = w^T B(v, v) with the exact bilinear form of the jet, the fold's quadratic
 *   normal-form coefficient (up to a positive factor).
 * Both are continuous along the curve because the borders are (their signs follow c . v = b . w = 1).
 * - ZH (zero-Hopf): a pair of the other eigenvalues on the imaginary axis (./codim2-tests.ts).
 * Normal-form coefficients reported with BT, CP and ZH: ./normal-forms.ts.
 */
import type { CompiledModel } from '../compiled-model';
import type { ScalarTest } from '../continuation/problem';
import { BorderedSolver } from './bordered';
import { foldCodim2 } from './codim2-tests';
import { bilinearForm, curveModel, leftTimes, stateRows, type CurveProblem } from './curve-problem';

/** The fold curve problem of `model` at parameters `p` (full vector, copied) with P = p[iP], Q = p[iQ] free. */
export function foldCurveProblem(model: CompiledModel, p: ArrayLike<number>, iP: number, iQ: number): CurveProblem & { testValue(u: Float64Array): number } {
  const cm = curveModel(model, p, iP, iQ);
  const { n, m, jet } = cm;
  const dim = n + 2;
  const bs = new BorderedSolver(n, 1);
  const jac = new Float64Array(n * n);
  const dfdp = new Float64Array(n * m);
  const along = new Float64Array(n * n);
  const jp = new Float64Array(n * n);
  const row = new Float64Array(n);
  const bvv = new Float64Array(n);
  const codim2 = foldCodim2(cm);
  // psi_BT in [-1, 1]; psi_CP in the units of f / x^2; ZH dimensionless (./codim2-tests.ts).
  const tests: readonly ScalarTest[] = [
    { kind: 'BT', floor: 0.05, tol: 1e-10, accept: codim2.bt },
    { kind: 'CP', floor: 0.05, tol: 1e-10, accept: codim2.cp },
    codim2.zh,
  ];
  /** Solves the bordered system at u (J left in jac); false when it is singular. */
  const bordered = (u: Float64Array, withLeft: boolean): boolean => {
    cm.load(u);
    model.jacobian(u, cm.p, jac);
    return bs.solve(jac, withLeft);
  };
  return {
    n,
    dim,
    otherIndex: n,
    paramIndex: n + 1,
    paramName: model.paramNames[iQ],
    tests,
    evaluateTests(point, out) {
      if (!bordered(point.z, true)) {
        out.fill(NaN);
        return;
      }
      const { v, w } = bs;
      let nv = 0;
      let nw = 0;
      let wv = 0;
      for (let i = 0; i < n; i++) {
        nv += v[i] * v[i];
        nw += w[i] * w[i];
        wv += w[i] * v[i];
      }
      nv = Math.sqrt(nv);
      nw = Math.sqrt(nw);
      jet.bilinear(point.z, cm.p, v, v, bvv);
      let cp = 0;
      for (let i = 0; i < n; i++) cp += w[i] * bvv[i];
      out[0] = wv / (nv * nw);
      out[1] = cp / (nw * nv * nv);
      out[2] = codim2.evaluate(jac);
    },
    residual(u, out) {
      cm.load(u);
      model.rhs(u, cm.p, out);
      out[n] = bordered(u, false) ? bs.g[0] : NaN;
    },
    jacobian(u, out) {
      cm.load(u);
      stateRows(cm, u, dim, out, jac, dfdp);
      const r = n * dim;
      if (!bs.solve(jac, true)) {
        for (let j = 0; j < dim; j++) out[r + j] = NaN;
        return;
      }
      jet.jacobianAlong(u, cm.p, bs.v, along);
      leftTimes(bs.w, 0, along, n, row);
      for (let k = 0; k < n; k++) out[r + k] = -row[k];
      cm.jacP(u, cm.p, jp);
      out[r + n] = -bilinearForm(bs.w, 0, jp, bs.v, 0, n);
      cm.jacQ(u, cm.p, jp);
      out[r + n + 1] = -bilinearForm(bs.w, 0, jp, bs.v, 0, n);
    },
    init(u) {
      // Generic borders, then two refreshes: v, w converge to the null vectors (inverse iteration).
      for (let it = 0; it < 3; it++) if (!bordered(u, true) || !bs.refresh()) return false;
      return bordered(u, true);
    },
    accept(u) {
      return bordered(u, true) && bs.refresh();
    },
    testValue(u) {
      return bordered(u, false) ? bs.g[0] : NaN;
    },
  };
}
