/**
 * The branch builder of the generic core: from a start point of any problem (./problem.ts), both
 * directions of pseudo-arclength continuation (./palc.ts, with the problem's data at every point
 * and the bisection of unexplained intervals), then detection and location of the special points
 * and user points of each direction (./detect.ts), mapped onto one list of points along the curve:
 *
 *     backward points (reversed), start, forward points.
 *
 * What the points mean (states, eigenvalues, descriptions) is the caller's: equilibria assemble
 * their Branch from this in ./run.ts. Numerical trouble is data (BranchEnd reasons, unexplained
 * intervals); nothing throws on it.
 */
import type { BranchEnd } from '@shared/continuation/types';
import { detectEvents } from './detect';
import type { Corrector } from './newton';
import { reversed, traceDirection, type DirectionResult, type PalcOptions } from './palc';
import type { Located, TracedPoint, UserPoint } from './problem';

/** A point of the branch with the problem's data there (null when the problem keeps none). */
export interface BranchEntry<D> {
  traced: TracedPoint;
  data: D | null;
}

export interface BranchOptions extends PalcOptions {
  /** Values of unknowns to locate as user points (kind 'UZ'), e.g. { index: paramIndex, value: 0.5 }. */
  userPoints?: readonly UserPoint[];
}

export interface BranchHooks<D> {
  /** Polled before every step; true ends the trace (the direction's end reason is 'cancelled'). */
  isCancelled?(): boolean;
  /** Called after each new point, with the lists so far (for progress and partial results). */
  onPoint?(entry: BranchEntry<D>, lists: { backward: readonly BranchEntry<D>[]; start: BranchEntry<D>; forward: readonly BranchEntry<D>[] }): void;
}

export interface TracedBranch<D> {
  /** Points traced backward from the start, in tracing order (the branch lists them reversed). */
  backward: BranchEntry<D>[];
  start: BranchEntry<D>;
  forward: BranchEntry<D>[];
  /**
   * Special points in order along the branch; `index` is the position, in the order backward
   * (reversed), start, forward, of the point just before the special point.
   */
  special: { located: Located<D>; index: number }[];
  /** Why the branch ended: [backward end, forward end]. */
  ends: [BranchEnd, BranchEnd];
  rejectedSteps: number;
  /** Parameter intervals [lo, hi] whose change the located points do not explain (sorted by lo). */
  unexplained: [number, number][];
}

/** Traces the branch through `start` in both directions and locates its special points (see the file comment). */
export function traceBranch<D>(newton: Corrector<D>, start: TracedPoint, opts: BranchOptions, hooks: BranchHooks<D> = {}): TracedBranch<D> {
  const problem = newton.problem;
  const k = problem.paramIndex;
  const data = problem.pointData === undefined ? undefined : (point: TracedPoint): D => problem.pointData!(point.z);
  const startEntry: BranchEntry<D> = { traced: start, data: data?.(start) ?? null };
  const forward: BranchEntry<D>[] = [];
  const backward: BranchEntry<D>[] = [];
  const lists = { backward, start: startEntry, forward };
  const collect = (list: BranchEntry<D>[]) => (traced: TracedPoint, d: D | null) => {
    const entry = { traced, data: d };
    list.push(entry);
    hooks.onPoint?.(entry, lists);
  };
  const fwd = traceDirection(newton, start, 1, opts, { isCancelled: hooks.isCancelled, data, onPoint: collect(forward) });
  const bwd: DirectionResult =
    fwd.end.reason === 'cancelled'
      ? { points: [], end: { reason: 'cancelled', message: 'cancelled before this direction was traced' }, rejectedSteps: 0, unexplained: [] }
      : traceDirection(newton, start, -1, opts, { isCancelled: hooks.isCancelled, data, onPoint: collect(backward) });

  // Special points per direction (in tracing order from the start), then mapped along the branch.
  const detectOpts = { newtonTol: opts.newtonTol, newtonMaxIter: opts.newtonMaxIter, userPoints: opts.userPoints };
  const special: { located: Located<D>; index: number; order: number }[] = [];
  const unexplained: [number, number][] = [...bwd.unexplained, ...fwd.unexplained].map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
  const nb = backward.length;
  const startB: BranchEntry<D> = { traced: reversed(start), data: startEntry.data };
  for (const [list, sign] of [
    [forward, 1],
    [backward, -1],
  ] as const) {
    const all = [sign === 1 ? startEntry : startB, ...list];
    const det = detectEvents(
      newton,
      all.map((a) => a.traced),
      all.map((a) => a.data),
      detectOpts,
    );
    for (const i of det.unexplained) {
      const [a, b] = [all[i].traced.z[k], all[i + 1].traced.z[k]];
      if (!unexplained.some(([lo, hi]) => lo <= Math.min(a, b) && hi >= Math.max(a, b))) unexplained.push([Math.min(a, b), Math.max(a, b)]);
    }
    for (const located of det.special) {
      // Interval (i, i+1) of this direction lies between branch points nb + i and nb + i + 1 (forward)
      // or nb - i - 1 and nb - i (backward); `order` sorts points within one interval along the branch.
      const index = sign === 1 ? nb + located.index : nb - located.index - 1;
      special.push({ located, index, order: sign === 1 ? located.s : -located.s });
    }
  }
  // A user point exactly at the start ends no interval of either direction.
  for (const up of opts.userPoints ?? []) {
    if (start.z[up.index] !== up.value) continue;
    const located: Located<D> = { kind: 'UZ', index: 0, s: 0, z: start.z, data: startEntry.data, converged: true };
    special.push({ located, index: nb > 0 ? nb - 1 : nb, order: nb > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE });
  }
  special.sort((a, b) => a.index - b.index || a.order - b.order);
  unexplained.sort((x, y) => x[0] - y[0]);
  return {
    backward,
    start: startEntry,
    forward,
    special: special.map(({ located, index }) => ({ located, index })),
    ends: [bwd.end, fwd.end],
    rejectedSteps: fwd.rejectedSteps + bwd.rejectedSteps,
    unexplained,
  };
}
