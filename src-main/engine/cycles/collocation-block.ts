/**
 * One mesh interval's block of the collocation Jacobian of periodic orbits (./cycle-problem.ts):
 * the rows of its NCOL collocation points against its NCOL + 1 mesh values, the period and the
 * parameter, written into the structured solver's block (./abd-factor.ts), with the residual
 * weights of those rows. Row (c, i), column block k: (d_ck delta_il - T a_ck J_il(x_c)) /
 * sqrt(weight_k), where a_ck and d_ck are the Lagrange basis and its derivative at collocation
 * point c (./collocation.ts); the period column is -f_i T_s and the parameter column -T df_i/dlambda.
 * Allocation-free after construction.
 */
import type { CompiledModel } from '../compiled-model';
import type { AbdSolver } from './abd-factor';
import type { Collocation } from './collocation';

/** What the block reads of the problem: mesh widths, square roots of the weights, parameters, period scale. */
export interface BlockSource {
  readonly h: Float64Array;
  readonly sq: Float64Array;
  /** The parameter vector, already holding z's parameter. */
  readonly p: Float64Array;
  readonly nu: number;
  readonly periodScale: number;
}

export class BlockAssembler {
  private readonly xc: Float64Array;
  private readonly fc: Float64Array;
  private readonly jc: Float64Array;
  /** d f / d lambda: the model's column of d f / d p for the parameter, or the whole d f / d p (entry i at i dfdpStride + dfdpOffset). */
  private readonly dfdp: Float64Array;
  private readonly paramColumn: (y: Float64Array, p: Float64Array, out: Float64Array) => void;
  private readonly dfdpStride: number;
  private readonly dfdpOffset: number;
  /** Physical values of the interval's NCOL + 1 mesh values, read once for its NCOL collocation points. */
  private readonly uloc: Float64Array;
  /** 1 / sqrt(weight) of the interval's mesh values, then the two coefficients per value of one row. */
  private readonly kloc: Float64Array;

  constructor(
    private readonly model: CompiledModel,
    private readonly coll: Collocation,
    iP: number,
  ) {
    const n = model.stateNames.length;
    const m1 = coll.ncol + 1;
    this.xc = new Float64Array(n);
    this.fc = new Float64Array(n);
    this.jc = new Float64Array(n * n);
    const column = model.paramColumn?.(iP);
    this.paramColumn = column ?? ((y, q, out) => model.paramJacobian(y, q, out));
    this.dfdpStride = column !== undefined ? 1 : model.paramNames.length;
    this.dfdpOffset = column !== undefined ? 0 : iP;
    this.dfdp = new Float64Array(n * this.dfdpStride);
    this.uloc = new Float64Array(n * m1);
    this.kloc = new Float64Array(3 * m1);
  }

  /** Interval j's block at z into solver.blocks and its rows' weights; false when a derivative is not finite. */
  fill(j: number, z: Float64Array, weight: Float64Array, src: BlockSource, solver: AbdSolver): boolean {
    const { xc, fc, jc, dfdp, uloc, kloc, dfdpStride, dfdpOffset, model } = this;
    const { h, sq, p, nu } = src;
    const { wt, wp, ncol } = this.coll;
    const { blocks, nc, ni, w, n } = solver;
    const m1 = ncol + 1;
    const vScale = src.periodScale;
    const T = z[nu] * vScale;
    const zT = Math.abs(z[nu]);
    const zL = Math.abs(z[nu + 1]);
    const b0 = j * nc * w;
    const hj = h[j];
    for (let k = 0; k <= ncol; k++) {
      const m = j * ncol + k;
      const isq = 1 / sq[m];
      kloc[k] = isq;
      for (let i = 0; i < n; i++) uloc[k * n + i] = z[m * n + i] * isq;
    }
    let finite = true;
    for (let c = 0; c < ncol; c++) {
      for (let i = 0; i < n; i++) {
        let x = 0;
        for (let k = 0; k <= ncol; k++) x += wt[c * m1 + k] * uloc[k * n + i];
        xc[i] = x;
      }
      model.rhs(xc, p, fc);
      model.jacobian(xc, p, jc);
      this.paramColumn(xc, p, dfdp);
      for (let k = 0; k <= ncol; k++) {
        kloc[m1 + k] = wt[c * m1 + k] * T * kloc[k];
        kloc[2 * m1 + k] = (wp[c * m1 + k] / hj) * kloc[k];
      }
      for (let i = 0; i < n; i++) {
        const r = b0 + (c * n + i) * w;
        let s = 0;
        for (let k = 0; k <= ncol; k++) {
          const zk = (j * ncol + k) * n;
          const a = kloc[m1 + k];
          const q = r + (k === 0 ? ni : k === ncol ? ni + n : (k - 1) * n);
          for (let l = 0; l < n; l++) {
            const v = -a * jc[i * n + l];
            blocks[q + l] = v;
          }
          blocks[q + i] += kloc[2 * m1 + k];
          for (let l = 0; l < n; l++) s += Math.abs(blocks[q + l] * z[zk + l]);
        }
        const vT = -fc[i] * vScale;
        const vL = -T * dfdp[i * dfdpStride + dfdpOffset];
        blocks[r + ni + 2 * n] = vT;
        blocks[r + ni + 2 * n + 1] = vL;
        s += Math.abs(vT) * zT + Math.abs(vL) * zL;
        if (!Number.isFinite(s)) finite = false;
        weight[(j * ncol + c) * n + i] = s > 1 ? s : 1;
      }
    }
    return finite;
  }
}
