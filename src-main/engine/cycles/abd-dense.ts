/**
 * The bordered almost-block-diagonal system of ./abd-factor.ts written out as a dense matrix, for
 * checks on small meshes (the solver itself never forms it).
 */
import type { AbdSolver } from './abd-factor';

/**
 * The first N - 1 rows (collocation, periodicity, phase condition) of the matrix whose blocks, boundary
 * coefficients and dense rows `s` holds (assembled, not yet factored), row-major N x N into out.
 */
export function denseMatrix(s: AbdSolver, out: Float64Array): void {
  const { n, ntst, ncol, nu, dim, blocks, nc, ni, w, dense } = s;
  out.fill(0, 0, (dim - 1) * dim);
  for (let j = 0; j < ntst; j++) {
    for (let r = 0; r < nc; r++) {
      const row = (j * nc + r) * dim;
      for (let q = 0; q < w; q++) {
        let g: number;
        if (q < ni) g = (j * ncol + 1) * n + q;
        else if (q < ni + n) g = j * ncol * n + (q - ni);
        else if (q < ni + 2 * n) g = (j + 1) * ncol * n + (q - ni - n);
        else g = nu + (q - ni - 2 * n);
        out[row + g] = blocks[j * nc * w + r * w + q];
      }
    }
  }
  const last = nu - n;
  for (let i = 0; i < n; i++) {
    out[(last + i) * dim + i] = s.per0;
    out[(last + i) * dim + last + i] = s.perL;
  }
  for (let q = 0; q < dim; q++) out[nu * dim + q] = dense[q];
}
