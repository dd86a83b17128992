/**
 * The codimension-two test functions of fold and Hopf curves beyond the fold curve's BT and CP
 * (./fold-problem.ts), and what is reported with each located point (normal-form coefficients:
 * ./normal-forms.ts, ./bautin.ts). Every test is a scalar test of the generic core
 * (../continuation/problem.ts), detected by sign changes and located along the curve by
 * ../continuation/detect.ts; its `accept` decides at the located point whether it is a special
 * point of its kind and returns the numbers reported with it.
 *
 * Hopf curves (u = (x, P, Q, kappa), kappa = omega^2; Kuznetsov, Elements of Applied Bifurcation
 * Theory, 3rd ed., sections 8.2–8.6 and 10.2.2; MatCont's Hopf curve tests, Dhooge, Govaerts &
 * Kuznetsov, ACM TOMS 29 (2003)):
 * - BT: kappa / s^2 (s the size of J, ./spectrum-tests.ts), zero where the pair +-i omega meets 0;
 * - GH: l1 over the size of its terms (./curve-lyapunov.ts), only where kappa > 0;
 * - ZH: the product of the remaining eigenvalues (det J / kappa), only where kappa > 0;
 * - HH: the bialternate product of the remaining eigenvalues, only where kappa > 0, reported only
 *   where the pair with zero sum is complex (a second pair +-i omega2, not a neutral saddle).
 * For n <= 4 these two need no eigenvalues: det J / kappa from the LU of J the GH test factors
 * anyway, and with two remaining eigenvalues their one sum is trace J (scaled by the size of J).
 * Fold curves: ZH, the bialternate product of the eigenvalues other than the zero one, reported
 * only where the pair with zero sum is complex.
 */
import type { ScalarTest, TracedPoint } from '../continuation/problem';
import { lyapunovCoefficients } from './bautin';
import type { CurveModel } from './curve-problem';
import { CurveLyapunov } from './curve-lyapunov';
import { PointJet, bogdanovTakens, cusp, doubleHopf, zeroHopf } from './normal-forms';
import { RemainingSpectrum } from './spectrum-tests';

/** A located GH point is one where |GH test| is at most this (else l1 passed through a pole). */
const GH_ZERO = 1e-6;

/** Floor of the dimensionless tests (as the fold curve's BT and CP). */
const FLOOR = 0.05;
const TOL = 1e-10;

/** The Jacobian and the jet at a located point (allocating: once per reported point). */
function atPoint(cm: CurveModel, u: Float64Array): { jac: Float64Array; pj: PointJet } {
  cm.load(u);
  const jac = new Float64Array(cm.n * cm.n);
  cm.model.jacobian(u, cm.p, jac);
  return { jac, pj: new PointJet(cm.jet, u.slice(0, cm.n), Float64Array.from(cm.p)) };
}

/** Numbers of a located point, or {} when the coefficients cannot be computed there. */
const orEmpty = (r: Record<string, number> | null): Record<string, number> => r ?? {};

/** The fold curve's tests after BT and CP: ZH. `coefficients` for BT and CP too. */
export function foldCodim2(cm: CurveModel): {
  zh: ScalarTest;
  bt(point: TracedPoint): Record<string, number>;
  cp(point: TracedPoint): Record<string, number>;
  evaluate(jac: Float64Array): number;
} {
  const spectrum = new RemainingSpectrum(cm.n);
  return {
    zh: {
      kind: 'ZH',
      floor: FLOOR,
      tol: TOL,
      accept(point) {
        const { jac, pj } = atPoint(cm, point.z);
        if (!spectrum.compute(jac, null)) return null;
        const omega = spectrum.pairAtZeroSum();
        if (!(omega > 0)) return null;
        return zeroHopf(pj, jac, omega) ?? { omega };
      },
    },
    bt(point) {
      const { jac, pj } = atPoint(cm, point.z);
      return orEmpty(bogdanovTakens(pj, jac));
    },
    cp(point) {
      const { jac, pj } = atPoint(cm, point.z);
      return orEmpty(cusp(pj, jac));
    },
    evaluate(jac) {
      return spectrum.compute(jac, null) ? spectrum.bialternate() : NaN;
    },
  };
}

/**
 * The Hopf curve's tests [BT, GH, ZH, HH] and their evaluation (allocation-free). `nullVectors`
 * writes J at u into jac and returns the Hopf curve's right and left null vectors of J^2 + kappa I
 * there (first columns used), or null when its bordered system is singular.
 */
export function hopfCodim2(
  cm: CurveModel,
  nullVectors: (u: Float64Array, jac: Float64Array) => { v: Float64Array; w: Float64Array } | null,
): {
  tests: ScalarTest[];
  /** out[0..3] at u with Jacobian jac, v and w (column 0) from the bordered solve at u. */
  evaluate(u: Float64Array, jac: Float64Array, v: Float64Array, w: Float64Array, out: Float64Array): void;
} {
  const { n } = cm;
  const spectrum = new RemainingSpectrum(n);
  const lyap = new CurveLyapunov(cm.jet, n);
  const omegaOf = (u: Float64Array): number => Math.sqrt(u[n + 2]);
  const ghJac = new Float64Array(n * n);
  /** The GH test at u, with the Hopf curve's null vectors there. */
  const ghValue = (u: Float64Array): number => {
    const vecs = nullVectors(u, ghJac);
    if (vecs === null) return NaN;
    cm.load(u);
    return lyap.evaluate(u, cm.p, ghJac, u[n + 2], vecs.v, 0, vecs.w, 0);
  };
  const tests: ScalarTest[] = [
    {
      kind: 'BT',
      floor: FLOOR,
      tol: TOL,
      accept(point) {
        const { jac, pj } = atPoint(cm, point.z);
        return orEmpty(bogdanovTakens(pj, jac));
      },
    },
    {
      kind: 'GH',
      floor: FLOOR,
      tol: TOL,
      accept(point) {
        if (!(point.z[n + 2] > 0)) return null;
        const { jac, pj } = atPoint(cm, point.z);
        // A sign change through a pole of l1 (at a zero-Hopf point) leaves the value near +-1.
        if (!(Math.abs(ghValue(point.z)) <= GH_ZERO)) return null;
        const r = lyapunovCoefficients(pj, jac, omegaOf(point.z));
        return orEmpty(r === null ? null : { l2: r.l2 });
      },
    },
    {
      kind: 'ZH',
      floor: FLOOR,
      tol: TOL,
      accept(point) {
        if (!(point.z[n + 2] > 0)) return null;
        const { jac, pj } = atPoint(cm, point.z);
        return orEmpty(zeroHopf(pj, jac, omegaOf(point.z)));
      },
    },
    {
      kind: 'HH',
      floor: FLOOR,
      tol: TOL,
      accept(point) {
        if (!(point.z[n + 2] > 0)) return null;
        const { jac, pj } = atPoint(cm, point.z);
        const omega = omegaOf(point.z);
        if (!spectrum.compute(jac, omega)) return null;
        const omega2 = spectrum.pairAtZeroSum();
        if (!(omega2 > 0)) return null;
        return doubleHopf(pj, jac, omega, omega2) ?? { omega1: omega, omega2 };
      },
    },
  ];
  return {
    tests,
    evaluate(u, jac, v, w, out) {
      const kappa = u[n + 2];
      let norm = 0;
      for (let i = 0; i < n * n; i++) norm += jac[i] * jac[i];
      out[0] = kappa / (norm / n || 1);
      if (!(kappa > 0)) {
        out[1] = out[2] = out[3] = NaN;
        return;
      }
      cm.load(u);
      out[1] = lyap.evaluate(u, cm.p, jac, kappa, v, 0, w, 0);
      if (n <= 4) {
        // Without eigenvalues: the remaining product is det J / kappa, and the one remaining sum
        // (n = 4) is the trace (the critical pair sums to 0).
        const scale = Math.sqrt(norm / n) || 1;
        out[2] = lyap.detJ / (kappa * scale ** (n - 2));
        let trace = 0;
        for (let i = 0; i < n; i++) trace += jac[i * n + i];
        out[3] = n === 4 ? trace / scale : 1;
      } else if (spectrum.compute(jac, Math.sqrt(kappa))) {
        out[2] = spectrum.product();
        out[3] = spectrum.bialternate();
      } else out[2] = out[3] = NaN;
    },
  };
}
