/**
 * An independent computation of ik_eta's equilibria and their bifurcations, written out by hand
 * from the model's equations (not through the app's parser, compiler, continuation or eigenvalue
 * code), for checking traced branches.
 *
 * At an equilibrium with r > 0 the last three equations and r' = 0 give s, v and u explicitly in r:
 *   s = tau_s J r,  v = (v_r + v_t + (g s - Delta k^2 / (pi C r)) / k) / 2,  u = b (v - v_r) + d r / a,
 * and v' = 0 leaves one scalar equation G(r) = 0 (G = C v'), which is linear in eta (and I_ext) and
 * quadratic in g. So the equilibrium curve is parametrised by r: eta(r), or the roots g(r) of a quadratic.
 *
 * Stability from the characteristic polynomial lambda^4 + a1 lambda^3 + a2 lambda^2 + a3 lambda + a4
 * of the analytic Jacobian (Faddeev-LeVerrier): a fold has a4 = det(-J) = 0; a Hopf point has the
 * Hurwitz determinant H3 = a1 a2 a3 - a3^2 - a1^2 a4 = 0 with omega^2 = a3 / a1 > 0 (with a3 / a1 < 0
 * it is a neutral saddle, not a bifurcation). Asymptotically stable iff all a_i > 0 and
 * H2 = a1 a2 - a3 > 0 and H3 > 0 (Routh-Hurwitz).
 */

export interface IkEtaParams {
  Delta: number;
  eta: number;
  k: number;
  C: number;
  v_r: number;
  v_t: number;
  g: number;
  E_r: number;
  b: number;
  a: number;
  d: number;
  tau_s: number;
  J: number;
  I_ext: number;
}

/** The seed's defaults of ik_eta (with J = 1, I_ext = 0). */
export const IK_ETA_DEFAULTS: IkEtaParams = {
  Delta: 0.02,
  eta: 0,
  k: 1,
  C: 100,
  v_r: -70,
  v_t: -40,
  g: 0.5,
  E_r: 0,
  b: -0.01,
  a: 0.008,
  d: 10,
  tau_s: 5,
  J: 1,
  I_ext: 0,
};

/** The right-hand side (r', v', u', s'). */
export function ikEtaRhs(x: readonly number[], q: IkEtaParams): number[] {
  const [r, v, u, s] = x;
  const { Delta, eta, k, C, v_r, v_t, g, E_r, b, a, d, tau_s, J, I_ext } = q;
  return [
    ((Delta * k * k) / (Math.PI * C) + r * (k * (2 * v - v_r - v_t) - g * s)) / C,
    (k * v * (v - v_r - v_t) + k * v_r * v_t + I_ext + eta - u + g * s * (E_r - v) - (Math.PI * C * r) ** 2 / k) / C,
    a * (b * (v - v_r) - u) + d * r,
    -s / tau_s + J * r,
  ];
}

/** The equilibrium state at rate r > 0 (s, v, u from the other three equations). */
export function stateAt(r: number, q: IkEtaParams): number[] {
  const s = q.tau_s * q.J * r;
  const v = (q.v_r + q.v_t + (q.g * s - (q.Delta * q.k * q.k) / (Math.PI * q.C * r)) / q.k) / 2;
  const u = q.b * (v - q.v_r) + (q.d * r) / q.a;
  return [r, v, u, s];
}

/** eta on the equilibrium curve at rate r (v' = 0 solved for eta). */
export function etaAt(r: number, q: IkEtaParams): number {
  const [, v, u, s] = stateAt(r, { ...q, eta: 0 });
  const { k, v_r, v_t, g, E_r, C, I_ext } = q;
  return -(k * v * (v - v_r - v_t) + k * v_r * v_t + I_ext - u + g * s * (E_r - v) - (Math.PI * C * r) ** 2 / k);
}

/**
 * The values of g (0, 1 or 2, ascending) for which rate r > 0 is an equilibrium: G(r; g) is a
 * quadratic in g, its coefficients found exactly from three evaluations.
 */
export function gAt(r: number, q: IkEtaParams): number[] {
  const G = (g: number) => {
    const qq = { ...q, g };
    return ikEtaRhs(stateAt(r, qq), qq)[1] * q.C;
  };
  const g0 = G(0);
  const gp = G(1);
  const gm = G(-1);
  const A = (gp + gm) / 2 - g0;
  const B = (gp - gm) / 2;
  if (A === 0) return B === 0 ? [] : [-g0 / B];
  const disc = B * B - 4 * A * g0;
  if (disc < 0) return [];
  const sq = Math.sqrt(disc);
  // The numerically stable pair of roots.
  const t = -(B + Math.sign(B || 1) * sq) / 2;
  return [t / A, g0 / t].sort((x, y) => x - y);
}

/** The analytic Jacobian at x, row-major 4 x 4. */
export function jacobian(x: readonly number[], q: IkEtaParams): number[][] {
  const [r, v, , s] = x;
  const { k, C, v_r, v_t, g, E_r, b, a, d, tau_s, J } = q;
  const diag = (k * (2 * v - v_r - v_t) - g * s) / C;
  return [
    [diag, (2 * k * r) / C, 0, (-g * r) / C],
    [(-2 * (Math.PI * C) ** 2 * r) / (k * C), diag, -1 / C, (g * (E_r - v)) / C],
    [d, a * b, -a, 0],
    [J, 0, 0, -1 / tau_s],
  ];
}

/** [a1, a2, a3, a4] of det(lambda I - A) = lambda^4 + a1 lambda^3 + ... + a4 (Faddeev-LeVerrier). */
export function charPoly(A: number[][]): number[] {
  const n = A.length;
  // M_1 = I; c_m = -tr(A M_m) / m; M_{m+1} = A M_m + c_m I.
  let M: number[][] = A.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
  const c: number[] = [];
  for (let m = 1; m <= n; m++) {
    const AM = A.map((row) => M[0].map((_, j) => row.reduce((acc, aik, kk) => acc + aik * M[kk][j], 0)));
    const cm = -AM.reduce((acc, row, i) => acc + row[i], 0) / m;
    c.push(cm);
    M = AM.map((row, i) => row.map((x, j) => x + (i === j ? cm : 0)));
  }
  return c;
}

export interface Indicators {
  /** det(-J): zero at a fold. */
  fold: number;
  /** Hurwitz H3: zero at a Hopf point (or a neutral saddle). */
  hopf: number;
  /** a3 / a1: omega^2 at a Hopf point. */
  omega2: number;
  stable: boolean;
}

export function indicators(x: readonly number[], q: IkEtaParams): Indicators {
  const [a1, a2, a3, a4] = charPoly(jacobian(x, q));
  const h3 = a1 * a2 * a3 - a3 * a3 - a1 * a1 * a4;
  return { fold: a4, hopf: h3, omega2: a3 / a1, stable: a1 > 0 && a2 > 0 && a3 > 0 && a4 > 0 && a1 * a2 - a3 > 0 && h3 > 0 };
}

export interface CurvePoint {
  r: number;
  p: number;
  x: number[];
}

export interface CurveSpecial {
  type: 'LP' | 'HB';
  p: number;
  x: number[];
  omega?: number;
}

/** Bisection of a sign change of f between lo and hi (either order) to the last bits of r. */
function bisect(f: (r: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let i = 0; i < 200 && Math.abs(hi - lo) > 1e-15 * Math.abs(hi); i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Folds and Hopf points on the piece of the curve r -> (p(r), x(r)) over [rLo, rHi], found as sign
 * changes of the indicators on a geometric grid of `n` rates and bisected in r. `param` is the
 * curve's parameter (for the state at r: q with that parameter set to p(r)).
 */
export function specialPoints(p: (r: number) => number, param: keyof IkEtaParams, q: IkEtaParams, rLo: number, rHi: number, n = 20000): CurveSpecial[] {
  const at = (r: number) => {
    const qq = { ...q, [param]: p(r) };
    return { qq, x: stateAt(r, qq) };
  };
  const ind = (r: number) => {
    const { qq, x } = at(r);
    return indicators(x, qq);
  };
  const out: CurveSpecial[] = [];
  const ratio = Math.pow(rHi / rLo, 1 / n);
  let r0 = rLo;
  let i0 = ind(r0);
  for (let i = 1; i <= n; i++) {
    const r1 = i === n ? rHi : rLo * Math.pow(ratio, i);
    const i1 = ind(r1);
    if (Math.sign(i0.fold) !== Math.sign(i1.fold)) {
      const r = bisect((rr) => ind(rr).fold, r0, r1);
      out.push({ type: 'LP', p: p(r), x: at(r).x });
    }
    if (Math.sign(i0.hopf) !== Math.sign(i1.hopf)) {
      const r = bisect((rr) => ind(rr).hopf, r0, r1);
      const w2 = ind(r).omega2;
      if (w2 > 0) out.push({ type: 'HB', p: p(r), x: at(r).x, omega: Math.sqrt(w2) });
    }
    r0 = r1;
    i0 = i1;
  }
  return out;
}

/**
 * The piece of the curve r -> p(r) through rStart that stays within `bounds` (where a continuation
 * in p from the equilibrium at rStart ends): scanned outwards from rStart in steps of 0.05% of r,
 * each end bisected to where p(r) meets the bound. Throws when p(r) stops being defined (the piece
 * would continue on another root family) before it leaves the bounds.
 */
export function pieceWithin(p: (r: number) => number | undefined, rStart: number, bounds: [number, number]): [number, number] {
  const inside = (r: number) => {
    const v = p(r);
    if (v === undefined || !Number.isFinite(v)) throw new Error(`the curve is not defined at r = ${r}`);
    return v >= bounds[0] && v <= bounds[1];
  };
  const end = (factor: number): number => {
    let r = rStart;
    for (let i = 0; i < 200000; i++) {
      const next = r * factor;
      if (!inside(next)) return bisect((rr) => (inside(rr) ? 1 : -1), r, next);
      r = next;
    }
    throw new Error('the piece does not leave the bounds');
  };
  return [end(1 / 1.0005), end(1.0005)];
}
