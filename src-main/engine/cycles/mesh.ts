/**
 * Mesh adaptation of collocation: equidistribution of an error monitor over the mesh intervals, as
 * AUTO-07p's adaptive mesh (Russell & Christiansen, "Adaptive mesh selection strategies for
 * solving boundary value problems", SIAM J. Numer. Anal. 15 (1978); de Boor, "Good approximation
 * by splines with variable knots II", 1974): the local error of degree-NCOL collocation behaves
 * like h^(NCOL+1) |u^(NCOL+1)|, so the mesh is chosen to make h_j |u^(NCOL+1)|^(1/(NCOL+1)) equal
 * on every interval (mixed with a uniform mesh, see DENSITY_FLOOR). u^(NCOL) is the NCOL-th difference of an interval's NCOL + 1 values, and
 * u^(NCOL+1) the difference of that between neighbouring intervals (periodic: the last interval's
 * neighbour is the first). Both the solution and the tangent are then moved to the new mesh by
 * evaluating their collocation polynomials (./collocation.ts lagrange).
 */
import { lagrange } from './collocation';

/**
 * This multiple of the monitor's mean is added to it: about half the intervals are spread uniformly.
 * Pure equidistribution widens the intervals of slow phases, where the linearised flow (the Floquet
 * multipliers) can still be fast; on the cycles of ik_nodim near their fold the trivial multiplier
 * was 100 times less accurate with it than with this mix, at the same NTST.
 */
const DENSITY_FLOOR = 1;

/** binomial(m, k) */
function binomial(m: number, k: number): number {
  let b = 1;
  for (let i = 1; i <= k; i++) b = (b * (m - k + i)) / i;
  return b;
}

/**
 * The equidistributing mesh (ntst + 1 values from 0 to 1) for the orbit u (physical values at the
 * mesh values of mesh tm, n states). Returns null when the monitor is zero or not finite (a constant
 * orbit): the mesh is then left as it is.
 */
export function adaptedMesh(tm: Float64Array, u: Float64Array, n: number, ncol: number): Float64Array | null {
  const ntst = tm.length - 1;
  const d = new Float64Array(ntst * n);
  for (let j = 0; j < ntst; j++) {
    const h = tm[j + 1] - tm[j];
    const scale = (ncol / h) ** ncol;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k <= ncol; k++) s += ((ncol - k) % 2 === 0 ? 1 : -1) * binomial(ncol, k) * u[(j * ncol + k) * n + i];
      d[j * n + i] = s * scale;
    }
  }
  const rho = new Float64Array(ntst);
  let mean = 0;
  for (let j = 0; j < ntst; j++) {
    const jm = (j + ntst - 1) % ntst;
    const jp = (j + 1) % ntst;
    const mid = (q: number) => 0.5 * (tm[q] + tm[q + 1]);
    let span = mid(jp) - mid(jm);
    if (span <= 0) span += 1;
    let e = 0;
    for (let i = 0; i < n; i++) e += Math.abs(d[jp * n + i] - d[jm * n + i]) / span;
    rho[j] = e ** (1 / (ncol + 1));
    mean += rho[j] * (tm[j + 1] - tm[j]);
  }
  if (!(mean > 0) || !Number.isFinite(mean)) return null;
  const floor = DENSITY_FLOOR * mean;
  // (rho + floor) h summed: the equidistributed density.
  const cum = new Float64Array(ntst + 1);
  for (let j = 0; j < ntst; j++) cum[j + 1] = cum[j] + (rho[j] + floor) * (tm[j + 1] - tm[j]);
  const total = cum[ntst];
  const out = new Float64Array(ntst + 1);
  let j = 0;
  for (let k = 1; k < ntst; k++) {
    const target = (k * total) / ntst;
    while (j < ntst - 1 && cum[j + 1] < target) j++;
    const frac = (target - cum[j]) / (cum[j + 1] - cum[j]);
    out[k] = tm[j] + frac * (tm[j + 1] - tm[j]);
  }
  out[ntst] = 1;
  return out;
}

/** Values (n per mesh value) of the piecewise polynomial v on mesh `from`, evaluated at the mesh values of mesh `to`, into out. */
export function interpolate(from: Float64Array, v: Float64Array, to: Float64Array, n: number, ncol: number, out: Float64Array): void {
  const ntst = from.length - 1;
  let i = 0;
  for (let j = 0; j < to.length - 1; j++) {
    const h = to[j + 1] - to[j];
    for (let k = 0; k < ncol || (j === to.length - 2 && k === ncol); k++) {
      const t = to[j] + (k / ncol) * h;
      while (i < ntst - 1 && from[i + 1] <= t) i++;
      const s = (t - from[i]) / (from[i + 1] - from[i]);
      const m = j * ncol + k;
      for (let q = 0; q < n; q++) out[m * n + q] = 0;
      for (let kk = 0; kk <= ncol; kk++) {
        const b = lagrange(ncol, kk, s);
        for (let q = 0; q < n; q++) out[m * n + q] += b * v[(i * ncol + kk) * n + q];
      }
    }
  }
}
