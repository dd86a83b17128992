/**
 * Solving with the factorisation of the bordered almost-block-diagonal collocation system
 * (./abd-factor.ts): the eliminations of the factorisation replayed on a right-hand side, then back
 * substitution (Ascher, Mattheij & Russell, "Numerical Solution of Boundary Value Problems for
 * ODEs" (1995), ch. 7). Allocation-free; O(NTST n^2 NCOL^2) per solve.
 */
import type { AbdSolver } from './abd-factor';

/** out = M^-1 rhs with the last factorisation of s (rhs in residual order: collocation, boundary, phase, border). */
export function abdSolve(s: AbdSolver, rhs: Float64Array, out: Float64Array): void {
  // One function per pass, each with its own loop: the compiler optimises each once it has run it.
  s.x.set(rhs);
  condenseForward(s);
  reduceForward(s);
  solveFinal(s, out);
  reduceBackward(s, out);
  condenseBackward(s, out);
}

/** 1. Condensation, forward: the interior rows' eliminations on x (and on the dense rows' entries x[nu], x[nu + 1]). */
function condenseForward(s: AbdSolver): void {
  const { ntst, nc, ni, w, blocks, dense, dim, nu, piv, x, colMap } = s;
  for (let j = 0; j < ntst; j++) {
    const b0 = j * nc * w;
    const r0 = j * nc;
    for (let k = 0; k < ni; k++) {
      const p = piv[j * ni + k];
      if (p !== k) {
        const t = x[r0 + k];
        x[r0 + k] = x[r0 + p];
        x[r0 + p] = t;
      }
    }
    for (let k = 0; k < ni; k++) {
      const v = x[r0 + k];
      if (v !== 0) for (let r = k + 1; r < nc; r++) x[r0 + r] -= blocks[b0 + r * w + k] * v;
      x[nu] -= dense[colMap[j * w + k]] * v;
      x[nu + 1] -= dense[dim + colMap[j * w + k]] * v;
    }
  }
}

/** 2. Reduction, forward: the carried right-hand side is kept in finRhs[0..n), the pivot rows' values in redRhs. */
function reduceForward(s: AbdSolver): void {
  const { n, ntst, nc, ni, dense, dim, nu, red, redPiv, redRhs, sw, x, finRhs, finX, redMap } = s;
  for (let r = 0; r < n; r++) finRhs[r] = x[ni + r];
  for (let j = 1; j < ntst; j++) {
    const s0 = (j - 1) * 2 * n * sw;
    const stack = finX;
    for (let r = 0; r < n; r++) {
      stack[r] = finRhs[r];
      stack[n + r] = x[j * nc + ni + r];
    }
    for (let k = 0; k < n; k++) {
      const p = redPiv[(j - 1) * n + k];
      if (p !== k) {
        const t = stack[k];
        stack[k] = stack[p];
        stack[p] = t;
      }
    }
    for (let k = 0; k < n; k++) {
      const c = n + k;
      const v = stack[k];
      for (let r = k + 1; r < 2 * n; r++) stack[r] -= red[s0 + r * sw + c] * v;
      x[nu] -= dense[redMap[j * sw + c]] * v;
      x[nu + 1] -= dense[dim + redMap[j * sw + c]] * v;
      redRhs[(j - 1) * n + k] = v;
    }
    for (let r = 0; r < n; r++) finRhs[r] = stack[n + r];
  }
}

/** 3. The final system: X_0, X_NTST, T and lambda into out. */
function solveFinal(s: AbdSolver, out: Float64Array): void {
  const { n, nu, x, finRhs, finX } = s;
  const last = nu - n;
  for (let r = 0; r < n; r++) finRhs[n + r] = x[last + r];
  finRhs[2 * n] = x[nu];
  finRhs[2 * n + 1] = x[nu + 1];
  s.finLu.solve(finRhs, finX);
  for (let q = 0; q < n; q++) {
    out[q] = finX[q];
    out[last + q] = finX[n + q];
  }
  out[nu] = finX[2 * n];
  out[nu + 1] = finX[2 * n + 1];
}

/** 2'. Reduction, backward: X_j from the pivot rows of step j (columns X_0, X_j, X_{j+1}, T, lambda; see AbdSolver.redCol). */
function reduceBackward(s: AbdSolver, out: Float64Array): void {
  const { n, ntst, ncol, nu, red, redRhs, sw } = s;
  const tT = out[nu];
  const tL = out[nu + 1];
  for (let j = ntst - 1; j >= 1; j--) {
    const s0 = (j - 1) * 2 * n * sw;
    const xj = j * ncol * n;
    const xk = xj + ncol * n;
    for (let k = n - 1; k >= 0; k--) {
      const row = s0 + k * sw;
      let v = redRhs[(j - 1) * n + k] - red[row + 3 * n] * tT - red[row + 3 * n + 1] * tL;
      for (let q = 0; q < n; q++) v -= red[row + q] * out[q] + red[row + 2 * n + q] * out[xk + q];
      for (let q = k + 1; q < n; q++) v -= red[row + n + q] * out[xj + q];
      out[xj + k] = v / red[row + n + k];
    }
  }
}

/**
 * 1'. Condensation, backward: the interior values of each interval. Its values are contiguous in
 * z (left end, interior, right end; see AbdSolver.col), so block column q < ni is z[base + n + q].
 */
function condenseBackward(s: AbdSolver, out: Float64Array): void {
  const { n, ntst, ncol, nc, ni, w, blocks, nu, x } = s;
  const tT = out[nu];
  const tL = out[nu + 1];
  for (let j = 0; j < ntst; j++) {
    const b0 = j * nc * w;
    const r0 = j * nc;
    const base = j * ncol * n;
    for (let k = ni - 1; k >= 0; k--) {
      const rk = b0 + k * w;
      let v = x[r0 + k] - blocks[rk + ni + 2 * n] * tT - blocks[rk + ni + 2 * n + 1] * tL;
      for (let l = 0; l < n; l++) v -= blocks[rk + ni + l] * out[base + l] + blocks[rk + ni + n + l] * out[base + n + ni + l];
      for (let q = k + 1; q < ni; q++) v -= blocks[rk + q] * out[base + n + q];
      out[base + n + k] = v / blocks[rk + k];
    }
  }
}
