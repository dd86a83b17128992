/**
 * The bordered almost-block-diagonal linear system of periodic orbits by collocation, solved
 * without ever forming it: the structure of AUTO-07p's solver (Doedel, Keller & Kernevez,
 * "Numerical analysis and control of bifurcation problems (II)", Int. J. Bifurcation and Chaos 1
 * (1991), section 8; Ascher, Mattheij & Russell, "Numerical Solution of Boundary Value Problems for
 * ODEs" (1995), ch. 7 on condensation and block elimination), written for one thread.
 *
 * Unknowns (z order): the n states at the mesh values m = 0..L (L = NTST NCOL; mesh value m of
 * interval j is m = j NCOL + k, k = 0..NCOL, neighbours share their end value), then two scalars
 * (the period and the parameter). Rows: NCOL n collocation rows per interval, touching only that
 * interval's NCOL + 1 values and the two scalars (a block, filled by the caller), n boundary rows
 * per0 u_0 + perL u_L (periodicity), and two dense rows (phase condition and border), also filled
 * by the caller.
 *
 * factor():
 * 1. condensation: in each block, the n (NCOL - 1) interior values are eliminated by Gaussian
 *    elimination with partial pivoting over the block's rows, leaving n rows in the interval's two
 *    end values and the scalars;
 * 2. reduction: the end values X_1 .. X_{NTST-1} are eliminated one after another (2n stacked rows,
 *    partial pivoting), leaving n rows P0 X_0 + P1 X_NTST + G (T, lambda);
 * 3. the dense rows are cleared of the eliminated columns with the pivots of steps 1 and 2 (after
 *    the blocks, so a factorisation without them, for P0 and P1 alone, skips the work), then the
 *    final (2n + 2) system [P0 P1 G; boundary rows; dense rows] is factored by dense LU.
 * P0 and P1 are kept: the variational equation over one period gives P0 X_0 + P1 X_NTST = 0, hence
 * the monodromy matrix (./floquet.ts). solve() (./abd-solve.ts) replays the eliminations on a
 * right-hand side and back-substitutes. The determinant is the product of all pivots (kept as log and sign).
 * Allocation-free after construction. Costs O(NTST n^3 NCOL^3) per factor.
 */
import { DenseLu } from '../continuation/lu';
import { abdSolve } from './abd-solve';

export class AbdSolver {
  /** Rows per block (n NCOL), interior unknowns per block (n (NCOL - 1)), columns per block. */
  readonly nc: number;
  readonly ni: number;
  readonly w: number;
  /** n (L + 1): the state unknowns; dim = nu + 2. */
  readonly nu: number;
  readonly dim: number;
  /**
   * Blocks, block j at j nc w: row r, column q. Columns: interior values (k = 1..NCOL-1, n each),
   * the left end value (n), the right end value (n), T, lambda.
   */
  readonly blocks: Float64Array;
  /** Dense rows (phase, then border), dim entries each. */
  readonly dense: Float64Array;
  /** Coefficients of the boundary rows: per0 * z[i] + perL * z[n L + i]. */
  per0 = 1;
  perL = -1;
  /** After factor: log |det| and its sign. */
  logDet = 0;
  detSign = 1;
  /** After factor: P0 and P1 (n x n each, row-major), the coefficients of X_0 and X_NTST. */
  readonly p0: Float64Array;
  readonly p1: Float64Array;

  // The factors and work arrays from here on are also read by ./abd-solve.ts.
  /** Global z index of block column q of interval j at j w + q; of stacked column q at reduction step j at j sw + q. */
  readonly colMap: Int32Array;
  readonly redMap: Int32Array;
  readonly piv: Int32Array;
  readonly red: Float64Array;
  readonly redPiv: Int32Array;
  readonly redRhs: Float64Array;
  /** The carried rows during reduction: n x (3n + 2), columns X_0, X_j, T, lambda (X_j in the middle). */
  private readonly carry: Float64Array;
  private readonly fin: Float64Array;
  readonly finLu: DenseLu;
  readonly finRhs: Float64Array;
  readonly finX: Float64Array;
  readonly x: Float64Array;
  readonly sw: number;
  /** Running product of pivot sizes not yet folded into logDet, and the dense rows of one block during condensation. */
  private detScale = 1;
  /** The determinant's state after steps 1 and 2 of the last factor (logDet, detScale, detSign), which refinish starts from; blocksFactored while valid. */
  private blockLogDet = 0;
  private blockScale = 1;
  private blockSign = 1;
  private blocksFactored = false;
  private readonly dloc: Float64Array;

  constructor(
    readonly n: number,
    readonly ntst: number,
    readonly ncol: number,
  ) {
    this.nc = n * ncol;
    this.ni = n * (ncol - 1);
    this.w = this.ni + 2 * n + 2;
    this.nu = n * (ntst * ncol + 1);
    this.dim = this.nu + 2;
    this.blocks = new Float64Array(ntst * this.nc * this.w);
    this.dense = new Float64Array(2 * this.dim);
    this.piv = new Int32Array(ntst * this.ni);
    this.sw = 3 * n + 2;
    this.red = new Float64Array(Math.max(ntst - 1, 1) * 2 * n * this.sw);
    this.redPiv = new Int32Array(Math.max(ntst - 1, 1) * n);
    this.redRhs = new Float64Array(Math.max(ntst - 1, 1) * n);
    this.carry = new Float64Array(n * this.sw);
    this.p0 = new Float64Array(n * n);
    this.p1 = new Float64Array(n * n);
    const nf = 2 * n + 2;
    this.fin = new Float64Array(nf * nf);
    this.finLu = new DenseLu(nf);
    this.finRhs = new Float64Array(nf);
    this.finX = new Float64Array(nf);
    this.x = new Float64Array(this.dim);
    this.dloc = new Float64Array(2 * this.w);
    this.colMap = new Int32Array(ntst * this.w);
    this.redMap = new Int32Array(ntst * this.sw);
    for (let j = 0; j < ntst; j++) {
      for (let q = 0; q < this.w; q++) this.colMap[j * this.w + q] = this.col(j, q);
      for (let q = 0; q < this.sw; q++) this.redMap[j * this.sw + q] = this.redCol(j, q);
    }
  }

  /** Global z index of block column q of interval j. */
  private col(j: number, q: number): number {
    const { n, ni, ncol, nu } = this;
    if (q < ni) return (j * ncol + 1) * n + q;
    if (q < ni + n) return j * ncol * n + (q - ni);
    if (q < ni + 2 * n) return (j + 1) * ncol * n + (q - ni - n);
    return nu + (q - ni - 2 * n);
  }

  /** Global z index of stacked column q at reduction step j (X_0, X_j, X_{j+1}, T, lambda). */
  private redCol(j: number, q: number): number {
    const { n, ncol, nu } = this;
    if (q < n) return q;
    if (q < 2 * n) return j * ncol * n + (q - n);
    if (q < 3 * n) return (j + 1) * ncol * n + (q - 2 * n);
    return nu + (q - 3 * n);
  }

  /** Multiplies the pivot v into the determinant (kept as logDet + log detScale and detSign); false when v is zero or not finite. */
  private pivot(v: number): boolean {
    if (!(v !== 0) || !Number.isFinite(v)) return false;
    let a = v;
    if (v < 0) {
      this.detSign = -this.detSign;
      a = -v;
    }
    const s = this.detScale * a;
    // One logarithm per ~150 decades instead of one per pivot.
    if (s > 1e150 || s < 1e-150) {
      this.logDet += Math.log(s);
      this.detScale = 1;
    } else this.detScale = s;
    return true;
  }

  /** Folds the running product into logDet (after the last pivot); true. */
  private foldDet(): boolean {
    this.logDet += Math.log(this.detScale);
    this.detScale = 1;
    return true;
  }

  /**
   * Condensation of interval j (step 1 of factor): Gaussian elimination with partial pivoting of
   * its interior columns over its rows. False when a pivot vanishes.
   */
  private condense(j: number): boolean {
    const { nc, ni, w, blocks, piv } = this;
    const b0 = j * nc * w;
    for (let k = 0; k < ni; k++) {
      const pk = b0 + k * w;
      let p = k;
      let best = Math.abs(blocks[pk + k]);
      for (let r = k + 1; r < nc; r++) {
        const v = Math.abs(blocks[b0 + r * w + k]);
        if (v > best) {
          best = v;
          p = r;
        }
      }
      piv[j * ni + k] = p;
      if (p !== k) {
        this.detSign = -this.detSign;
        const pp = b0 + p * w;
        for (let q = 0; q < w; q++) {
          const t = blocks[pk + q];
          blocks[pk + q] = blocks[pp + q];
          blocks[pp + q] = t;
        }
      }
      const d = blocks[pk + k];
      if (!this.pivot(d)) return false;
      const inv = 1 / d;
      // Two rows at a time: each entry of the pivot row is loaded once for both.
      let r = k + 1;
      for (; r + 1 < nc; r += 2) {
        const pr = b0 + r * w;
        const ps = pr + w;
        const f = blocks[pr + k] * inv;
        const g = blocks[ps + k] * inv;
        blocks[pr + k] = f;
        blocks[ps + k] = g;
        for (let q = k + 1; q < w; q++) {
          const u = blocks[pk + q];
          blocks[pr + q] -= f * u;
          blocks[ps + q] -= g * u;
        }
      }
      if (r < nc) {
        const pr = b0 + r * w;
        const f = blocks[pr + k] * inv;
        blocks[pr + k] = f;
        for (let q = k + 1; q < w; q++) blocks[pr + q] -= f * blocks[pk + q];
      }
    }
    return true;
  }

  /** The dense rows' part of interval j's condensation (after condense(j)): gathered into a contiguous scratch row, eliminated, scattered back. */
  private condenseDense(j: number): void {
    const { nc, ni, w, blocks, dense, dim, colMap, dloc } = this;
    const b0 = j * nc * w;
    const cm = j * w;
    for (let q = 0; q < w; q++) {
      const g = colMap[cm + q];
      dloc[q] = dense[g];
      dloc[w + q] = dense[dim + g];
    }
    for (let k = 0; k < ni; k++) {
      const pk = b0 + k * w;
      const d = blocks[pk + k];
      const f0 = dloc[k] / d;
      const f1 = dloc[w + k] / d;
      dloc[k] = f0;
      dloc[w + k] = f1;
      for (let q = k + 1; q < w; q++) {
        const u = blocks[pk + q];
        dloc[q] -= f0 * u;
        dloc[w + q] -= f1 * u;
      }
    }
    for (let q = 0; q < w; q++) {
      const g = colMap[cm + q];
      dense[g] = dloc[q];
      dense[dim + g] = dloc[w + q];
    }
  }

  /** Factorisations so far (for the counters of a trace). */
  factorizations = 0;

  /**
   * Factors the system whose blocks and dense rows the caller filled (both are overwritten). False
   * when singular. With `final` false it stops after the reduction (P0 and P1 are then set; the
   * border does not matter, e.g. at a fold where the border e_lambda makes the full system singular).
   */
  factor(final = true): boolean {
    this.factorizations++;
    this.logDet = 0;
    this.detScale = 1;
    this.detSign = 1;
    this.blocksFactored = false;
    // One method per step, each with its own loop: the compiler optimises each once it has run it.
    if (!this.condenseAll() || !this.reduce()) return false;
    this.blockLogDet = this.logDet;
    this.blockScale = this.detScale;
    this.blockSign = this.detSign;
    this.blocksFactored = true;
    // P0 and P1: the carried rows' coefficients of X_0 and X_NTST.
    const { n, sw, carry, p0, p1 } = this;
    for (let r = 0; r < n; r++) {
      for (let q = 0; q < n; q++) {
        p0[r * n + q] = carry[r * sw + q];
        p1[r * n + q] = carry[r * sw + n + q];
      }
    }
    if (!final) return this.foldDet();
    return this.finish();
  }

  /**
   * Step 3 again, for dense rows the caller filled anew, on the blocks of the last factor: the same
   * result, to the bit, as a factor of the same blocks with these dense rows. False when there is
   * no factorisation of the blocks or the new final system is singular.
   */
  refinish(): boolean {
    if (!this.blocksFactored) return false;
    this.logDet = this.blockLogDet;
    this.detScale = this.blockScale;
    this.detSign = this.blockSign;
    return this.finish();
  }

  /** 1. Condensation of each interval; false when a pivot vanishes. */
  private condenseAll(): boolean {
    for (let j = 0; j < this.ntst; j++) if (!this.condense(j)) return false;
    return true;
  }

  /** 2. Reduction over the intervals (the carry ends as the rows P0 X_0 + P1 X_NTST + G (T, lambda)); false when a pivot vanishes. */
  private reduce(): boolean {
    const { n, ntst, nc, ni, w, blocks, red, redPiv, sw, carry } = this;
    // The carry starts as interval 0's condensed rows.
    carry.fill(0);
    {
      const b0 = ni * w;
      for (let r = 0; r < n; r++) {
        for (let q = 0; q < n; q++) {
          carry[r * sw + q] = blocks[b0 + r * w + ni + q];
          carry[r * sw + n + q] = blocks[b0 + r * w + ni + n + q];
        }
        carry[r * sw + 3 * n] = blocks[b0 + r * w + ni + 2 * n];
        carry[r * sw + 3 * n + 1] = blocks[b0 + r * w + ni + 2 * n + 1];
      }
    }
    for (let j = 1; j < ntst; j++) {
      const s0 = (j - 1) * 2 * n * sw;
      const b0 = (j * nc + ni) * w;
      // Stack: carry (X_0, X_j, -, T, lambda) over block j's condensed rows (-, X_j, X_{j+1}, T, lambda).
      for (let r = 0; r < n; r++) {
        for (let q = 0; q < sw; q++) red[s0 + r * sw + q] = carry[r * sw + q];
        const rr = s0 + (n + r) * sw;
        for (let q = 0; q < n; q++) {
          red[rr + q] = 0;
          red[rr + n + q] = blocks[b0 + r * w + ni + q];
          red[rr + 2 * n + q] = blocks[b0 + r * w + ni + n + q];
        }
        red[rr + 3 * n] = blocks[b0 + r * w + ni + 2 * n];
        red[rr + 3 * n + 1] = blocks[b0 + r * w + ni + 2 * n + 1];
      }
      for (let k = 0; k < n; k++) {
        const c = n + k;
        let p = k;
        let best = Math.abs(red[s0 + k * sw + c]);
        for (let r = k + 1; r < 2 * n; r++) {
          const v = Math.abs(red[s0 + r * sw + c]);
          if (v > best) {
            best = v;
            p = r;
          }
        }
        redPiv[(j - 1) * n + k] = p;
        if (p !== k) {
          this.detSign = -this.detSign;
          for (let q = 0; q < sw; q++) {
            const t = red[s0 + k * sw + q];
            red[s0 + k * sw + q] = red[s0 + p * sw + q];
            red[s0 + p * sw + q] = t;
          }
        }
        const d = red[s0 + k * sw + c];
        if (!this.pivot(d)) return false;
        const pk = s0 + k * sw;
        for (let r = k + 1; r < 2 * n; r++) {
          const pr = s0 + r * sw;
          const f = (red[pr + c] /= d);
          if (f !== 0) {
            for (let q = 0; q < n; q++) red[pr + q] -= f * red[pk + q];
            for (let q = c + 1; q < sw; q++) red[pr + q] -= f * red[pk + q];
          }
        }
      }
      // The new carry: rows n..2n-1, columns X_0, X_{j+1} (moved to the middle), T, lambda.
      for (let r = 0; r < n; r++) {
        const rr = s0 + (n + r) * sw;
        for (let q = 0; q < n; q++) {
          carry[r * sw + q] = red[rr + q];
          carry[r * sw + n + q] = red[rr + 2 * n + q];
          carry[r * sw + 2 * n + q] = 0;
        }
        carry[r * sw + 3 * n] = red[rr + 3 * n];
        carry[r * sw + 3 * n + 1] = red[rr + 3 * n + 1];
      }
    }
    return true;
  }

  /** The dense rows through the reduction (stacked columns X_0, X_j, X_{j+1}, T, lambda; see redCol), after condenseDense. */
  private reduceDense(): void {
    const { n, ntst, ncol, nu, dense, dim, red, sw } = this;
    for (let j = 1; j < ntst; j++) {
      const s0 = (j - 1) * 2 * n * sw;
      const xj = j * ncol * n;
      const xk = xj + ncol * n;
      for (let e = 0; e < 2; e++) {
        const o = e * dim;
        for (let k = 0; k < n; k++) {
          const pk = s0 + k * sw;
          const f = (dense[o + xj + k] /= red[pk + n + k]);
          if (f === 0) continue;
          for (let q = 0; q < n; q++) dense[o + q] -= f * red[pk + q];
          for (let q = k + 1; q < n; q++) dense[o + xj + q] -= f * red[pk + n + q];
          for (let q = 0; q < n; q++) dense[o + xk + q] -= f * red[pk + 2 * n + q];
          dense[o + nu] -= f * red[pk + 3 * n];
          dense[o + nu + 1] -= f * red[pk + 3 * n + 1];
        }
      }
    }
  }

  /** Eliminates the dense rows with the block factors, then factors the final system, columns X_0, X_NTST, T, lambda (step 3). */
  private finish(): boolean {
    const { n, ntst, dense, dim, sw, carry, fin } = this;
    for (let j = 0; j < ntst; j++) this.condenseDense(j);
    this.reduceDense();
    const nf = 2 * n + 2;
    const last = this.nu - n;
    fin.fill(0);
    for (let r = 0; r < n; r++) {
      for (let q = 0; q < n; q++) {
        fin[r * nf + q] = carry[r * sw + q];
        fin[r * nf + n + q] = carry[r * sw + n + q];
      }
      fin[r * nf + 2 * n] = carry[r * sw + 3 * n];
      fin[r * nf + 2 * n + 1] = carry[r * sw + 3 * n + 1];
      fin[(n + r) * nf + r] = this.per0;
      fin[(n + r) * nf + n + r] = this.perL;
    }
    for (let e = 0; e < 2; e++) {
      const o = e * dim;
      const row = (2 * n + e) * nf;
      for (let q = 0; q < n; q++) {
        fin[row + q] = dense[o + q];
        fin[row + n + q] = dense[o + last + q];
      }
      fin[row + 2 * n] = dense[o + this.nu];
      fin[row + 2 * n + 1] = dense[o + this.nu + 1];
    }
    for (let i = 0; i < nf * nf; i++) if (!Number.isFinite(fin[i])) return false;
    if (!this.finLu.factor(fin)) return false;
    return this.pivot(this.finLu.det()) && this.foldDet();
  }

  /** out = M^-1 rhs with the last factorisation (rhs in residual order: collocation, boundary, phase, border); see ./abd-solve.ts. */
  solve(rhs: Float64Array, out: Float64Array): void {
    abdSolve(this, rhs, out);
  }
}
