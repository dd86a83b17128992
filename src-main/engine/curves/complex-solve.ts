/**
 * Complex vectors and the complex linear systems of normal-form computations at located
 * codimension-two points (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed., section 8.7;
 * Kuznetsov, SIAM J. Numer. Anal. 36 (1999) 1104–1124): systems with i sigma I - J (or its
 * transpose), solved in real form of twice the size, optionally bordered by one complex column
 * and row (null vectors; solutions of singular systems made unique by a normalisation).
 *
 * These run once per reported point, so they allocate; they never run per point of a curve.
 */
import { cdot, type Cvec } from '../model/jet-complex';
import { DenseLu } from '../continuation/lu';

export { cdot, conj } from '../model/jet-complex';

export const cvec = (n: number): Cvec => ({ re: new Float64Array(n), im: new Float64Array(n) });
export const realVec = (v: Float64Array): Cvec => ({ re: v, im: new Float64Array(v.length) });

/** a * v for complex a = [re, im]. */
export function cscale(v: Cvec, a: [number, number]): Cvec {
  const out = cvec(v.re.length);
  for (let i = 0; i < v.re.length; i++) {
    out.re[i] = a[0] * v.re[i] - a[1] * v.im[i];
    out.im[i] = a[0] * v.im[i] + a[1] * v.re[i];
  }
  return out;
}

/** Sum of c_k v_k for real weights. */
export function ccombine(terms: readonly [number, Cvec][]): Cvec {
  const n = terms[0][1].re.length;
  const out = cvec(n);
  for (const [c, v] of terms) {
    for (let i = 0; i < n; i++) {
      out.re[i] += c * v.re[i];
      out.im[i] += c * v.im[i];
    }
  }
  return out;
}

/** Scales v to unit length in place; false when it is zero or not finite. */
export function unitize(v: Cvec): boolean {
  const norm = Math.sqrt(cdot(v, v)[0]);
  if (!(norm > 0) || !Number.isFinite(norm)) return false;
  for (let i = 0; i < v.re.length; i++) {
    v.re[i] /= norm;
    v.im[i] /= norm;
  }
  return true;
}

/**
 * Solves (i sigma I - M) x = rhs, M = J or J^T (row-major n x n), or with a border
 * [[i sigma I - M, col], [row^H, 0]] [x; s] = [rhs; rhsLast]. Returns x and s, or null when the
 * system is singular.
 */
export function shiftedSolve(
  jac: Float64Array,
  n: number,
  sigma: number,
  rhs: Cvec,
  opts: { transpose?: boolean; col?: Cvec; row?: Cvec; rhsLast?: [number, number] } = {},
): { x: Cvec; s: [number, number] } | null {
  const bordered = opts.col !== undefined && opts.row !== undefined;
  const size = 2 * n + (bordered ? 2 : 0);
  const m = new Float64Array(size * size);
  const entry = (i: number, j: number) => (opts.transpose === true ? jac[j * n + i] : jac[i * n + j]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      m[i * size + j] = -entry(i, j);
      m[(n + i) * size + n + j] = -entry(i, j);
    }
    m[i * size + n + i] = -sigma;
    m[(n + i) * size + i] = sigma;
  }
  const b = new Float64Array(size);
  b.set(rhs.re, 0);
  b.set(rhs.im, n);
  if (bordered) {
    const { col, row } = opts as { col: Cvec; row: Cvec };
    const c = 2 * n;
    for (let i = 0; i < n; i++) {
      // col * s, s = sr + i si.
      m[i * size + c] = col.re[i];
      m[i * size + c + 1] = -col.im[i];
      m[(n + i) * size + c] = col.im[i];
      m[(n + i) * size + c + 1] = col.re[i];
      // row^H x = sum (rr - i ri)(xr + i xi).
      m[c * size + i] = row.re[i];
      m[c * size + n + i] = row.im[i];
      m[(c + 1) * size + i] = -row.im[i];
      m[(c + 1) * size + n + i] = row.re[i];
    }
    b[c] = opts.rhsLast?.[0] ?? 0;
    b[c + 1] = opts.rhsLast?.[1] ?? 0;
  }
  const lu = new DenseLu(size);
  if (!lu.factor(m)) return null;
  const sol = new Float64Array(size);
  lu.solve(b, sol);
  for (let i = 0; i < size; i++) if (!Number.isFinite(sol[i])) return null;
  return { x: { re: sol.slice(0, n), im: sol.slice(n, 2 * n) }, s: bordered ? [sol[2 * n], sol[2 * n + 1]] : [0, 0] };
}

/** Fixed generic complex borders (a sine sequence): transversal to a given null space except on a set of measure zero. */
function genericBorder(n: number, seed: number, real: boolean): Cvec {
  const v = cvec(n);
  for (let i = 0; i < n; i++) {
    v.re[i] = Math.sin(12.9898 * (i + 1) + 78.233 * seed);
    v.im[i] = real ? 0 : Math.sin(39.346 * (i + 1) + 11.135 * seed);
  }
  return v;
}

/**
 * The null vector x of i sigma I - M (M = J, or J^T with `transpose`): the bordered system with
 * generic borders, [[i sigma - M, b], [c^H, 0]] [x; s] = [0; 1] (Govaerts 2000, section 3.4), unit
 * length. For sigma = 0 the borders are real, so x is real. Null when singular.
 */
export function nullVector(jac: Float64Array, n: number, sigma: number, transpose = false): Cvec | null {
  const real = sigma === 0;
  const r = shiftedSolve(jac, n, sigma, cvec(n), {
    transpose,
    col: genericBorder(n, transpose ? 3 : 5, real),
    row: genericBorder(n, transpose ? 7 : 9, real),
    rhsLast: [1, 0],
  });
  if (r === null) return null;
  if (sigma === 0) r.x.im.fill(0);
  return unitize(r.x) ? r.x : null;
}
