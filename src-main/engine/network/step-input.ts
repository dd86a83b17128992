/**
 * The input current seen by one Euler step of the network. A step of forward Euler uses the
 * input's mean over the step, (1/dt) * integral of I over [t_n, t_n + dt): for a window edge on the
 * step grid (up to rounding, as the mean-field driver decides) that is the value of the segment,
 * and for an edge strictly inside a step the time-weighted mean of the values on either side. So a
 * window acts for exactly its length whatever dt, as in the mean-field run (../inputs.ts), and the
 * same segments drive both.
 */
import type { InputSpec } from '@shared/simulation/types';
import { edgesOnSteps, mergeSignals, signalInTime, type EdgesOnSteps, type InputSegments } from '../inputs';

export class StepInput {
  private readonly segs: InputSegments;
  private readonly edges: EdgesOnSteps;
  private seg = 0;

  /** `spec` over [0, tStop) on steps of `dt`. */
  constructor(
    spec: InputSpec,
    private readonly dt: number,
    tStop: number,
  ) {
    this.segs = mergeSignals([signalInTime(spec, dt, tStop)], tStop);
    this.edges = edgesOnSteps(this.segs, dt);
  }

  /** The mean input over step n; n must not decrease from one call to the next. */
  at(n: number): number {
    const { starts, values, count } = this.segs;
    const { step, inside } = this.edges;
    let seg = this.seg;
    while (seg + 1 < count && (step[seg + 1] < n || (step[seg + 1] === n && inside[seg + 1] === 0))) seg++;
    if (seg + 1 < count && step[seg + 1] === n) {
      // Edges strictly inside step n: integrate the pieces.
      let t = n * this.dt;
      let acc = 0;
      while (seg + 1 < count && step[seg + 1] === n) {
        const edge = starts[seg + 1];
        acc += values[seg] * (edge - t);
        t = edge;
        seg++;
      }
      acc += values[seg] * ((n + 1) * this.dt - t);
      this.seg = seg;
      return acc / this.dt;
    }
    this.seg = seg;
    return values[seg];
  }
}
