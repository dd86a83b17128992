/**
 * The output of a run: a time column and one column per state variable, allocated once for the
 * number of samples the run can write. Writing a sample allocates nothing.
 */
import type { Vec } from './compiled-model';

export class SampleColumns {
  written = 0;
  private readonly t: Float64Array;
  private readonly cols: Float64Array[];

  constructor(
    readonly capacity: number,
    n: number,
  ) {
    this.t = new Float64Array(capacity);
    this.cols = Array.from({ length: n }, () => new Float64Array(capacity));
  }

  /** Appends the sample (t, y[0..n-1]). */
  write(t: number, y: Vec): void {
    const w = this.written++;
    this.t[w] = t;
    const cols = this.cols;
    for (let i = 0; i < cols.length; i++) cols[i][w] = y[i];
  }

  /**
   * The columns cut to the samples written. A cut column is a copy (`slice`), so that sending it
   * to another thread does not carry the unused rest of the buffer.
   */
  private cut(col: Float64Array): Float64Array {
    return this.written === this.capacity ? col : col.slice(0, this.written);
  }

  times(): Float64Array {
    return this.cut(this.t);
  }

  columns(): Float64Array[] {
    return this.cols.map((c) => this.cut(c));
  }
}
